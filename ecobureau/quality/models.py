"""Tables of environmental quality and targets: surface-water sections with their
yearly assessment targets and their samples by parameter, drinking-water sources
(sections flagged as such), import batches, and emission totals against the
reduction targets assigned to each district (requirements X2, X3)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop, pgettext

from ecobureau.core.models import Division

from . import drinking
from . import water_class as wc

# Class choices of GB 3838—2002 (targets: I..V; results may also be 劣V).
TARGET_CHOICES = [(c, f"{c}类") for c in wc.TARGETS]
# Table 1 items (water_class) and the Table 2 items of drinking-water sources.
PARAMETER_CHOICES = [(key, drinking.ALL_NAMES[key]) for key in drinking.ALL_KEYS]


class Section(models.Model):
    """A surface-water monitoring section (断面) or lake/reservoir point (点位)."""

    class Level(models.TextChoices):
        NATIONAL = "national", gettext_noop("国考")
        PROVINCIAL = "provincial", gettext_noop("省考")
        CITY = "city", gettext_noop("市考")

    class WaterBody(models.TextChoices):
        RIVER = wc.RIVER, gettext_noop("河流")
        LAKE = wc.LAKE, gettext_noop("湖库")

    code = models.CharField("断面编码", max_length=30, unique=True)
    name = models.CharField("断面名称", max_length=80)
    river = models.CharField("所在水体", max_length=80, blank=True)
    level = models.CharField("考核级别", max_length=12, choices=Level)
    water_body = models.CharField("水体类型", max_length=8, choices=WaterBody)
    district = models.ForeignKey(
        Division,
        verbose_name="所在区县",
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_drinking_source = models.BooleanField(
        "集中式饮用水水源地", default=False,
        help_text="县级及以上集中式生活饮用水水源地的监测断面或点位。",
    )  # fmt: skip
    is_demo = models.BooleanField("示例数据", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "监测断面"
        verbose_name_plural = "监测断面"
        ordering = ["code"]
        permissions = [
            ("view_quality", "可查看环境质量统计与目标考核"),
            ("manage_quality", "可录入断面、监测数据、目标与排放量"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_level_display()}）"

    def get_absolute_url(self) -> str:
        return reverse("quality:section-detail", args=[self.pk])


class SectionTarget(models.Model):
    """The class a section must meet in a year (断面考核目标)."""

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField("年度")
    target = models.CharField("目标类别", max_length=3, choices=TARGET_CHOICES)

    class Meta:
        verbose_name = "断面考核目标"
        verbose_name_plural = "断面考核目标"
        constraints = [
            models.UniqueConstraint(
                fields=["section", "year"], name="quality_one_target_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.section.name} {self.year}年 {self.target}类"


class ImportBatch(models.Model):
    """One imported workbook, written all or nothing."""

    class Kind(models.TextChoices):
        SAMPLES = "samples", "水质监测数据"
        EMISSIONS = "emissions", "排放量"
        NOISE = "noise", "声环境监测结果"
        WASTE = "waste", "危险废物产生与处置"
        CITIES = "cities", "外市通报数据"

    kind = models.CharField("类型", max_length=12, choices=Kind)
    file_name = models.CharField("文件名", max_length=200)
    sha256 = models.CharField("文件摘要", max_length=64)
    rows = models.PositiveIntegerField("行数")
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        verbose_name = "导入批次"
        verbose_name_plural = "导入批次"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name}"


class Sample(models.Model):
    """One sampling of a section on a day (manual or an automatic station's
    daily value); its values are the Measurements."""

    class Source(models.TextChoices):
        MANUAL = "manual", gettext_noop("手工监测")
        AUTO = "auto", gettext_noop("自动站")

    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="samples"
    )
    sampled_on = models.DateField("采样日期")
    source = models.CharField(
        "来源", max_length=8, choices=Source, default=Source.MANUAL
    )
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "水质样品"
        verbose_name_plural = "水质样品"
        constraints = [
            models.UniqueConstraint(
                fields=["section", "sampled_on", "source"],
                name="quality_one_sample_per_day_source",
            )
        ]
        indexes = [
            models.Index(fields=["section", "sampled_on"], name="quality_sample_day")
        ]

    def __str__(self) -> str:
        return f"{self.section.name} {self.sampled_on}"


class Measurement(models.Model):
    """One parameter's value in a sample (units of water_class: mg/L, pH, 个/L)."""

    sample = models.ForeignKey(
        Sample, on_delete=models.CASCADE, related_name="measurements"
    )
    parameter = models.CharField("项目", max_length=16, choices=PARAMETER_CHOICES)
    value = models.DecimalField("浓度", max_digits=14, decimal_places=6)

    class Meta:
        verbose_name = "监测值"
        verbose_name_plural = "监测值"
        constraints = [
            models.UniqueConstraint(
                fields=["sample", "parameter"], name="quality_one_value_per_parameter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.parameter}={self.value}"


class Pollutant(models.TextChoices):
    """The four pollutants under total-load control (seed 003 (二))."""

    COD = "cod", gettext_noop("化学需氧量")
    NH3N = "nh3n", gettext_noop("氨氮")
    SO2 = "so2", gettext_noop("二氧化硫")
    NOX = "nox", gettext_noop("氮氧化物")


class EmissionTarget(models.Model):
    """A district's emission total allowed in a year and the cut assigned from
    above against the base year (总量减排任务)."""

    year = models.PositiveSmallIntegerField("年度")
    district = models.ForeignKey(
        Division, verbose_name="区县", on_delete=models.PROTECT, related_name="+"
    )
    pollutant = models.CharField("污染物", max_length=8, choices=Pollutant)
    base_tonnes = models.DecimalField(
        "基准年排放量（吨）", max_digits=12, decimal_places=3
    )
    cap_tonnes = models.DecimalField(
        "年度排放总量控制目标（吨）", max_digits=12, decimal_places=3
    )
    is_demo = models.BooleanField("示例数据", default=False)

    class Meta:
        verbose_name = "总量减排目标"
        verbose_name_plural = "总量减排目标"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "district", "pollutant"],
                name="quality_one_emission_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.district.name} {self.get_pollutant_display()}"

    @property
    def reduction_tonnes(self):
        return self.base_tonnes - self.cap_tonnes


class EmissionActual(models.Model):
    """A district's emission of one pollutant in one month (tonnes), entered or
    imported."""

    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    district = models.ForeignKey(
        Division, verbose_name="区县", on_delete=models.PROTECT, related_name="+"
    )
    pollutant = models.CharField("污染物", max_length=8, choices=Pollutant)
    tonnes = models.DecimalField("排放量（吨）", max_digits=12, decimal_places=3)
    source = models.CharField("数据来源", max_length=100, blank=True)
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "月度排放量"
        verbose_name_plural = "月度排放量"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "month", "district", "pollutant"],
                name="quality_one_emission_per_month",
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12),
                name="quality_emission_month_1_12",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} {self.district.name} {self.pollutant}"


