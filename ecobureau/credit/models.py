"""Enterprise environmental credit evaluation (企业环境信用评价).

Configuration is data, effective-dated: a scoring scheme (评价方案) holds its
indicators (指标), grade bands (等级) and direct downgrades (一票否决). A value that
rules.md marks NOT CONFIRMED ships with `is_example=True` and is shown with the label
EXAMPLE_LABEL, never as law.

An evaluation year (年度评价) is launched by a work notice; each enterprise in scope
gets one `Evaluation` (a casework case, processes.EVALUATION). Objections (异议) and
credit repair (信用修复) belong to a published evaluation.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop

from ecobureau.casework.models import CaseModel
from ecobureau.core.models import TimeStampedModel

from .config import EXAMPLE_LABEL  # noqa: F401


class Scheme(TimeStampedModel):
    """A scoring scheme in force from `effective_from` (to `effective_to`)."""

    class Kind(models.TextChoices):
        NATIONAL = "national", "全国（环发〔2013〕150号，4类21项）"
        LIAONING = "liaoning", "辽宁（辽环发〔2022〕20号，记分制）"

    code = models.CharField("方案代码", max_length=40, unique=True)
    kind = models.CharField("方案类型", max_length=12, choices=Kind)
    name = models.CharField("方案名称", max_length=120)
    basis = models.CharField("依据", max_length=300)
    base_score = models.PositiveSmallIntegerField("基础分", default=100)
    effective_from = models.DateField("生效日期")
    effective_to = models.DateField("失效日期", null=True, blank=True)
    is_example = models.BooleanField("示例配置", default=True)

    class Meta:
        ordering = ["kind", "-effective_from"]
        verbose_name = "信用评价方案"

    def __str__(self) -> str:
        return self.name

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )


class Indicator(models.Model):
    """One indicator: which platform records it reads (`source`), how many points
    each record deducts, and its cap (the indicator's weight in a 100-point scheme)."""

    class Source(models.TextChoices):
        CASE_FILED = "case_filed", "立案查处的环境违法案件（执法）"
        PENALTY = "penalty", "行政处罚决定（执法）"
        EXCEEDANCE = "exceedance", "自动监控超标线索（监测）"
        ANOMALY = "anomaly", "自动监控数据异常线索（监测）"
        NO_PERMIT = "no_permit", "无证排污（监测·排放量）"
        OVER_TOTAL = "over_total", "超许可排放量（监测·排放量）"
        COMPLAINT_TRUE = "complaint_true", "投诉举报经核查属实（投诉）"
        PERMIT_EXPIRED = "permit_expired", "排污许可证过期或缺失（企业档案）"
        INCIDENT = "incident", "负有责任的突发环境事件（应急，已分级）"
        RECTIFICATION = "rectification", "督察整改逾期或反弹（督察整改，涉及企业）"
        DISCLOSURE = "disclosure", "未依法公开环境信息（执法·轻微违法核对）"
        MANUAL = "manual", "初审人员填报"
        BONUS = "bonus", "守信加分（初审人员填报来源和依据）"

    scheme = models.ForeignKey(
        Scheme, on_delete=models.CASCADE, related_name="indicators"
    )
    aspect = models.CharField("类别", max_length=20)
    code = models.CharField("指标代码", max_length=20)
    name = models.CharField("指标名称", max_length=80)
    source = models.CharField("数据来源", max_length=20, choices=Source)
    points = models.DecimalField("每项扣分/记分", max_digits=5, decimal_places=1)
    cap = models.DecimalField("最高扣分（权重）", max_digits=5, decimal_places=1)
    basis = models.CharField("依据", max_length=300, blank=True)
    is_example = models.BooleanField("示例配置", default=True)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        ordering = ["scheme", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "code"], name="credit_indicator_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class GradeBand(models.Model):
    """A grade: score ≥ `min_score` (the highest band that fits wins)."""

    class Colour(models.TextChoices):
        GREEN = "green", "绿牌"
        BLUE = "blue", "蓝牌"
        YELLOW = "yellow", "黄牌"
        RED = "red", "红牌"

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="grades")
    code = models.CharField("等级代码", max_length=20)
    name = models.CharField("等级名称", max_length=20)
    colour = models.CharField("颜色", max_length=10, choices=Colour)
    min_score = models.DecimalField("最低分", max_digits=5, decimal_places=1)
    is_worst = models.BooleanField("一票否决时适用", default=False)
    basis = models.CharField("依据", max_length=300, blank=True)
    is_example = models.BooleanField("示例配置（分数线）", default=True)

    class Meta:
        ordering = ["scheme", "-min_score"]

    def __str__(self) -> str:
        return self.name


