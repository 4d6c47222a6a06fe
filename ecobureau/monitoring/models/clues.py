"""Exceedance episodes, anomalies (with their configurable rules) and the
clues (线索) both become."""

from django.conf import settings
from django.db import models

from ecobureau.casework.models import CaseModel
from ecobureau.core.models import TimeStampedModel

from .instruments import Instrument


class Exceedance(TimeStampedModel):
    """An exceedance episode (超标时段): consecutive hours whose hourly average
    was above the hourly limit, judged on the converted value (ZsAvg) where the
    limit is on it. Hours flagged F, M, S, D, C, B … are not exceedances; T is.
    `minor` holds the pre-check against minor-violation item 3 (seed 000)."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="exceedances"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="+"
    )
    outlet = models.ForeignKey(
        "enterprises.Outlet", on_delete=models.PROTECT, related_name="+"
    )
    limit = models.ForeignKey(
        "enterprises.EmissionLimit",
        verbose_name="排放限值",
        on_delete=models.PROTECT,
        related_name="+",
    )
    code = models.CharField("污染物编码", max_length=20)
    pollutant_name = models.CharField("污染物", max_length=40)
    unit = models.CharField("单位", max_length=20)
    field = models.CharField("判定字段", max_length=12, help_text="Avg 或 ZsAvg")
    limit_value = models.DecimalField("小时限值", max_digits=14, decimal_places=4)
    started_at = models.DateTimeField("开始时间")
    ended_at = models.DateTimeField("结束时间", help_text="最后一个超标小时的结束")
    hours = models.PositiveIntegerField("超标小时数")
    max_value = models.DecimalField("最大小时均值", max_digits=18, decimal_places=4)
    max_multiple = models.DecimalField("最大超标倍数", max_digits=10, decimal_places=4)
    saturated = models.BooleanField("含超量程(T)小时", default=False)
    ongoing = models.BooleanField("持续中", default=True)
    minor_eligible = models.BooleanField("符合轻微违法第3项初判", default=False)
    minor = models.JSONField("轻微违法初判", default=dict)

    class Meta:
        verbose_name = "超标时段"
        verbose_name_plural = "超标时段"
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "code", "started_at"],
                name="exceedance_unique_start",
            ),
        ]
        indexes = [
            models.Index(fields=["enterprise", "-started_at"], name="exceed_ent"),
        ]

    def __str__(self) -> str:
        return f"{self.pollutant_name}超标 {self.started_at:%Y-%m-%d %H:%M}"


class AnomalyRule(models.Model):
    """One configurable anomaly rule (异常数据研判规则) and the reason it
    suggests tampering or failure, shown with every anomaly it finds."""

    class Kind(models.TextChoices):
        FLAT_LINE = "flat_line", "数据长时间恒定不变"
        ZERO_RUNNING = "zero_running", "生产期间浓度为零"
        NEAR_LIMIT_DROP = "near_limit_drop", "骤降至略低于限值"
        MISSING_DATA = "missing_data", "数据缺失"
        FLAG_PATTERN = "flag_pattern", "数据标记异常"
        CLOCK_DRIFT = "clock_drift", "数采仪时钟偏差"

    kind = models.CharField("规则", max_length=20, choices=Kind, unique=True)
    enabled = models.BooleanField("启用", default=True)
    params = models.JSONField("参数", default=dict)
    reason = models.TextField("研判依据")
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "异常研判规则"
        verbose_name_plural = "异常研判规则"
        ordering = ["kind"]
        permissions = [("manage_anomaly_rules", "可修改异常研判规则")]

    def __str__(self) -> str:
        return self.get_kind_display()


class Anomaly(TimeStampedModel):
    """A stretch of data an anomaly rule flagged, with the rule's reason and the
    parameters it ran with."""

    kind = models.CharField("规则", max_length=20, choices=AnomalyRule.Kind)
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="anomalies"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="+"
    )
    outlet = models.ForeignKey(
        "enterprises.Outlet", on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField("污染物编码", max_length=20, blank=True)
    started_at = models.DateTimeField("开始时间")
    ended_at = models.DateTimeField("结束时间")
    detail = models.CharField("情况", max_length=300)
    reason = models.TextField("研判依据")
    params = models.JSONField("规则参数", default=dict)

    class Meta:
        verbose_name = "异常数据"
        verbose_name_plural = "异常数据"
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "instrument", "code", "started_at"],
                name="anomaly_unique_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d %H:%M}"


class Clue(CaseModel):
    """A non-site enforcement clue (在线数据线索, requirements E8): an exceedance
    or an anomaly pushed to the enforcement workbench, a drone patrol finding
    (A74) or a discharge without a valid permit or above the permitted total
    (D14) — all sorted alike. An officer dismisses it
    with a reason, or marks it for an inspection or a case; the enforcement
    module links the inspection or case it opens (nullable until it exists)."""

    class Status(models.TextChoices):
        NEW = "new", "待研判"
        DISMISSED = "dismissed", "已排除"
        REFERRED = "referred", "已转现场执法"

    class Source(models.TextChoices):
        EXCEEDANCE = "exceedance", "超标"
        ANOMALY = "anomaly", "异常"
        DRONE = "drone", "无人机巡查"
        PERMIT = "permit", "无证或超量排污"

    class Referral(models.TextChoices):
        NONE = "", "—"
        INSPECTION = "inspection", "现场检查"
        CASE = "case", "立案调查"

    number = models.CharField("线索编号", max_length=20, unique=True)
    source = models.CharField("来源", max_length=12, choices=Source)
    # Empty only for a drone finding whose discharger is not yet known.
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Empty for drone findings and permit flags, which come from no instrument.
    instrument = models.ForeignKey(
        Instrument,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="clues",
    )
    exceedance = models.OneToOneField(
        Exceedance,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="clue",
    )
    anomaly = models.OneToOneField(
        Anomaly, null=True, blank=True, on_delete=models.PROTECT, related_name="clue"
    )
    drone_finding = models.OneToOneField(
        "DroneFinding",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="clue",
    )
    discharge_flag = models.OneToOneField(
        "DischargeFlag",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="clue",
    )
    title = models.CharField("线索", max_length=200)
    detected_at = models.DateTimeField("发现时间")
    decision_reason = models.TextField("研判意见", blank=True)
    referral = models.CharField("转办方式", max_length=12, choices=Referral, blank=True)
    decided_at = models.DateTimeField("研判时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="研判人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The inspection or case opened from this clue (enforcement module), as a
    # casework target: "enforcement.inspection" and its id.
    linked_type = models.CharField("关联执法事项类型", max_length=60, blank=True)
    linked_id = models.BigIntegerField("关联执法事项编号", null=True, blank=True)

    class Meta:
        verbose_name = "在线数据线索"
        verbose_name_plural = "在线数据线索"
        ordering = ["-detected_at", "-pk"]
        permissions = [("decide_clues", "可研判在线数据线索")]
        indexes = [
            models.Index(fields=["status", "-detected_at"], name="clue_status"),
            models.Index(fields=["district", "-detected_at"], name="clue_district"),
            models.Index(fields=["unit", "-detected_at"], name="clue_unit"),
            models.Index(fields=["-detected_at"], name="clue_detected"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"