# --- Noise, hazardous waste, other cities' figures (X3, X2/E3 ranks) ---------------------


class NoiseResult(models.Model):
    """One noise measurement at a point (dB(A), equivalent continuous A level):
    functional-area points (功能区声环境, GB 3096—2008), regional grid points
    (区域声环境) and road-traffic sections (道路交通声环境), imported from the
    monitoring station's results (HJ 640—2012)."""

    class Kind(models.TextChoices):
        FUNCTIONAL = "functional", "功能区声环境"
        REGIONAL = "regional", "区域声环境"
        TRAFFIC = "traffic", "道路交通声环境"

    class AreaClass(models.TextChoices):
        C0 = "0", "0类"
        C1 = "1", "1类"
        C2 = "2", "2类"
        C3 = "3", "3类"
        C4A = "4a", "4a类"
        C4B = "4b", "4b类"

    kind = models.CharField("类型", max_length=12, choices=Kind)
    district = models.ForeignKey(
        Division, verbose_name="区县", on_delete=models.PROTECT, related_name="+"
    )
    point_code = models.CharField("点位编码", max_length=30)
    point_name = models.CharField("点位名称", max_length=80)
    area_class = models.CharField(
        "声环境功能区类别", max_length=3, choices=AreaClass, blank=True
    )
    measured_on = models.DateField("监测日期")
    day_leq = models.DecimalField(
        "昼间Ld", max_digits=5, decimal_places=1, null=True, blank=True
    )
    night_leq = models.DecimalField(
        "夜间Ln", max_digits=5, decimal_places=1, null=True, blank=True
    )
    length_km = models.DecimalField(
        "路段长度（千米）", max_digits=8, decimal_places=3, null=True, blank=True
    )
    source = models.CharField("数据来源", max_length=100, blank=True)
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_demo = models.BooleanField("示例数据", default=False)

    class Meta:
        verbose_name = "声环境监测结果"
        verbose_name_plural = "声环境监测结果"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "point_code", "measured_on"],
                name="quality_one_noise_per_point_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.point_name} {self.measured_on}"