class VetoRule(models.Model):
    """A direct downgrade (一票否决): a record of `source` in the year → worst grade."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="vetoes")
    code = models.CharField("代码", max_length=20)
    text = models.CharField("情形", max_length=200)
    source = models.CharField(
        "数据来源", max_length=20, choices=Indicator.Source, blank=True
    )
    basis = models.CharField("依据", max_length=300)
    is_confirmed = models.BooleanField("已核实", default=False)

    class Meta:
        ordering = ["scheme", "code"]

    def __str__(self) -> str:
        return self.text


class EvaluationYear(TimeStampedModel):
    """One annual evaluation, launched by the work notice (印发或转发工作通知)."""

    year = models.PositiveSmallIntegerField("评价年度", unique=True)
    scheme = models.ForeignKey(
        Scheme, verbose_name="评价方案", on_delete=models.PROTECT
    )
    notice = models.CharField("工作通知", max_length=200)
    launched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年度企业环境信用评价"


class Evaluation(CaseModel):
    """One enterprise's evaluation for one year. Status moves only through
    processes.EVALUATION; scores are written by services.evaluation_prescore."""

    evaluation_year = models.ForeignKey(
        EvaluationYear, on_delete=models.PROTECT, related_name="evaluations"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="+"
    )
    scope_reason = models.CharField("纳入评价范围的理由", max_length=200)
    commitment_at = models.DateTimeField("信用承诺提交时间", null=True, blank=True)
    score = models.DecimalField("得分", max_digits=5, decimal_places=1, null=True)
    deducted = models.DecimalField(
        "扣分/记分合计", max_digits=5, decimal_places=1, null=True
    )
    grade_code = models.CharField("等级代码", max_length=20, blank=True)
    grade_name = models.CharField("等级", max_length=20, blank=True)
    colour = models.CharField("颜色", max_length=10, blank=True)
    vetoed = models.BooleanField("一票否决", default=False)
    explanation = models.JSONField("评分说明", default=list)
    prescore_note = models.TextField("初审意见", blank=True)
    review_note = models.TextField("复核意见", blank=True)
    consultation_note = models.TextField("征求意见情况", blank=True)
    published_at = models.DateTimeField("公布时间", null=True, blank=True)
    # 公示 (rules.md §2.1, setting CREDIT_NOTICE_DAYS): the notice period before
    # the result is final; objections are accepted from start to end inclusive.
    notice_start = models.DateField("公示开始日期", null=True, blank=True)
    notice_end = models.DateField("公示截止日期", null=True, blank=True)
    repaired_at = models.DateTimeField("信用修复时间", null=True, blank=True)

    class Meta:
        ordering = ["evaluation_year", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation_year", "enterprise"], name="credit_one_per_year"
            )
        ]
        permissions = [
            ("prescore_evaluation", "初审评分"),
            ("manage_evaluation", "复核、公布、处理异议和信用修复"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_year.year}年度 {self.enterprise.name}"

    @property
    def status_label(self) -> str:
        from .processes import EVALUATION

        try:
            return EVALUATION.step(self.status).label
        except KeyError:
            return self.status


class Adjustment(models.Model):
    """An item the pre-scoring team enters (填报相关数据) or an objection changes.
    `points` is never negative: whether it deducts or adds (守信加分) follows from
    the indicator's source."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="adjustments"
    )
    indicator_code = models.CharField("指标代码", max_length=20)
    points = models.DecimalField("扣分/记分", max_digits=5, decimal_places=1)
    reason = models.CharField("理由及依据记录", max_length=300)
    excluded_ref = models.CharField(
        "不予计分的记录", max_length=60, blank=True
    )  # an objection upheld against one record: "kind:pk"
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.indicator_code or '—'} {self.points}：{self.reason}"


