"""The stored unit assessment (单位考核结果). The figures themselves are not stored:
they are read live from the owning modules (selectors.py)."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from ecobureau.core.models import TimeStampedModel


class Assessment(TimeStampedModel):
    """One confirmed monthly ranking or quarterly assessment of the units, as the
    leader confirmed it: the scheme used and every unit's facts and score are kept
    as they were, so a later correction of a complaint does not rewrite history."""

    class Kind(models.TextChoices):
        MONTH = "month", "月度排名"
        QUARTER = "quarter", "季度考核"

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "已确认"
        PUBLISHED = "published", "已公布"

    kind = models.CharField("类型", max_length=10, choices=Kind)
    period_start = models.DateField("期间开始")
    period_end = models.DateField("期间结束（含）")
    status = models.CharField(
        "状态", max_length=12, choices=Status, default=Status.CONFIRMED
    )
    scheme = models.JSONField("考核指标与权重", default=dict)
    rows = models.JSONField("各单位结果", default=list)
    note = models.TextField("说明", blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("确认时间")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="公布人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField("公布时间", null=True, blank=True)

    class Meta:
        verbose_name = "单位考核结果"
        verbose_name_plural = "单位考核结果"
        ordering = ["-period_start", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "period_start"], name="leadership_one_per_period"
            )
        ]
        permissions = [
            ("view_leadership", "查看领导视图"),
            ("confirm_assessment", "确认单位考核结果"),
            ("publish_assessment", "公布单位考核结果"),
        ]

    def __str__(self) -> str:
        return f"{self.title}"

    @property
    def title(self) -> str:
        if self.kind == self.Kind.MONTH:
            return f"{self.period_start:%Y年%m月}单位月度排名"
        quarter = (self.period_start.month - 1) // 3 + 1
        return f"{self.period_start.year}年第{quarter}季度单位考核"

    def get_absolute_url(self) -> str:
        return reverse("leadership:assessment-detail", args=[self.pk])
