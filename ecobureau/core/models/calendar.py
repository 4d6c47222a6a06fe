from django.db import models


class CalendarYear(models.Model):
    """A year whose official holiday schedule an administrator has entered.

    The State Council publishes next year's schedule each November; until the
    bundled `chinesecalendar` package knows a year, entering it here makes the
    year known, and every provisional deadline touching it is recomputed.
    """

    year = models.PositiveSmallIntegerField("年度", unique=True)
    source = models.CharField(
        "依据文件",
        max_length=200,
        help_text="如国务院办公厅关于某年部分节假日安排的通知",
    )
    entered_by_id = models.BigIntegerField("录入人", null=True, blank=True)
    entered_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "官方放假安排年度"
        verbose_name_plural = "官方放假安排年度"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年"


class CalendarDay(models.Model):
    """A day whose status an administrator sets: a holiday, or a make-up working
    day (调休上班). Overrides the bundled calendar for that date."""

    class Kind(models.TextChoices):
        REST = "rest", "放假"
        WORK = "work", "上班（调休）"

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=Kind)
    name = models.CharField("名称", max_length=40, blank=True, help_text="如“春节”")

    class Meta:
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"
