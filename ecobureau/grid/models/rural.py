from django.conf import settings
from django.db import models

from ecobureau.core.models import Division, TimeStampedModel


class RuralTarget(TimeStampedModel):
    """One yearly target of the rural environmental improvement target-
    responsibility system (农村环境综合整治目标责任制; seed 003 (十五) "推进实施农村
    环境综合整治目标责任制", D18): set by the level above for a township or district,
    with its responsible person, the progress reported through the year, and the
    score the level above gives it at the year-end assessment."""

    cell = models.ForeignKey(
        "grid.GridCell",
        verbose_name="责任网格",
        on_delete=models.PROTECT,
        related_name="rural_targets",
    )
    upper_cell = models.ForeignKey(
        "grid.GridCell",
        verbose_name="下达网格",
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    title = models.CharField("整治任务", max_length=120)
    target = models.TextField("目标要求")
    weight = models.PositiveSmallIntegerField("分值")
    responsible_name = models.CharField("责任人", max_length=40)
    responsible_post = models.CharField("职务", max_length=60, blank=True)
    progress_percent = models.PositiveSmallIntegerField("完成进度（%）", default=0)
    progress_note = models.TextField("最新进展", blank=True)
    score = models.DecimalField(
        "考核得分", max_digits=5, decimal_places=1, null=True, blank=True
    )
    score_note = models.TextField("评分说明", blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="下达人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    district = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    township = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "农村环境综合整治目标"
        verbose_name_plural = "农村环境综合整治目标"
        ordering = ["-year", "cell__code", "pk"]

    def __str__(self) -> str:
        return f"{self.year}年{self.cell}：{self.title}"


class RuralProgress(models.Model):
    """One progress report on a rural target (by the responsible level)."""

    target = models.ForeignKey(
        RuralTarget, on_delete=models.CASCADE, related_name="progress_reports"
    )
    on = models.DateField("报告日期")
    percent = models.PositiveSmallIntegerField("完成进度（%）")
    note = models.TextField("进展情况")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "整治目标进展"
        verbose_name_plural = "整治目标进展"
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.on} {self.percent}%"


class RuralAssessment(TimeStampedModel):
    """The year-end assessment of a township's or district's rural targets by the
    level above: each target scored, the total and the grade recorded."""

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", "优秀"
        GOOD = "good", "良好"
        PASS = "pass", "合格"
        FAIL = "fail", "不合格"

    cell = models.ForeignKey(
        "grid.GridCell",
        verbose_name="被考核网格",
        on_delete=models.PROTECT,
        related_name="rural_assessments",
    )
    upper_cell = models.ForeignKey(
        "grid.GridCell",
        verbose_name="考核网格",
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField("年度")
    total_score = models.DecimalField("得分", max_digits=6, decimal_places=1)
    full_score = models.PositiveSmallIntegerField("满分")
    percent = models.DecimalField("得分率（%）", max_digits=5, decimal_places=1)
    grade = models.CharField("考核等次", max_length=10, choices=Grade)
    remarks = models.TextField("考核意见")
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="考核人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    assessed_on = models.DateField("考核日期")
    district = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    township = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "农村环境综合整治目标考核"
        verbose_name_plural = "农村环境综合整治目标考核"
        ordering = ["-year", "cell__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["cell", "year"], name="rural_assessment_once_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.cell}农村环境综合整治考核"