class Objection(TimeStampedModel):
    """异议: an enterprise disputes its published result (or one item of it)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", gettext_noop("待处理")
        UPHELD = "upheld", gettext_noop("异议成立，已更正")
        REJECTED = "rejected", gettext_noop("异议不成立")

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="objections"
    )
    record_ref = models.CharField("有异议的记录", max_length=60, blank=True)
    text = models.TextField("异议内容及理由")
    # Raised during the notice period (公示期), before the result was final.
    during_notice = models.BooleanField("公示期内提出", default=False)
    status = models.CharField(
        "状态", max_length=12, choices=Status, default=Status.SUBMITTED
    )
    decision = models.TextField("处理意见", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)


class DepartmentOpinion(models.Model):
    """One department's or section's opinion on a reviewed evaluation (seed 000
    办理基本流程: 市级生态环境部门复核审定 → 征求部门（科室）意见后报省厅).
    The credit section asks (`requested_*`), a member of the consulted unit
    answers (`answered_*`, 无意见 / 有意见 with its text), and an opinion is
    handled (采纳 / 不采纳, with the reason) before `consult` may report."""

    class Verdict(models.TextChoices):
        NONE = "none", gettext_noop("无意见")
        HAS = "has", gettext_noop("有意见")

    class Handling(models.TextChoices):
        ADOPTED = "adopted", gettext_noop("采纳")
        REJECTED = "rejected", gettext_noop("不采纳")

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="opinions"
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="征求意见的部门（科室）",
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField("征求时间")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verdict = models.CharField("答复结论", max_length=8, choices=Verdict, blank=True)
    opinion = models.TextField("意见内容", blank=True)
    handling = models.CharField("处理情况", max_length=10, choices=Handling, blank=True)
    handling_note = models.TextField("处理说明（不采纳的理由）", blank=True)
    handled_at = models.DateTimeField("处理时间", null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A request a unit never answers would hold `consult` for good: the credit
    # section withdraws it, with the reason (services.opinion_withdraw).
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawal_reason = models.TextField("撤回理由", blank=True)

    class Meta:
        ordering = ["evaluation", "requested_at", "pk"]
        verbose_name = "征求部门（科室）意见"
        verbose_name_plural = "征求部门（科室）意见"
        constraints = [
            # 有意见 always carries its text (the service refuses it empty too).
            models.CheckConstraint(
                condition=~models.Q(verdict="has") | ~models.Q(opinion=""),
                name="credit_opinion_text_when_objecting",
            ),
            # Only an unanswered request is withdrawn (the service refuses it too).
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True)
                | models.Q(answered_at__isnull=True),
                name="credit_opinion_withdrawn_unanswered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} 对 {self.evaluation} 的意见"

    @property
    def is_open(self) -> bool:
        """Unanswered and not withdrawn: the unit still has to answer."""
        return self.answered_at is None and self.withdrawn_at is None

    @property
    def status_label(self) -> str:
        if self.withdrawn_at:
            return gettext_noop("已撤回")
        if not self.answered_at:
            return gettext_noop("待答复")
        if self.verdict == self.Verdict.NONE:
            return gettext_noop("无意见")
        if not self.handling:
            return gettext_noop("有意见，待处理")
        if self.handling == self.Handling.ADOPTED:
            return gettext_noop("有意见，已采纳")
        return gettext_noop("有意见，不采纳")


class Repair(TimeStampedModel):
    """信用修复: after the minimum publication period (C10) the enterprise applies."""

    class Severity(models.TextChoices):
        MINOR = "minor", "轻微失信"
        GENERAL = "general", "一般失信"
        SERIOUS = "serious", "严重失信"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", gettext_noop("待审核")
        GRANTED = "granted", gettext_noop("准予修复")
        REFUSED = "refused", gettext_noop("不予修复")

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="repairs"
    )
    severity = models.CharField("失信程度", max_length=10, choices=Severity)
    # C10: the periods run from the date of the document the information rests
    # on. Taken from the platform's record (`decision_ref`) where there is one;
    # typed by the enterprise (decision_ref empty) only when there is none.
    decision_date = models.DateField("失信信息所依据的文书日期")
    decision_ref = models.CharField("文书日期取自的平台记录", max_length=60, blank=True)
    decision_label = models.CharField("所依据的文书", max_length=200, blank=True)
    corrected = models.TextField("已纠正失信行为、消除不良影响的情况")
    status = models.CharField(
        "状态", max_length=12, choices=Status, default=Status.SUBMITTED
    )
    decision = models.TextField("审核意见", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)


class ProvincialImport(TimeStampedModel):
    """One upload of the province's published evaluation results (省级生态环境
    部门公布的企业环境信用评价结果), kept with the file's SHA-256."""

    file_name = models.CharField("文件名", max_length=200)
    sha256 = models.CharField("文件SHA-256", max_length=64)
    rows = models.PositiveIntegerField("数据行数", default=0)
    recorded = models.PositiveIntegerField("新登记", default=0)
    corrected = models.PositiveIntegerField("按省厅更正", default=0)
    unchanged = models.PositiveIntegerField("已登记且一致", default=0)
    conflicts = models.PositiveIntegerField("与市级评定不一致", default=0)
    correction_basis = models.CharField("更正依据", max_length=200, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "省厅公布结果导入"

    def __str__(self) -> str:
        return f"{self.file_name}（{self.rows}行）"


class ProvincialGrade(TimeStampedModel):
    """The grade the province published for one enterprise and year.

    Kept beside the city's own `Evaluation`, never written into it: the city's
    score, grade and its consequences stay what the city decided, and a
    different published grade is flagged (`conflict`) for the credit staff.
    """

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("评价年度")
    grade_name = models.CharField("公布等级", max_length=20)
    grade_code = models.CharField("等级代码", max_length=20, blank=True)
    colour = models.CharField("颜色", max_length=10, blank=True)
    authority = models.CharField("评价机关", max_length=80, blank=True)
    published_name = models.CharField("名单中的企业名称", max_length=200)
    source = models.ForeignKey(
        ProvincialImport, on_delete=models.PROTECT, related_name="grades"
    )
    row = models.PositiveIntegerField("文件行号")
    conflict = models.CharField("与市级评定的差异", max_length=200, blank=True)

    class Meta:
        ordering = ["-year", "enterprise__name"]
        verbose_name = "省厅公布的信用等级"
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year"], name="credit_provincial_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}年度 {self.grade_name}"


