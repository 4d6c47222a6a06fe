"""Water taken from drinking-water sources, month by month (取水量), for the
water-volume compliance rate (水量达标率 = volume taken from compliant sources /
total volume taken × 100 %, reference/water.md 4, CORROBORATED). Written in
`services/sections.py` (`source_volume_set`)."""

from __future__ import annotations

from django.db import models


class SourceVolume(models.Model):
    """One drinking-water source's volume taken in one month, 万立方米."""

    section = models.ForeignKey(
        "quality.Section",
        verbose_name="水源地",
        on_delete=models.CASCADE,
        related_name="volumes",
    )
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    volume = models.DecimalField("取水量（万立方米）", max_digits=12, decimal_places=2)
    recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "水源地月取水量"
        verbose_name_plural = "水源地月取水量"
        ordering = ["section", "year", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "year", "month"], name="quality_one_volume_per_month"
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12),
                name="quality_volume_month_1_12",
            ),
            models.CheckConstraint(
                condition=models.Q(volume__gte=0), name="quality_volume_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.section_id} {self.year}-{self.month:02d} {self.volume}"