class WasteRecord(models.Model):
    """An enterprise's hazardous waste in a year (危险废物产生、利用、处置), tonnes,
    as declared (申报登记) and checked against its management plan."""

    year = models.PositiveSmallIntegerField("年度")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        on_delete=models.PROTECT,
        related_name="+",
    )
    opening_stock = models.DecimalField(
        "上年末贮存量", max_digits=12, decimal_places=3, default=0
    )
    generated = models.DecimalField("产生量", max_digits=12, decimal_places=3)
    utilised = models.DecimalField("自行/委托利用量", max_digits=12, decimal_places=3)
    disposed = models.DecimalField("自行/委托处置量", max_digits=12, decimal_places=3)
    closing_stock = models.DecimalField("年末贮存量", max_digits=12, decimal_places=3)
    source = models.CharField("数据来源", max_length=100, blank=True)
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_demo = models.BooleanField("示例数据", default=False)

    class Meta:
        verbose_name = "危险废物产生与处置"
        verbose_name_plural = "危险废物产生与处置"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "enterprise"], name="quality_one_waste_record"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.enterprise_id}"


class CityFigure(models.Model):
    """Another city's published figure (全省通报), imported to rank the home city
    among the province's cities."""

    class Indicator(models.TextChoices):
        PM25 = "pm25", gettext_noop("PM2.5平均浓度（µg/m³）")
        GOOD_RATIO = "good_ratio", gettext_noop("优良天数比例（%）")
        CWQI = "cwqi", gettext_noop("城市水质指数CWQI")
        GOOD_WATER = "good_water", gettext_noop("优良水体比例（%）")

    year = models.PositiveSmallIntegerField("年度")
    last_month = models.PositiveSmallIntegerField("截至月份")
    city = models.CharField("城市", max_length=40)
    indicator = models.CharField("指标", max_length=12, choices=Indicator)
    value = models.DecimalField("数值", max_digits=10, decimal_places=3)
    source = models.CharField("数据来源", max_length=100)
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_demo = models.BooleanField("示例数据", default=False)

    class Meta:
        verbose_name = "外市通报数据"
        verbose_name_plural = "外市通报数据"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "last_month", "city", "indicator"],
                name="quality_one_city_figure",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}年1-{self.last_month}月 {self.city} {self.indicator}"


# --- Daily emission roll-up (X3 at volume) ------------------------------------------------


