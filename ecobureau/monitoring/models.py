"""Online monitoring (自动监控): instruments and their filings, the data they send,
exceedance episodes, anomalies and the clues (线索) both become.

The three data tables (`Frame`, `Reading`, `SummaryReading`) are written only by
the HJ 212 gateway's group commit and are created by migration 0002 themselves
(monthly partitions on PostgreSQL, plain tables on SQLite), so their models are
unmanaged. Each row's key is the unique key of the data it holds: a packet sent
again is stored once.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models

from ecobureau.casework.models import CaseModel
from ecobureau.core.models import TimeStampedModel

PASSWORD_LENGTH = 6  # HJ 212-2017 Table 3: PW is 9 characters with "PW=", so 6


class Operator(TimeStampedModel):
    """A contractor running automatic monitoring facilities as a service
    (自动监控设施社会化运营单位, requirements D16)."""

    name = models.CharField("单位名称", max_length=120, unique=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    contact_name = models.CharField("联系人", max_length=40, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "运营单位"
        verbose_name_plural = "运营单位"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Instrument(TimeStampedModel):
    """A data acquisition instrument (数采仪) at an outlet, known by its MN.

    The gateway accepts data only from an active instrument whose MN and
    password (PW) match. The password is kept as a salted SHA-256: instruments
    send it in clear in every packet, so a slow hash would protect little and
    would cost every reconnect of a thousand instruments after a restart.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", "在用"
        RETIRED = "retired", "停用"

    class Link(models.TextChoices):
        NEVER = "never", "未联网"
        ONLINE = "online", "在线"
        OFFLINE = "offline", "离线"

    mn = models.CharField("设备唯一标识MN", max_length=64, unique=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        on_delete=models.PROTECT,
        related_name="instruments",
    )
    outlet = models.ForeignKey(
        "enterprises.Outlet",
        verbose_name="排放口",
        on_delete=models.PROTECT,
        related_name="instruments",
    )
    name = models.CharField("设施名称", max_length=80, blank=True)
    vendor = models.CharField("生产厂家", max_length=80, blank=True)
    model_name = models.CharField("型号", max_length=60, blank=True)
    system_code = models.CharField(
        "系统编码ST", max_length=5, default="32", help_text="32 废水，31 废气"
    )
    operator = models.ForeignKey(
        Operator,
        verbose_name="运营单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="instruments",
    )
    installed_on = models.DateField("安装日期", null=True, blank=True)
    accepted_on = models.DateField("验收日期", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=Status, default=Status.ACTIVE
    )
    password_salt = models.CharField(max_length=32, blank=True, editable=False)
    password_hash = models.CharField(max_length=64, blank=True, editable=False)
    link = models.CharField("联网状态", max_length=10, choices=Link, default=Link.NEVER)
    last_seen_at = models.DateTimeField("最近收到数据", null=True, blank=True)
    link_changed_at = models.DateTimeField("状态变化时间", null=True, blank=True)
    # Evaluation watermark: hours before this were checked for exceedances and
    # anomalies (the evaluation job claims the next hours with a conditional
    # update on this column).
    evaluated_until = models.DateTimeField(null=True, blank=True, editable=False)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "自动监控设施"
        verbose_name_plural = "自动监控设施"
        ordering = ["enterprise", "outlet", "mn"]
        permissions = [
            ("manage_instruments", "可登记和维护自动监控设施"),
            ("view_monitoring_data", "可查看自动监控数据"),
        ]
        indexes = [
            models.Index(fields=["status", "link"], name="instrument_status_link"),
        ]

    def __str__(self) -> str:
        return self.mn

    @property
    def has_password(self) -> bool:
        return bool(self.password_hash)

    def set_password(self, password: str) -> None:
        self.password_salt = secrets.token_hex(8)
        self.password_hash = password_digest(self.password_salt, password)

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and hmac.compare_digest(
            self.password_hash, password_digest(self.password_salt, password)
        )


def password_digest(salt: str, password: str) -> str:
    return hashlib.sha256(f"{salt}:{password}".encode()).hexdigest()