class DisclosureReport(TimeStampedModel):
    """An enterprise's annual environmental-information disclosure report
    (企业环境信息依法披露年度报告) for `year`, registered as disclosed."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("报告年度")
    disclosed_on = models.DateField("披露日期")
    where = models.CharField("披露平台或网址", max_length=200)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-year", "enterprise__name"]
        verbose_name = "环境信息依法披露年度报告"
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year"], name="credit_disclosure_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}年度环境信息依法披露报告"


class FactEntry(models.Model):
    """A record the scoring reads (a penalty decision, an exceedance clue, a
    complaint found true …), entered into the enterprise's credit record for its
    year by the credit team (记分登记) — the act C7 times: within 10 working days
    of the information arising (辽宁省企业环境信用评价管理办法 征求意见稿 第四条,
    示例配置). `due_on` is stored as computed at entry; `late` says whether the
    entry came after it. Facts not yet entered have no row: the clock page
    computes their due day from the source record's date."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    source = models.CharField("来源", max_length=30)
    ref = models.CharField("平台记录", max_length=120)
    label = models.CharField("内容", max_length=200)
    arose_on = models.DateField("信息产生日期")
    due_on = models.DateField("应录入日期", db_index=True)
    entered_at = models.DateTimeField("录入时间")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    late = models.BooleanField("逾期录入", default=False)

    class Meta:
        ordering = ["-entered_at", "-pk"]
        verbose_name = "信用信息录入"
        verbose_name_plural = "信用信息录入"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "ref"], name="credit_fact_entered_once"
            )
        ]
        indexes = [models.Index(fields=["enterprise", "year"])]

    def __str__(self) -> str:
        return f"{self.year}年度 {self.label[:30]}"