class EmissionRollup(models.Model):
    """One run of `rollup_emissions`: the Shanghai days it (re)built from the
    hourly Cou values. The days covered by the runs are the days the ledger reads
    from `EmissionDay` instead of the monitoring tables."""

    first_day = models.DateField("起始日期")
    last_day = models.DateField("结束日期", db_index=True)
    created_at = models.DateTimeField("汇总时间", auto_now_add=True)
    rows = models.PositiveIntegerField("日汇总行数")
    kg = models.FloatField("排放量合计（千克）")
    missing_hours = models.PositiveIntegerField("缺失小时数")
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name="执行人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_demo = models.BooleanField("示例数据", default=False)

    class Meta:
        verbose_name = "排放量日汇总运行"
        verbose_name_plural = "排放量日汇总运行"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_day__lte=models.F("last_day")),
                name="quality_rollup_days_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_day}—{self.last_day}"


class EmissionDay(models.Model):
    """One instrument's emission of one total-load pollutant on one Shanghai day
    (排放量日汇总): the sum of the hourly Cou values (kg), the hours that sent one,
    and the hours owed that sent none (gaps are recorded, never filled)."""

    instrument = models.ForeignKey(
        "monitoring.Instrument",
        verbose_name="监测设施",
        on_delete=models.CASCADE,
        related_name="+",
    )
    pollutant = models.CharField("污染物", max_length=8, choices=Pollutant)
    day = models.DateField("日期")
    kg = models.FloatField("排放量（千克）")
    hours = models.PositiveSmallIntegerField("有数据小时数")
    missing_hours = models.PositiveSmallIntegerField("缺失小时数")
    rollup = models.ForeignKey(
        EmissionRollup,
        verbose_name="汇总运行",
        on_delete=models.CASCADE,
        related_name="days",
    )

    class Meta:
        verbose_name = "排放量日汇总"
        verbose_name_plural = "排放量日汇总"
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "pollutant", "day"],
                name="quality_one_emission_day",
            ),
            models.CheckConstraint(
                condition=models.Q(missing_hours__lte=24),
                name="quality_emission_day_missing_24",
            ),
        ]
        indexes = [models.Index(fields=["day"], name="quality_emday_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.instrument_id} {self.pollutant}"


# --- Responsibility: the veto (一票否决, D7) ---------------------------------------------


class Veto(models.Model):
    """A unit (and, where named, the person responsible) vetoed for a year
    (一票否决, seed 003 (八)): a failure of environmental duty or a major pollution
    incident in its area. The unit loses that year's awards; the person loses that
    year's awards and promotion. Kept as recorded; a withdrawal is its own write."""

    class Reason(models.TextChoices):
        DUTY = "duty", gettext_noop("未履行环境保护职责")
        INCIDENT = "incident", gettext_noop("辖区发生重大环境污染事件")

    year = models.PositiveSmallIntegerField("年度")
    unit_name = models.CharField("责任单位", max_length=100)
    district = models.ForeignKey(
        Division,
        verbose_name="所属区县",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person_name = models.CharField("责任人", max_length=40, blank=True)
    person_post = models.CharField("责任人职务", max_length=60, blank=True)
    reason = models.CharField("否决事由", max_length=10, choices=Reason)
    facts = models.TextField("事实与依据")
    decided_on = models.DateField("决定日期")
    recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name="登记人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    withdrawn_at = models.DateTimeField("撤销时间", null=True, blank=True)
    withdrawn_reason = models.CharField("撤销理由", max_length=200, blank=True)
    # The 重大/特别重大 environmental emergency the veto is for (reason INCIDENT):
    # the id of an `emergencies.Incident`, not a foreign key — quality and
    # emergencies sit side by side and read each other through selectors only
    # (docs/architecture.md; as `rewards.Report.stop_order_id`). Checked by
    # `services.veto_record` through `emergencies.selectors`.
    incident_id = models.BigIntegerField("关联突发环境事件编号", null=True, blank=True)
    is_demo = models.BooleanField("示例数据", default=False)

    class Meta:
        verbose_name = "一票否决"
        verbose_name_plural = "一票否决"
        ordering = ["-year", "unit_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "unit_name", "reason"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="quality_one_veto_per_unit_reason",
            ),
            models.UniqueConstraint(
                fields=["incident_id"],
                condition=models.Q(
                    withdrawn_at__isnull=True, incident_id__isnull=False
                ),
                name="quality_one_veto_per_incident",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.unit_name} {self.get_reason_display()}"

    @property
    def consequences(self) -> str:
        unit = f"取消{self.unit_name}{self.year}年度各类表彰奖励资格"
        if self.person_name:
            return f"{unit}；取消责任人当年评优评先和提拔任用资格"
        return unit


class VetoNotRequired(models.Model):
    """A 重大/特别重大 incident judged not to call for a veto (研判不予一票否决,
    D7): the city records why, so the incident leaves the list awaiting a decision
    with its reason on file. A veto recorded later for the same incident (new
    facts) stands beside it; the page shows both."""

    incident_id = models.BigIntegerField("突发环境事件编号", unique=True)
    year = models.PositiveSmallIntegerField("年度")
    reason = models.TextField("不予否决的理由")
    decided_on = models.DateField("研判日期")
    recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name="登记人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "研判不予一票否决"
        verbose_name_plural = "研判不予一票否决"
        ordering = ["-year", "-decided_on", "pk"]

    def __str__(self) -> str:
        return f"突发环境事件#{self.incident_id} 不予一票否决（{self.year}年度）"


# --- Responsibility letters (目标责任状, D3, C10) -------------------------------------------


class Letter(models.Model):
    """A responsibility letter (目标责任状) signed for a year by a unit (a district
    government, a department) and its head, with its targets. Concluded met or
    unmet; an unmet letter names the cause and the action taken against those
    responsible (seed 003 (五)); the result is published (C10)."""

    class Status(models.TextChoices):
        SIGNED = "signed", gettext_noop("执行中")
        MET = "met", gettext_noop("已完成")
        UNMET = "unmet", gettext_noop("未完成")

    class Cause(models.TextChoices):
        POOR_WORK = "poor_work", gettext_noop("工作不力")
        BAD_DECISION = "bad_decision", gettext_noop("决策失误造成环境污染")
        INCIDENT = "incident", gettext_noop("辖区发生重大环境污染事件")

    year = models.PositiveSmallIntegerField("年度")
    unit_name = models.CharField("责任单位", max_length=100)
    district = models.ForeignKey(
        Division,
        verbose_name="所属区县",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issuer = models.CharField("下达单位", max_length=100)
    head_name = models.CharField("责任人", max_length=40)
    head_post = models.CharField("责任人职务", max_length=60)
    signed_on = models.DateField("签订日期")
    status = models.CharField(
        "状态", max_length=8, choices=Status, default=Status.SIGNED
    )
    cause = models.CharField("未完成原因", max_length=16, choices=Cause, blank=True)
    accountability = models.TextField("责任追究情况", blank=True)
    # Cause INCIDENT: the 重大/特别重大 incident of the letter's area and year, an
    # id of `emergencies.Incident` (see `Veto.incident_id`).
    incident_id = models.BigIntegerField("关联突发环境事件编号", null=True, blank=True)
    concluded_at = models.DateTimeField("考核时间", null=True, blank=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    congress_reported_on = models.DateField("向人大报告日期", null=True, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name="登记人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_demo = models.BooleanField("示例数据", default=False)

    class Meta:
        verbose_name = "目标责任状"
        verbose_name_plural = "目标责任状"
        ordering = ["-year", "unit_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "unit_name"], name="quality_one_letter_per_unit_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.unit_name} 目标责任状"

    def get_absolute_url(self) -> str:
        return reverse("quality:letter-detail", args=[self.pk])


class LetterTarget(models.Model):
    """One target of a responsibility letter and its assessment."""

    class Status(models.TextChoices):
        PENDING = "pending", gettext_noop("未考核")
        MET = "met", gettext_noop("完成")
        UNMET = "unmet", gettext_noop("未完成")

    class Indicator(models.TextChoices):
        """Targets this module can compute (D3); every other target stays text."""

        PM25_MAX = "pm25_max", "PM2.5年均浓度不高于（微克/立方米）"
        GOOD_DAYS_MIN = "good_days_min", "空气质量优良天数比例不低于（%）"
        WATER_GOOD_MIN = "water_good_min", "优良水体（I—III类）比例不低于（%）"
        SECTIONS_MEET = "sections_meet", "考核断面全部达到年度目标"
        DRINKING_MIN = "drinking_min", "饮用水水源地水质达标率不低于（%）"
        EMISSION_CAP = "emission_cap", "污染物排放量不超过年度控制目标（完成削减任务）"
        CWQI_MAX = "cwqi_max", "城市水质指数CWQI不高于"
        NOISE_RATE_MIN = "noise_rate_min", "声环境功能区达标率不低于（%）"
        WASTE_RATE_MIN = "waste_rate_min", "危险废物利用处置率不低于（%）"

    letter = models.ForeignKey(
        Letter, verbose_name="责任状", on_delete=models.CASCADE, related_name="targets"
    )
    position = models.PositiveSmallIntegerField("序号")
    task = models.CharField("目标任务", max_length=200)
    measure = models.CharField("考核指标", max_length=200, blank=True)
    status = models.CharField(
        "考核结果", max_length=8, choices=Status, default=Status.PENDING
    )
    result = models.CharField("完成情况", max_length=300, blank=True)
    assessed_at = models.DateTimeField("考核时间", null=True, blank=True)
    # The figure of this module the target is checked against (letter_figures.py);
    # empty = a text target assessed by hand only.
    indicator = models.CharField(
        "关联指标", max_length=16, choices=Indicator, blank=True, default=""
    )
    threshold = models.DecimalField(
        "指标目标值", max_digits=10, decimal_places=2, null=True, blank=True
    )
    pollutant = models.CharField(
        "污染物", max_length=8, choices=Pollutant, blank=True, default=""
    )

    class Meta:
        verbose_name = "责任状目标"
        verbose_name_plural = "责任状目标"
        ordering = ["letter", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "position"], name="quality_letter_target_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.task}"


# --- Environmental-responsibility audits (环境保护责任审计, D6) ----------------------------


class Audit(models.Model):
    """An environmental-responsibility audit of a sub-district (街道/乡镇) or a
    department by the audit office (seed 003 (七)): what it covered, what it
    found, its conclusion; published on the public site (seed 003 (十八))."""

    SCOPES = (
        ("targets", "目标"),
        ("tasks", "任务"),
        ("policies", "政策落实"),
        ("funds", "资金"),
        ("projects", "项目"),
    )

    year = models.PositiveSmallIntegerField("审计年度")
    unit_name = models.CharField("被审计单位", max_length=100)
    district = models.ForeignKey(
        Division,
        verbose_name="所属区县",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    auditor = models.CharField("审计机关", max_length=100)
    scope = models.JSONField("审计内容", default=list)
    findings = models.TextField("发现的问题")
    conclusion = models.TextField("审计结论与整改要求")
    reported_on = models.DateField("审计报告日期")
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name="登记人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_demo = models.BooleanField("示例数据", default=False)

    class Meta:
        verbose_name = "环境保护责任审计"
        verbose_name_plural = "环境保护责任审计"
        ordering = ["-year", "unit_name", "pk"]

    def __str__(self) -> str:
        return f"{self.year}年 {self.unit_name} 环境保护责任审计"

    @property
    def scope_text(self) -> str:
        """The scope's names in the active language (Chinese unless chosen)."""
        names = dict(self.SCOPES)
        return gettext("、").join(
            pgettext("audit scope", names[s]) for s in self.scope if s in names
        )


from .models_bulletin import BulletinIssue  # noqa: E402, F401
from .models_drinking import SourceVolume  # noqa: E402, F401
from .models_plans import WorkPlan, WorkPlanItem  # noqa: E402, F401