def new_password() -> str:
    """Six characters from digits and capital letters without look-alikes."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(PASSWORD_LENGTH))


class LinkEvent(models.Model):
    """An instrument went offline (data stopped) or came back (在线/离线记录)."""

    class Kind(models.TextChoices):
        OFFLINE = "offline", "离线报警"
        ONLINE = "online", "恢复在线"

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="link_events"
    )
    kind = models.CharField("事件", max_length=10, choices=Kind)
    at = models.DateTimeField("时间")
    last_seen_at = models.DateTimeField("最近收到数据", null=True, blank=True)

    class Meta:
        verbose_name = "联网状态记录"
        verbose_name_plural = "联网状态记录"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.instrument} {self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


# --- Data written by the gateway (tables created by migration 0002) ----------------


class Frame(models.Model):
    """A packet as received, beside the values decoded from it, so a decoder fix
    can be replayed (`hj212 replay`). One row per (instrument, command, data
    time, sub-packet): a resent packet is stored once."""

    pk = models.CompositePrimaryKey("instrument", "cn", "data_time", "pno")
    instrument = models.ForeignKey(
        Instrument, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    cn = models.PositiveSmallIntegerField("命令编码")
    data_time = models.DateTimeField("数据时间")
    pno = models.PositiveSmallIntegerField("包号", default=0)
    qn = models.CharField("请求编码", max_length=20, null=True)
    raw = models.TextField("原始报文")
    received_at = models.DateTimeField("接收时间")
    peer = models.CharField("来源地址", max_length=64)

    class Meta:
        managed = False
        db_table = "monitoring_frame"
        verbose_name = "原始报文"
        verbose_name_plural = "原始报文"

    def __str__(self) -> str:
        return f"{self.cn} {self.data_time:%Y-%m-%d %H:%M:%S}"


class ReadingBase(models.Model):
    pk = models.CompositePrimaryKey(
        "instrument", "code", "cn", "data_time", "pno", "field"
    )
    instrument = models.ForeignKey(
        Instrument, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    code = models.CharField("污染物编码", max_length=20)
    cn = models.PositiveSmallIntegerField("命令编码")
    data_time = models.DateTimeField("数据时间")
    pno = models.PositiveSmallIntegerField("包号", default=0)
    field = models.CharField("字段", max_length=12)
    value = models.FloatField("数值", null=True)
    text = models.CharField("文本值", max_length=1000, null=True)
    flag = models.CharField("数据标记", max_length=4)
    received_at = models.DateTimeField("接收时间")

    class Meta:
        abstract = True


class Reading(ReadingBase):
    """Real-time (2011), running-state (2021) and minute (2051) values: the high
    volume, kept for `HJ212_DETAIL_RETENTION_MONTHS`."""

    class Meta:
        managed = False
        db_table = "monitoring_reading"
        verbose_name = "实时和分钟数据"
        verbose_name_plural = "实时和分钟数据"

    def __str__(self) -> str:
        return f"{self.code}-{self.field} {self.data_time:%Y-%m-%d %H:%M:%S}"


class SummaryReading(ReadingBase):
    """Hourly (2061), daily (2031) and every other upload's values (2041, 2081,
    3020 …): fewer rows, kept for `HJ212_SUMMARY_RETENTION_MONTHS`."""

    class Meta:
        managed = False
        db_table = "monitoring_summary"
        verbose_name = "小时和日数据"
        verbose_name_plural = "小时和日数据"

    def __str__(self) -> str:
        return f"{self.code}-{self.field} {self.data_time:%Y-%m-%d %H:%M:%S}"


class RejectedFrame(models.Model):
    """A piece of a stream the gateway did not store as data: malformed, a bad
    CRC, an unknown MN or a wrong password. Kept (bounded by the gateway's rate
    limit and the retention job) for diagnosis and for `hj212 replay --rejected`
    after a decoder fix."""

    class Reason(models.TextChoices):
        DECODE = "decode", "报文无法解析"
        UNKNOWN_MN = "unknown_mn", "未登记的MN"
        BAD_PASSWORD = "bad_password", "密码错误"
        RETIRED = "retired", "设施已停用"
        NO_DATA_TIME = "no_data_time", "缺少数据时间"

    received_at = models.DateTimeField("接收时间", db_index=True)
    peer = models.CharField("来源地址", max_length=64)
    reason = models.CharField("原因", max_length=20, choices=Reason)
    status = models.CharField("解析结果", max_length=12)
    error = models.CharField("说明", max_length=300)
    mn = models.CharField("MN", max_length=64, blank=True, db_index=True)
    cn = models.CharField("CN", max_length=4, blank=True)
    raw = models.BinaryField("原始字节")
    replayed_at = models.DateTimeField("重放入库时间", null=True, blank=True)

    class Meta:
        verbose_name = "未入库报文"
        verbose_name_plural = "未入库报文"
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return (
            f"{self.get_reason_display()} {self.mn} {self.received_at:%Y-%m-%d %H:%M}"
        )


class GatewayState(models.Model):
    """What each running gateway process reports every few seconds: shown on the
    monitoring dashboard so staff can see the listeners are alive."""

    name = models.CharField("网关", max_length=80, unique=True)
    started_at = models.DateTimeField("启动时间")
    beat_at = models.DateTimeField("最近心跳")
    connections = models.PositiveIntegerField("当前连接数", default=0)
    counters = models.JSONField("计数", default=dict)

    class Meta:
        verbose_name = "数据网关"
        verbose_name_plural = "数据网关"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# --- Exceedances, anomalies, clues ----------------------------------------------------


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


class Filing(CaseModel):
    """自动监控设施安装及变更备案 (seed 000 其他行政权力 2; requirements A11): a
    key discharger files the installation or change of its automatic monitoring
    equipment within 5 working days of acceptance, with the acceptance report
    and opinion; the enforcement team or a sub-bureau decides the same day."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "待办理"
        FILED = "filed", "已备案"
        RETURNED = "returned", "已退回"

    class Kind(models.TextChoices):
        INSTALL = "install", "新建安装"
        CHANGE = "change", "变更（更新、更换）"

    number = models.CharField("备案编号", max_length=20, unique=True)
    kind = models.CharField("备案类型", max_length=10, choices=Kind)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        on_delete=models.PROTECT,
        related_name="+",
    )
    outlet = models.ForeignKey(
        "enterprises.Outlet",
        verbose_name="排放口",
        on_delete=models.PROTECT,
        related_name="+",
    )
    instrument = models.ForeignKey(
        Instrument,
        verbose_name="设施",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="filings",
    )
    mn = models.CharField("设备唯一标识MN", max_length=64)
    vendor = models.CharField("生产厂家", max_length=80)
    model_name = models.CharField("型号", max_length=60)
    operator_name = models.CharField("运营单位", max_length=120, blank=True)
    description = models.TextField("安装或变更内容")
    accepted_on = models.DateField("验收日期")
    due_on = models.DateField("应备案日期", help_text="验收后5个工作日内")
    late = models.BooleanField("逾期备案", default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField("提交时间")
    opinion = models.TextField("办理意见", blank=True)
    decided_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        verbose_name = "自动监控设施备案"
        verbose_name_plural = "自动监控设施备案"
        ordering = ["-submitted_at", "-pk"]
        permissions = [("decide_filings", "可办理自动监控设施备案")]

    def __str__(self) -> str:
        return f"{self.number} {self.get_kind_display()}备案"


# --- Drone patrols (无人机巡查, requirements A74) ------------------------------------


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


# --- Permitted totals and discharge flags (requirements D14) ------------------------


class DischargeAllowance(TimeStampedModel):
    """What a discharge permit allows for one pollutant: the yearly permitted
    total (许可排放量, t/a) and the discharge method (排放方式), kept beside the
    permit the enterprises module stores (`enterprises.Permit`, kind 排污许可证).
    Seed 003 (十三): 禁止无证或超量排污并将排放方式和排放总量公开."""

    class Method(models.TextChoices):
        CONTINUOUS = "continuous", "连续排放"
        INTERMITTENT = "intermittent", "间歇排放"

    class Route(models.TextChoices):
        DIRECT = "direct", "直接排放"
        INDIRECT = "indirect", "间接排放（进入污水处理厂）"
        ATMOSPHERE = "atmosphere", "有组织排放至大气"

    permit = models.ForeignKey(
        "enterprises.Permit",
        verbose_name="排污许可证",
        on_delete=models.CASCADE,
        related_name="+",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        on_delete=models.CASCADE,
        related_name="+",
    )
    pollutant_code = models.CharField("污染物编码", max_length=20)
    pollutant_name = models.CharField("污染物", max_length=40)
    yearly_tonnes = models.DecimalField(
        "年许可排放量（吨）", max_digits=14, decimal_places=4
    )
    method = models.CharField("排放方式", max_length=12, choices=Method)
    route = models.CharField("排放去向", max_length=12, choices=Route)
    receiving = models.CharField("受纳水体或排放去向说明", max_length=120, blank=True)

    class Meta:
        verbose_name = "许可排放量"
        verbose_name_plural = "许可排放量"
        ordering = ["enterprise", "pollutant_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["permit", "pollutant_code"], name="allowance_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pollutant_name} {self.yearly_tonnes} t/a"


class DischargeFlag(TimeStampedModel):
    """An enterprise flagged by the daily check: discharging (data received)
    without a valid discharge permit, or above its permitted yearly total of a
    pollutant (the actual total computed from the monitoring data). One flag per
    enterprise, kind, year and pollutant; it opens one clue."""

    class Kind(models.TextChoices):
        NO_PERMIT = "no_permit", "无证排污"
        OVER_TOTAL = "over_total", "超许可排放量"

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField("类型", max_length=12, choices=Kind)
    year = models.PositiveSmallIntegerField("年度")
    pollutant_code = models.CharField("污染物编码", max_length=20, blank=True)
    pollutant_name = models.CharField("污染物", max_length=40, blank=True)
    actual_tonnes = models.DecimalField(
        "实际排放量（吨）", max_digits=16, decimal_places=4, null=True, blank=True
    )
    permitted_tonnes = models.DecimalField(
        "许可排放量（吨）", max_digits=14, decimal_places=4, null=True, blank=True
    )
    detail = models.CharField("情况", max_length=300)
    detected_at = models.DateTimeField("发现时间")

    class Meta:
        verbose_name = "无证或超量排污"
        verbose_name_plural = "无证或超量排污"
        ordering = ["-detected_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "kind", "year", "pollutant_code"],
                name="discharge_flag_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} {self.pollutant_name}"
