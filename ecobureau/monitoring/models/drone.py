"""Drone patrols (无人机巡查, requirements A74)."""

from django.conf import settings
from django.db import models

from ecobureau.core.models import TimeStampedModel


class DroneFlight(TimeStampedModel):
    """One drone patrol flight (无人机巡查航次): non-site enforcement beside the
    online data (seed 000 与企业互动（十）“强化无人机巡查、在线监控等非现场监督执法
    力度”; seed 004 “充分运用重点排污单位自动监控和无人机等手段”). The footage
    and images are casework attachments of the flight; each finding becomes a clue
    in the same list and workflow as the online-data clues."""

    number = models.CharField("航次编号", max_length=20, unique=True)
    started_at = models.DateTimeField("起飞时间")
    ended_at = models.DateTimeField("降落时间")
    area_name = models.CharField("巡查区域", max_length=120)
    # GeoJSON in WGS-84: a LineString (the route flown) or a Polygon (the area
    # covered), checked by services.drone.check_route.
    route = models.JSONField("航线或区域（GeoJSON）")
    pilot = models.CharField("飞手", max_length=40)
    aircraft = models.CharField("机型及编号", max_length=80)
    purpose = models.CharField("巡查任务", max_length=200, blank=True)
    weather = models.CharField("天气", max_length=60, blank=True)
    note = models.TextField("备注", blank=True)
    district = models.ForeignKey(
        "core.Division",
        verbose_name="区县",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": 2},
    )
    township = models.ForeignKey(
        "core.Division",
        verbose_name="乡镇街道",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="执行单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "无人机巡查航次"
        verbose_name_plural = "无人机巡查航次"
        ordering = ["-started_at", "-pk"]
        permissions = [("record_drone_flights", "可登记无人机巡查航次和发现")]
        indexes = [
            models.Index(fields=["district", "-started_at"], name="drone_district"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.area_name}"

    @property
    def minutes(self) -> int:
        return int((self.ended_at - self.started_at).total_seconds() // 60)


class DroneFinding(TimeStampedModel):
    """A problem seen from the air (疑似偷排、露天焚烧、扬尘、违规堆放 …), with its
    location and images (attachments of the finding); it opens one clue."""

    class Kind(models.TextChoices):
        DISCHARGE = "discharge", "疑似偷排漏排"
        SMOKE = "smoke", "异常烟气排放"
        BURNING = "burning", "露天焚烧"
        DUST = "dust", "扬尘污染"
        WASTE = "waste", "固体废物违规堆放"
        FACILITY = "facility", "治污设施未运行"
        OTHER = "other", "其他"

    flight = models.ForeignKey(
        DroneFlight, on_delete=models.PROTECT, related_name="findings"
    )
    kind = models.CharField("问题类型", max_length=12, choices=Kind)
    description = models.TextField("情况描述")
    seen_at = models.DateTimeField("发现时间")
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="涉及企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "无人机巡查发现"
        verbose_name_plural = "无人机巡查发现"
        ordering = ["flight", "seen_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.seen_at:%Y-%m-%d %H:%M}"
