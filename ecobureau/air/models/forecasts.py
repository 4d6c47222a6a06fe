from django.db import models

from ecobureau.casework.models import CaseModel
from ecobureau.lib import aqi as aqi_lib

from .stations import City


class ForecastModel(models.Model):
    """A trained forecast model of one city (lib.air_forecast.Model as JSON),
    retrained by `air train` and when the 14:00 job finds none."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="+")
    with_weather = models.BooleanField("使用天气预报", default=False)
    version = models.CharField("模型版本", max_length=40)
    standard = models.CharField("AQI标准", max_length=12)
    trained_from = models.DateField("训练起")
    trained_to = models.DateField("训练止")
    training_days = models.PositiveIntegerField("有效训练日数")
    fallback = models.BooleanField(
        "历史数据不足", default=False, help_text="数据不足时按持续法预报。"
    )
    params = models.JSONField("模型参数")
    trained_at = models.DateTimeField("训练时间", auto_now_add=True)

    class Meta:
        verbose_name = "预报模型"
        verbose_name_plural = "预报模型"
        ordering = ["-trained_at"]

    def __str__(self) -> str:
        return f"{self.city} {self.version} {self.trained_at:%Y-%m-%d}"


class WeatherForecast(models.Model):
    """One day of the meteorological bureau's forecast for a city, as imported
    (`air import-weather`; format in docs/modules/air.md)."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="+")
    issued_on = models.DateField("气象预报发布日")
    date = models.DateField("预报日期")
    temp = models.FloatField("日平均气温(℃)")
    pres = models.FloatField("日平均气压(hPa)")
    dewp = models.FloatField("日平均露点(℃)")
    rain = models.FloatField("日降水量(mm)")
    wspm = models.FloatField("日平均风速(m/s)")
    wd = models.FloatField("主导风向(度)")
    source_sha256 = models.CharField("来源文件SHA-256", max_length=64)
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        verbose_name = "气象预报"
        verbose_name_plural = "气象预报"
        constraints = [
            models.UniqueConstraint(
                fields=["city", "issued_on", "date"], name="air_weather_one_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city} {self.issued_on}→{self.date}"


class Forecast(CaseModel):
    """The city's 7-day air-quality forecast of one issue day (每日预报): drafted
    by the 14:00 job, reviewed in consultation (会商) by a forecaster who may
    adjust it with reasons, and published before 15:00 (seed 000 信息公开制度
    "每日15点前在辽宁省空气质量预报预警系统平台公布"). Published forecasts are
    kept as the archive and scored when their days are observed."""

    class Status(models.TextChoices):
        DRAFT = "draft", "待会商"
        REVIEWED = "reviewed", "已会商待发布"
        PUBLISHED = "published", "已发布"

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="forecasts")
    issue_date = models.DateField("签发日")
    model_version = models.CharField("模型版本", max_length=40)
    method_note = models.CharField("预报方法说明", max_length=200, blank=True)
    used_weather = models.BooleanField("使用了气象预报", default=False)
    standard = models.CharField("AQI标准", max_length=12)
    review_reason = models.TextField("会商意见", blank=True)
    reviewed_at = models.DateTimeField("会商时间", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        verbose_name = "空气质量预报"
        verbose_name_plural = "空气质量预报"
        ordering = ["-issue_date", "city"]
        permissions = [
            ("review_forecast", "可会商、调整和发布空气质量预报"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "issue_date"], name="air_forecast_one_per_day"
            ),
        ]

    @property
    def status_label(self) -> str:
        return self.Status(self.status).label if self.status else "—"

    def __str__(self) -> str:
        return f"{self.city.name}{self.issue_date:%Y年%m月%d日}空气质量预报"


class ForecastDay(models.Model):
    """One lead day of a forecast: what the model proposed, what was published
    (after 会商), and — once observed — its scores (lib.air_scoring)."""

    forecast = models.ForeignKey(
        Forecast, on_delete=models.CASCADE, related_name="days"
    )
    lead = models.PositiveSmallIntegerField("预报天")
    target_date = models.DateField("预报日期")
    model_low = models.PositiveSmallIntegerField("模型AQI下限")
    model_high = models.PositiveSmallIntegerField("模型AQI上限")
    model_primary = models.JSONField("模型首要污染物", default=list, blank=True)
    model_method = models.CharField("模型方法", max_length=20)
    concentrations = models.JSONField("模型浓度", default=dict, blank=True)
    low = models.PositiveSmallIntegerField("AQI下限")
    high = models.PositiveSmallIntegerField("AQI上限")
    primary = models.JSONField("首要污染物", default=list, blank=True)
    adjust_reason = models.CharField("调整理由", max_length=300, blank=True)
    observed_aqi = models.PositiveSmallIntegerField("实况AQI", null=True, blank=True)
    observed_primary = models.JSONField("实况首要污染物", default=list, blank=True)
    range_hit = models.BooleanField("AQI范围命中", null=True, blank=True)
    level_range_hit = models.BooleanField("级别命中（范围）", null=True, blank=True)
    level_strict_hit = models.BooleanField("级别命中（严格）", null=True, blank=True)
    primary_hit = models.BooleanField("首要污染物命中", null=True, blank=True)
    error = models.FloatField("AQI误差", null=True, blank=True)
    scored_at = models.DateTimeField("评分时间", null=True, blank=True)

    class Meta:
        verbose_name = "预报日"
        verbose_name_plural = "预报日"
        ordering = ["forecast", "lead"]
        constraints = [
            models.UniqueConstraint(
                fields=["forecast", "lead"], name="air_forecast_day_lead"
            ),
        ]
        indexes = [
            models.Index(
                fields=["target_date"],
                condition=models.Q(scored_at__isnull=True),
                name="air_forecastday_unscored",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target_date} {self.low}–{self.high}"

    @property
    def adjusted(self) -> bool:
        return (self.low, self.high, list(self.primary)) != (
            self.model_low,
            self.model_high,
            list(self.model_primary),
        )

    @property
    def level_label(self) -> str:
        return aqi_lib.level_range_label(self.low, self.high)

    @property
    def model_method_label(self) -> str:
        return {
            "model": "统计模型",
            "climatology": "月气候态",
            "persistence": "持续法",
        }.get(self.model_method, self.model_method)

    @property
    def midpoint_level(self) -> int:
        return aqi_lib.level_of((self.low + self.high) // 2)

    @property
    def colour(self) -> str:
        return aqi_lib.colour_of(self.midpoint_level)

    @property
    def primary_label(self) -> str:
        return "、".join(self.primary) if self.primary else "—"
