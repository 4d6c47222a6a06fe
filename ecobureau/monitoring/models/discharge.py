"""Permitted totals and discharge flags (requirements D14)."""

from django.db import models

from ecobureau.core.models import TimeStampedModel


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


class DischargeDayTotal(models.Model):
    """One enterprise's actual discharge of one pollutant on one day (Asia/
    Shanghai), in tonnes, summed over all its instruments by
    `discharge.totals_between` — the stored figure the public page adds up
    instead of reading a year of monitoring data per request. Written only by
    `services.discharge_summary_refresh`; organisation figures, no personal
    data. Kept full-precision (float) so a year's sum rounds as a sum computed
    from scratch does."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        on_delete=models.CASCADE,
        related_name="+",
    )
    day = models.DateField("日期")
    pollutant_code = models.CharField("污染物编码", max_length=20)
    tonnes = models.FloatField("实际排放量（吨）")
    computed_at = models.DateTimeField("计算时间")

    class Meta:
        verbose_name = "日实际排放量"
        verbose_name_plural = "日实际排放量"
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "day", "pollutant_code"],
                name="discharge_day_total_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.pollutant_code} {self.tonnes:.4f} t"


class DischargeYearTotal(models.Model):
    """The sum of one enterprise's stored days of one pollutant and year
    (`discharge.sum_days`), kept beside them so the public page reads one row
    per pollutant instead of a year of days. Written with the days."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField("年度")
    pollutant_code = models.CharField("污染物编码", max_length=20)
    tonnes = models.FloatField("实际排放量（吨）")
    computed_at = models.DateTimeField("计算时间")

    class Meta:
        verbose_name = "年实际排放量"
        verbose_name_plural = "年实际排放量"
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year", "pollutant_code"],
                name="discharge_year_total_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.pollutant_code} {self.tonnes:.4f} t"


class DischargeSummaryState(models.Model):
    """The single row saying when the stored daily totals were last computed
    (`computed_at`: the data up to that moment is counted) and when they were
    last rebuilt from all stored data (`rebuilt_at`). The public page shows
    `computed_at`."""

    computed_at = models.DateTimeField("计算时间")
    rebuilt_at = models.DateTimeField("全量重算时间", null=True, blank=True)

    class Meta:
        verbose_name = "排放总量统计状态"
        verbose_name_plural = "排放总量统计状态"

    def __str__(self) -> str:
        return f"{self.computed_at:%Y-%m-%d %H:%M}"
