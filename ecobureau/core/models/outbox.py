from django.db import models


class OutboxMessage(models.Model):
    """An effect that must happen, written in the caller's transaction.

    The task backend never retries and a killed worker leaves its task running, so
    the task only delivers what this table holds: it claims a row with a
    conditional update, performs the effect and marks the row done; the sweep
    (`deliver_outbox`) hands out again what is still pending or whose claim has
    expired. `dedupe_key` stops one effect being queued twice.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "待发送"
        CLAIMED = "claimed", "发送中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    kind = models.CharField("类型", max_length=60)
    payload = models.JSONField("内容")
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    available_at = models.DateTimeField("可发送时间")
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "待执行事务"
        verbose_name_plural = "待执行事务"
        indexes = [
            models.Index(
                fields=["status", "available_at"],
                name="outbox_pending",
                condition=models.Q(status__in=["pending", "claimed"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.status}"
