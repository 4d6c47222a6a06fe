from django.db import models


class Division(models.Model):
    """An administrative division: the city (level 1), its districts, counties and
    economic zones (level 2), and townships, streets and parks (level 3).

    Grid cells hang on this tree (seed 002 四(一)); data scopes name a node of it.
    """

    class Kind(models.TextChoices):
        CITY = "city", "地级市"
        DISTRICT = "district", "市辖区"
        COUNTY = "county", "县"
        COUNTY_CITY = "county_city", "县级市"
        AUTONOMOUS_COUNTY = "autonomous_county", "自治县"
        ZONE = "zone", "经济区/开发区"
        SCENIC_AREA = "scenic_area", "风景区"
        STREET = "street", "街道"
        TOWN = "town", "镇"
        TOWNSHIP = "township", "乡"
        PARK = "park", "园区"

    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=60)
    kind = models.CharField("类型", max_length=20, choices=Kind)
    level = models.PositiveSmallIntegerField("层级")
    parent = models.ForeignKey(
        "self",
        verbose_name="上级",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["level", "sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=3),
                name="division_level_1_to_3",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def district_id_or_none(self) -> int | None:
        """The level-2 division this one lies in (itself if level 2)."""
        if self.level == 2:
            return self.pk
        if self.level == 3:
            return self.parent_id
        return None
