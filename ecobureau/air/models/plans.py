from django.db import models
from django.utils.translation import gettext_noop

from ecobureau.casework.models import CaseModel


class EmergencyPlan(CaseModel):
    """An enterprise's heavy-pollution weather emergency plan (重污染天气应急预案),
    drawn up under the city's plan and filed with the 大气科 (seed 000 其他行政
    权力 9 "重污染天气应急预案备案管理", 办结时限 20个工作日). A filed plan's
    measures apply while a warning of their level is in force (requirements A17,
    A21). A new version supersedes the filed one when it is filed in turn."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", gettext_noop("待备案审查")
        RETURNED = "returned", gettext_noop("退回修改")
        FILED = "filed", gettext_noop("已备案")
        SUPERSEDED = "superseded", gettext_noop("已被新版本替代")

    class Grade(models.TextChoices):
        # 重污染天气重点行业应急减排措施制定技术指南（2020年修订版）: A/B/C
        # performance grades; A may be exempt, C stops first.
        NONE = "", gettext_noop("未分级")
        LEADING = "L", gettext_noop("引领性")
        A = "A", gettext_noop("A级")
        B = "B", gettext_noop("B级")
        C = "C", gettext_noop("C级")
        D = "D", gettext_noop("D级")

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="+"
    )
    # Not `version`: CaseModel.version is the optimistic-concurrency counter.
    revision = models.PositiveSmallIntegerField("版本", default=1)
    title = models.CharField("预案名称", max_length=120)
    grade = models.CharField("绩效分级", max_length=2, choices=Grade, blank=True)
    contact = models.CharField("应急联系人及电话", max_length=80)
    summary = models.TextField("预案概要", blank=True)
    submitted_at = models.DateTimeField("报送时间")
    review_opinion = models.TextField("审查意见", blank=True)
    filed_at = models.DateTimeField("备案时间", null=True, blank=True)
    filing_number = models.CharField("备案编号", max_length=40, blank=True)

    class Meta:
        verbose_name = "重污染天气应急预案"
        verbose_name_plural = "重污染天气应急预案"
        ordering = ["-submitted_at"]
        permissions = [("review_plan", "可审查重污染天气应急预案备案")]

    @property
    def status_label(self) -> str:
        return self.Status(self.status).label if self.status else "—"

    def __str__(self) -> str:
        return f"{self.title}（第{self.revision}版）"


class PlanMeasure(models.Model):
    """One measure of a plan for one warning level, with the cuts it promises."""

    class Level(models.TextChoices):
        YELLOW = "yellow", gettext_noop("黄色预警（Ⅲ级响应）")
        ORANGE = "orange", gettext_noop("橙色预警（Ⅱ级响应）")
        RED = "red", gettext_noop("红色预警（Ⅰ级响应）")

    plan = models.ForeignKey(
        EmergencyPlan, on_delete=models.CASCADE, related_name="measures"
    )
    level = models.CharField("预警级别", max_length=8, choices=Level)
    facility = models.CharField("生产线/设施", max_length=80)
    measure = models.CharField("减排措施", max_length=300)
    # Promised cut of the enterprise's emissions, in percent (示例: the city
    # plans quote 10/20/30 % for yellow/orange/red, reference/aqi.md §3.3).
    pm_cut = models.DecimalField(
        "颗粒物减排比例(%)", max_digits=5, decimal_places=1, default=0
    )
    so2_cut = models.DecimalField(
        "SO2减排比例(%)", max_digits=5, decimal_places=1, default=0
    )
    nox_cut = models.DecimalField(
        "NOx减排比例(%)", max_digits=5, decimal_places=1, default=0
    )
    vocs_cut = models.DecimalField(
        "VOCs减排比例(%)", max_digits=5, decimal_places=1, default=0
    )

    class Meta:
        verbose_name = "预案减排措施"
        verbose_name_plural = "预案减排措施"
        ordering = ["plan", "level", "pk"]

    def __str__(self) -> str:
        return f"{self.get_level_display()}：{self.facility} {self.measure}"
