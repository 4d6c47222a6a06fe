"""Facility failures reported by the enterprise (requirements A98)."""

from django.conf import settings
from django.db import models

from ecobureau.core.models import TimeStampedModel


class FacilityFailure(TimeStampedModel):
    """An enterprise's report of a sudden failure of a pollution-control facility
    (污染防治设施突发故障报告; seed 000 轻微违法清单第4项 "因突发故障等非主观故意因素
    导致污染防治设施不正常运行，24小时内报告并采取停、限产或其他有效措施减少污染物排放,
    并有效组织维修的"; requirements A98). `reported_at` is the server's time of
    receipt, never typed; the report explains monitoring anomalies, exceedance
    episodes and clues whose time overlaps the failure."""

    class Measure(models.TextChoices):
        STOP = "stop", "停产"
        LIMIT = "limit", "限产"
        OTHER = "other", "其他有效措施"

    number = models.CharField("报告编号", max_length=20, unique=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        on_delete=models.PROTECT,
        related_name="+",
    )
    outlet = models.ForeignKey(
        "enterprises.Outlet",
        verbose_name="排放口",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    facility = models.CharField("污染防治设施", max_length=120)
    cause = models.TextField("故障情况及原因")
    began_at = models.DateTimeField("故障发生时间")
    measures = models.JSONField("采取的措施", default=list)
    measures_note = models.TextField("措施说明", blank=True)
    repair = models.TextField("组织维修情况", blank=True)
    ended_at = models.DateTimeField("故障排除时间", null=True, blank=True)
    reported_at = models.DateTimeField("报告接收时间", db_index=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报告人",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "污染防治设施故障报告"
        verbose_name_plural = "污染防治设施故障报告"
        ordering = ["-began_at", "-pk"]
        indexes = [
            models.Index(fields=["enterprise", "-began_at"], name="failure_ent"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.facility}故障"

    @property
    def report_hours(self) -> float:
        """Hours from the failure's beginning to the report's receipt."""
        return (self.reported_at - self.began_at).total_seconds() / 3600

    def measure_labels(self) -> list[str]:
        return [self.Measure(code).label for code in self.measures]
