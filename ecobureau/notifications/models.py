from django.conf import settings
from django.db import models


class Notification(models.Model):
    """A message in someone's in-app inbox (the bell on every page). E-mail and SMS
    copies are delivered through the outbox."""

    class Level(models.TextChoices):
        INFO = "info", "通知"
        DUE_SOON = "due_soon", "临期提醒"
        OVERDUE = "overdue", "超期提醒"
        TASK = "task", "新待办"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    level = models.CharField("类别", max_length=10, choices=Level, default=Level.INFO)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "站内消息"
        verbose_name_plural = "站内消息"
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["recipient", "-created_at"],
                name="notification_unread",
                condition=models.Q(read_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """A copy of a message sent outside the platform (e-mail or SMS), written by the
    outbox worker in the same transaction that marks its outbox row done."""

    class Channel(models.TextChoices):
        EMAIL = "email", "电子邮件"
        SMS = "sms", "短信"

    channel = models.CharField(max_length=10, choices=Channel)
    outbox_id = models.BigIntegerField(unique=True)
    recipient_id = models.BigIntegerField(null=True)
    address_hint = models.CharField("地址（脱敏）", max_length=40)
    sent_at = models.DateTimeField(auto_now_add=True)
    provider_reference = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = "外发记录"
        verbose_name_plural = "外发记录"

    def __str__(self) -> str:
        return f"{self.channel} → {self.address_hint}"
