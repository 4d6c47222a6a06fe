"""Tables of environmental quality and targets: surface-water sections with their
yearly assessment targets and their samples by parameter, drinking-water sources
(sections flagged as such), import batches, and emission totals against the
reduction targets assigned to each district (requirements X2, X3)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from ecobureau.core.models import Division

from . import water_class as wc

# Class choices of GB 3838—2002 (targets: I..V; results may also be 劣V).
TARGET_CHOICES = [(c, f"{c}类") for c in wc.TARGETS]
PARAMETER_CHOICES = [(key, wc.NAMES[key]) for key in wc.VALUE_KEYS]


class Section(models.Model):
    """A surface-water monitoring section (断面) or lake/reservoir point (点位)."""

    class Level(models.TextChoices):
        NATIONAL = "national", "国考"
        PROVINCIAL = "provincial", "省考"
        CITY = "city", "市考"

    class WaterBody(models.TextChoices):
        RIVER = wc.RIVER, "河流"
        LAKE = wc.LAKE, "湖库"

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
        MANUAL = "manual", "手工监测"
        AUTO = "auto", "自动站"

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

    COD = "cod", "化学需氧量"
    NH3N = "nh3n", "氨氮"
    SO2 = "so2", "二氧化硫"
    NOX = "nox", "氮氧化物"


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
