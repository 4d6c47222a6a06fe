from django.db import models

from ecobureau.core.models import Division, TimeStampedModel


class City(TimeStampedModel):
    """A city whose air quality is monitored and forecast: the city value is the
    mean of its stations' values (HJ 663)."""

    code = models.CharField("城市代码", max_length=20, unique=True)
    name = models.CharField("城市名称", max_length=40)
    division = models.ForeignKey(
        Division,
        verbose_name="行政区划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    forecast_enabled = models.BooleanField(
        "每日预报", default=True, help_text="每日14:00自动生成未来7天预报。"
    )
    label = models.CharField(
        "标注",
        max_length=40,
        blank=True,
        help_text="如“示例数据”“北京研究数据（UCI）”：非本市实测数据须标注来源。",
    )

    class Meta:
        verbose_name = "城市"
        verbose_name_plural = "城市"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.label}）" if self.label else self.name


class Station(TimeStampedModel):
    """An ambient air-quality monitoring station (环境空气质量监测点位)."""

    class Kind(models.TextChoices):
        NATIONAL = "national", "国控点"
        PROVINCIAL = "provincial", "省控点"
        CITY = "city", "市控点"

    class GasUnit(models.TextChoices):
        UG = "ug", "µg/m³"
        MG = "mg", "mg/m³"

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="stations")
    code = models.CharField("点位编码", max_length=40, unique=True)
    name = models.CharField("点位名称", max_length=60)
    kind = models.CharField("类型", max_length=12, choices=Kind, default=Kind.NATIONAL)
    district = models.ForeignKey(
        Division,
        verbose_name="所在区县",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    mn = models.CharField(
        "数采仪MN号",
        max_length=40,
        blank=True,
        help_text="HJ 212 数据包中的MN，用于接收ST=22空气质量监测数据。",
    )
    # HJ 212 air stations send SO2/NO2/O3 in µg/m³ or mg/m³ depending on the
    # device (reference/hj212.md, code table notes): set per station.
    gas_unit = models.CharField(
        "气态污染物单位", max_length=2, choices=GasUnit, default=GasUnit.UG
    )
    latitude = models.DecimalField(
        "纬度", max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        "经度", max_digits=9, decimal_places=6, null=True, blank=True
    )
    active = models.BooleanField("在用", default=True)

    class Meta:
        verbose_name = "监测点位"
        verbose_name_plural = "监测点位"
        ordering = ["city", "code"]
        permissions = [("manage_station", "可管理监测点位、导入观测数据")]
        constraints = [
            models.UniqueConstraint(
                fields=["mn"], condition=~models.Q(mn=""), name="air_station_mn_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Observation(models.Model):
    """One hour of one station: the six pollutants (SO2, NO2, PM10, O3, PM2.5 in
    µg/m³, CO in mg/m³) and the weather measured there. `measured_at` is the
    hour's label (local hour 0..23 of the day it belongs to). A value the
    instrument flagged invalid is stored as empty."""

    class Source(models.TextChoices):
        IMPORT = "import", "文件导入"
        HJ212 = "hj212", "HJ 212"
        DEMO = "demo", "示例数据"

    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="+")
    measured_at = models.DateTimeField("时间")
    so2 = models.FloatField("SO2", null=True, blank=True)
    no2 = models.FloatField("NO2", null=True, blank=True)
    pm10 = models.FloatField("PM10", null=True, blank=True)
    co = models.FloatField("CO", null=True, blank=True)
    o3 = models.FloatField("O3", null=True, blank=True)
    pm25 = models.FloatField("PM2.5", null=True, blank=True)
    temp = models.FloatField("气温", null=True, blank=True)
    pres = models.FloatField("气压(hPa)", null=True, blank=True)
    dewp = models.FloatField("露点", null=True, blank=True)
    rain = models.FloatField("降水(mm)", null=True, blank=True)
    wspm = models.FloatField("风速(m/s)", null=True, blank=True)
    wd = models.FloatField("风向(度)", null=True, blank=True)
    source = models.CharField("来源", max_length=8, choices=Source)
    received_at = models.DateTimeField("接收时间", auto_now_add=True)

    class Meta:
        verbose_name = "小时观测"
        verbose_name_plural = "小时观测"
        constraints = [
            models.UniqueConstraint(
                fields=["station", "measured_at"], name="air_observation_one_per_hour"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.station_id} {self.measured_at:%Y-%m-%d %H}"


class DailyValue(models.Model):
    """A day's statistics and AQI for a station, or for the city (station empty),
    under the standard in force on that day (HJ 633—2026 from 2026-03-01).
    Recomputed whenever an observation of that day arrives."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="+")
    station = models.ForeignKey(
        Station, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    date = models.DateField("日期")
    standard = models.CharField("标准", max_length=12)
    so2 = models.FloatField(null=True, blank=True)
    no2 = models.FloatField(null=True, blank=True)
    pm10 = models.FloatField(null=True, blank=True)
    co = models.FloatField(null=True, blank=True)
    o3_1h = models.FloatField(null=True, blank=True)
    o3_8h = models.FloatField(null=True, blank=True)
    pm25 = models.FloatField(null=True, blank=True)
    aqi = models.PositiveSmallIntegerField("AQI", null=True, blank=True)
    level = models.PositiveSmallIntegerField("级别", null=True, blank=True)
    primary = models.JSONField("首要污染物", default=list, blank=True)
    iaqi = models.JSONField("分指数", default=dict, blank=True)
    # The same day under the other standard, for comparisons across 2026-03-01.
    other_aqi = models.PositiveSmallIntegerField("另一标准AQI", null=True, blank=True)
    computed_at = models.DateTimeField("计算时间", auto_now=True)

    class Meta:
        verbose_name = "日均值与AQI"
        verbose_name_plural = "日均值与AQI"
        constraints = [
            models.UniqueConstraint(
                fields=["station", "date"],
                condition=models.Q(station__isnull=False),
                name="air_daily_one_per_station_day",
            ),
            models.UniqueConstraint(
                fields=["city", "date"],
                condition=models.Q(station__isnull=True),
                name="air_daily_one_per_city_day",
            ),
        ]
        indexes = [
            models.Index(fields=["city", "station", "date"], name="air_daily_lookup"),
        ]

    def __str__(self) -> str:
        return f"{self.date} AQI {self.aqi}"
