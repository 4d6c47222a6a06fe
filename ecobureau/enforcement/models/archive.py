"""After execution (issue 10 item 4): the case file (归档, 全过程记录实施办法 第三十二条,
A44), its filing with the legal section (法制审核制度 第十四条, A65), the case-file
review (案卷评查, 法制审核制度 第十二条, A64) and the publication of penalty decisions
on the portal (行政处罚法第四十八条, rules.md P18)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop


class CaseFile(models.Model):
    """The archived case file (卷宗) with its catalogue (卷内目录): each document,
    measure, recording and payment with its number, date and SHA-256."""

    case = models.OneToOneField(
        "enforcement.EnforcementCase",
        on_delete=models.PROTECT,
        related_name="case_file",
    )
    ended_on = models.DateField("执法行为终结之日")
    due_on = models.DateField("归档期限")
    catalogue = models.JSONField("卷内目录", default=list)
    document = models.ForeignKey(
        "casework.Document",
        verbose_name="卷内目录（编号文本）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    missing = models.JSONField("缺少的材料（说明）", default=list, blank=True)
    assembled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assembled_at = models.DateTimeField("归档时间")

    class Meta:
        verbose_name = "执法案卷"
        verbose_name_plural = "执法案卷"
        ordering = ["-assembled_at"]

    def __str__(self) -> str:
        return f"案卷#{self.pk}（案件#{self.case_id}）"


class LegalFiling(models.Model):
    """备案 with the reviewing body within 7 days of serving an ordinary-procedure
    decision (法制审核制度 第十四条, A65): which materials were filed."""

    decision = models.OneToOneField(
        "enforcement.PenaltyDecision",
        on_delete=models.PROTECT,
        related_name="legal_filing",
    )
    due_on = models.DateField("备案期限")
    items = models.JSONField("备案材料")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField("备案时间")
    late_reason = models.CharField("逾期原因", max_length=300, blank=True)

    class Meta:
        verbose_name = "行政处罚备案"
        verbose_name_plural = "行政处罚备案"

    def __str__(self) -> str:
        return f"备案#{self.pk}"


class FileReview(models.Model):
    """One case-file review (案卷评查) of an archived file by the reviewing body,
    periodic or at random (法制审核制度 第十二条), supervisors taking part
    (执法监督员工作规则 第六条(三))."""

    class Kind(models.TextChoices):
        PERIODIC = "periodic", gettext_noop("定期评查")
        RANDOM = "random", gettext_noop("随机抽查")

    class Result(models.TextChoices):
        GOOD = "good", gettext_noop("优秀")
        PASS = "pass", gettext_noop("合格")
        FAIL = "fail", gettext_noop("不合格")

    case_file = models.ForeignKey(
        CaseFile, on_delete=models.PROTECT, related_name="reviews"
    )
    kind = models.CharField("评查方式", max_length=10, choices=Kind)
    batch = models.CharField("评查批次", max_length=60)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    supervisors = models.ManyToManyField(
        "engagement.Supervisor",
        verbose_name="参加的执法监督员",
        blank=True,
        related_name="+",
    )
    # 执法监督员工作规则 第九条 (A108): the certificate number each participating
    # enforcement supervisor showed, by the supervisor's pk (as text).
    supervisor_certificates = models.JSONField(
        "出示的监督员证编号", default=dict, blank=True
    )
    checklist = models.JSONField("评查项目", default=list)
    findings = models.TextField("发现的问题", blank=True)
    result = models.CharField("评查结论", max_length=6, choices=Result, blank=True)
    reviewed_at = models.DateTimeField("评查时间", null=True, blank=True)
    feedback = models.TextField("反馈意见", blank=True)
    feedback_at = models.DateTimeField("反馈时间", null=True, blank=True)
    response = models.TextField("承办机构整改情况", blank=True)
    response_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    response_at = models.DateTimeField("整改反馈时间", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "案卷评查"
        verbose_name_plural = "案卷评查"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"案卷评查#{self.pk}（{self.batch}）"


class PublishedDecision(models.Model):
    """A penalty decision published on the portal (行政处罚法第四十八条): the party's
    name only for an organisation, never a private person's; withdrawn within 3
    working days once the decision is changed, revoked or found illegal (P18).

    At most one live (not withdrawn) entry per decision. After a 变更决定 the
    withdrawn entry stays as history and the corrected decision is published as a
    new entry: `reference` is then the 变更决定书's number, `original_reference`
    the 决定书 it changes, `correction` the 变更决定 (services/publication.py)."""

    decision = models.ForeignKey(
        "enforcement.PenaltyDecision",
        on_delete=models.PROTECT,
        related_name="publications",
    )
    correction = models.ForeignKey(
        "enforcement.DecisionCorrection",
        verbose_name="变更行政处罚决定",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reference = models.CharField("决定书文号", max_length=60)
    original_reference = models.CharField(
        "所变更的原决定书文号", max_length=60, blank=True
    )
    party = models.CharField("当事人（公开）", max_length=200)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    district = models.CharField("区域", max_length=60, blank=True)
    facts = models.TextField("主要违法事实")
    basis = models.TextField("处罚依据")
    penalty = models.CharField("处罚内容", max_length=300)
    decided_on = models.DateField("处罚决定日期")
    due_on = models.DateField("公开期限")
    published_at = models.DateTimeField("公开时间", db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdraw_due = models.DateField("撤下期限", null=True, blank=True)
    withdraw_reason = models.CharField("撤下原因", max_length=300, blank=True)
    withdrawn_at = models.DateTimeField("撤下时间", null=True, blank=True)

    class Meta:
        verbose_name = "行政处罚决定公开"
        verbose_name_plural = "行政处罚决定公开"
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="enforcement_publication_one_live",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.party}"
