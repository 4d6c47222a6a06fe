from django.conf import settings
from django.db import models

from ecobureau.core.models import Division, TimeStampedModel


class WorkReport(TimeStampedModel):
    """A level's monthly work report to the level above (工作开展情况月报). Seed 002
    六(二)6 "按照工作要求和时限，及时上报工作开展情况" and 六(二)1 (each level sets the
    time limits, C22): filed by the configured day of the following month
    (`CellStandard.work_report_day`), with the month's figures generated from the
    data and the filer's own account. Late and missing reports are flagged by the
    hourly `check_grid_reports` job and the level above is told."""

    class Status(models.TextChoices):
        DRAFT = "draft", "未报送"
        SUBMITTED = "submitted", "已报送"
        RETURNED = "returned", "退回补充"
        RECEIVED = "received", "上级已审阅"

    cell = models.ForeignKey(
        "grid.GridCell",
        verbose_name="报送网格",
        on_delete=models.PROTECT,
        related_name="work_reports",
    )
    upper_cell = models.ForeignKey(
        "grid.GridCell",
        verbose_name="上级网格",
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    due_on = models.DateField("报送期限", db_index=True)
    figures = models.JSONField("本月工作数据", default=dict)
    summary = models.TextField("工作开展情况", blank=True)
    issues = models.TextField("存在问题", blank=True)
    next_plan = models.TextField("下月工作计划", blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=Status, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    late = models.BooleanField("逾期报送", default=False)
    overdue_flagged_on = models.DateField("逾期提醒日期", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审阅人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审阅时间", null=True, blank=True)
    review_note = models.TextField("审阅意见", blank=True)
    district = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    township = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "网格工作月报"
        verbose_name_plural = "网格工作月报"
        ordering = ["-year", "-month", "cell__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["cell", "year", "month"], name="work_report_once_a_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cell}{self.year}年{self.month}月工作情况"
