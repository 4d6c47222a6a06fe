from django.db import models
from django.utils.translation import gettext_noop

from ecobureau.casework.models import CaseModel

from .forecasts import Forecast
from .stations import City


class Warning(CaseModel):
    """A heavy-pollution weather warning (重污染天气预警): proposed when a
    published forecast meets the grading in force (环大气〔2024〕6号, the
    `warning` rule) with that evidence, approved in order (承办→审核→批准),
    published, and lifted when air quality improves below yellow for more
    than 36 hours."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", gettext_noop("预警建议")
        SUBMITTED = "submitted", gettext_noop("审批中")
        PUBLISHED = "published", gettext_noop("已发布")
        LIFTED = "lifted", gettext_noop("已解除")
        DISMISSED = "dismissed", gettext_noop("不予发布")

    class Level(models.TextChoices):
        YELLOW = "yellow", gettext_noop("黄色预警")
        ORANGE = "orange", gettext_noop("橙色预警")
        RED = "red", gettext_noop("红色预警")

    class Kind(models.TextChoices):
        # The response differs by pollutant (环大气〔2024〕6号): emission cuts
        # under the emergency plans apply to PM2.5 episodes only.
        PARTICULATE = "particulate", "颗粒物（PM2.5/PM10）污染"
        OZONE = "ozone", "臭氧污染"
        OTHER = "other", "其他（沙尘等）"

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="warnings")
    level = models.CharField("预警级别", max_length=8, choices=Level)
    kind = models.CharField("污染类型", max_length=12, choices=Kind)
    forecast = models.ForeignKey(
        Forecast,
        verbose_name="依据预报",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="warnings",
    )
    rule_version = models.CharField("分级依据", max_length=40)
    evidence = models.JSONField("依据", default=dict)
    starts_on = models.DateField("预计开始")
    ends_on = models.DateField("预计结束")
    proposal_note = models.TextField("建议说明", blank=True)
    dismiss_reason = models.TextField("不予发布理由", blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    lift_reason = models.TextField("解除理由", blank=True)
    lifted_at = models.DateTimeField("解除时间", null=True, blank=True)

    class Meta:
        verbose_name = "重污染天气预警"
        verbose_name_plural = "重污染天气预警"
        ordering = ["-created_at"]
        permissions = [("manage_warning", "可提出、发布和解除重污染天气预警")]
        constraints = [
            # One warning at a time per city: a change of level lifts the one
            # in force and publishes the new one.
            models.UniqueConstraint(
                fields=["city"],
                condition=models.Q(status="published"),
                name="air_one_published_warning_per_city",
            ),
        ]

    @property
    def status_label(self) -> str:
        return self.Status(self.status).label if self.status else "—"

    def __str__(self) -> str:
        return (
            f"{self.city.name}{self.get_level_display()}（{self.starts_on:%m月%d日}起）"
        )

    @property
    def colour(self) -> str:
        return {"yellow": "#FFD400", "orange": "#FF7E00", "red": "#FF0000"}[self.level]
