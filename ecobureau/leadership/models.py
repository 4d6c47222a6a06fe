"""The stored unit assessment (单位考核结果). The figures themselves are not stored:
they are read live from the owning modules (selectors.py)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse

from ecobureau.core.models import TimeStampedModel


class Assessment(TimeStampedModel):
    """One confirmed monthly ranking or quarterly assessment of the units, as the
    leader confirmed it: the scheme used and every unit's facts and score are kept
    as they were, so a later correction of a complaint does not rewrite history."""

    class Kind(models.TextChoices):
        MONTH = "month", "月度排名"
        QUARTER = "quarter", "季度考核"

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "已确认"
        PUBLISHED = "published", "已公布"

    kind = models.CharField("类型", max_length=10, choices=Kind)
    period_start = models.DateField("期间开始")
    period_end = models.DateField("期间结束（含）")
    status = models.CharField(
        "状态", max_length=12, choices=Status, default=Status.CONFIRMED
    )
    scheme = models.JSONField("考核指标与权重", default=dict)
    rows = models.JSONField("各单位结果", default=list)
    note = models.TextField("说明", blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("确认时间")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="公布人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField("公布时间", null=True, blank=True)

    class Meta:
        verbose_name = "单位考核结果"
        verbose_name_plural = "单位考核结果"
        ordering = ["-period_start", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "period_start"], name="leadership_one_per_period"
            )
        ]
        permissions = [
            ("view_leadership", "查看领导视图"),
            ("confirm_assessment", "确认单位考核结果"),
            ("publish_assessment", "公布单位考核结果"),
            ("record_finding", "录入督查发现"),
        ]

    def __str__(self) -> str:
        return f"{self.title}"

    @property
    def title(self) -> str:
        if self.kind == self.Kind.MONTH:
            return f"{self.period_start:%Y年%m月}单位月度排名"
        quarter = (self.period_start.month - 1) // 3 + 1
        return f"{self.period_start.year}年第{quarter}季度单位考核"

    def get_absolute_url(self) -> str:
        return reverse("leadership:assessment-detail", args=[self.pk])


def quarter_title(start: date) -> str:
    return f"{start.year}年第{(start.month - 1) // 3 + 1}季度"


class SupervisionFinding(TimeStampedModel):
    """A finding of the bureau's supervision of a member unit's 与群众互动 work in a
    quarter (seed 000 与群众互动 三、4 "对各成员单位进行监督检查，发现存在问题，通报
    工作进展，督促责任落实"; requirements A96). Recorded against the quarter, so it
    may be entered before the quarter's assessment is confirmed; shown on the
    assessment, its exports and the quarter's progress notice."""

    quarter_start = models.DateField("考核季度（首日）", db_index=True)
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="被督查单位",
        on_delete=models.PROTECT,
        related_name="+",
    )
    found_on = models.DateField("督查日期")
    finding = models.TextField("发现的问题")
    rectification = models.TextField("整改要求")
    rectification_due = models.DateField("整改期限", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "督查发现"
        verbose_name_plural = "督查发现"
        ordering = ["quarter_start", "unit__code", "found_on", "pk"]

    def __str__(self) -> str:
        return f"{quarter_title(self.quarter_start)}督查发现（{self.unit}）"


class GrassrootsResult(TimeStampedModel):
    """One unit's 与基层互动 supervision result in a confirmed quarterly assessment
    (seed 000 与基层互动 10 "将督查结果与绩效考评得分挂钩……落实不力的，启动问责
    程序"; requirements A80): the deduction the leader entered, whether it counts
    as poor implementation, and the accountability follow-up it opened."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="grassroots_results"
    )
    unit = models.ForeignKey(
        "accounts.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    deduction = models.DecimalField(
        "与基层互动督查扣分", max_digits=5, decimal_places=1
    )
    poor = models.BooleanField("落实不力", default=False)
    threshold = models.DecimalField(
        "落实不力扣分线（确认时）", max_digits=5, decimal_places=1
    )
    accountability = models.ForeignKey(
        "casework.Accountability",
        verbose_name="责任追究",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "与基层互动督查结果"
        verbose_name_plural = "与基层互动督查结果"
        ordering = ["assessment", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "unit"], name="leadership_one_result_per_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment.title} {self.unit} 扣{self.deduction}分"

    @property
    def accountability_state(self) -> str:
        """The follow-up's state in words (待核查 …), or "" without one."""
        followup = self.accountability
        if followup is None:
            return ""
        return str(dict(type(followup).Status.choices).get(followup.status, ""))


class ProgressNotice(TimeStampedModel):
    """The quarter's progress notice (工作进展通报, seed 000 与群众互动 三、4 "通报工作
    进展"): issued once per confirmed quarterly assessment. What it says (ranking,
    deductions, findings) is kept as it was issued, so the PDF printed later is the
    document that went out (its SHA-256 is in the record entry)."""

    assessment = models.OneToOneField(
        Assessment, on_delete=models.PROTECT, related_name="notice"
    )
    reference = models.CharField("文号", max_length=60, unique=True)
    content = models.JSONField("通报内容", default=dict)
    sha256 = models.CharField("PDF摘要", max_length=64)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="印发人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField("印发时间")

    class Meta:
        verbose_name = "工作进展通报"
        verbose_name_plural = "工作进展通报"
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def title(self) -> str:
        return f"关于{quarter_title(self.assessment.period_start)}“与群众互动”工作考核情况的通报"
