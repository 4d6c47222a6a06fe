"""From 调查终结 to the served decision (issue 10): discretion, the summary
procedure, prior notice, statement and defence, hearing, legal review (法制审核),
collective deliberation (集体审议) and service (送达).

Seed 000: 重大行政执法决定集体审议规则 (第三条 scope, 第七条 quorum, 第九条 procedure),
重大行政执法决定法制审核制度 (第二条 scope, 第四–十一条), 全过程记录实施办法 第十六–二十七条.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import cast

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop

from ecobureau.core.models import TimeStampedModel


class DiscretionStandard(models.Model):
    """One entry of a discretion standard (裁量基准), effective-dated. Liaoning's
    standard (辽环发〔2023〕9号, rules.md P24) was not retrieved: entries shipped by
    the migration are 示例配置 (`example`), to be replaced by the legal section."""

    code = models.CharField("编号", max_length=40)
    title = models.CharField("违法行为", max_length=200)
    provision = models.CharField("处罚依据", max_length=300)
    basis = models.CharField("裁量基准文件", max_length=200)
    levels = models.JSONField(
        "裁量档次",
        default=list,
        help_text='[{"level": "较轻", "min": "20000", "max": "50000", "when": "…"}]',
    )
    effective_from = models.DateField("施行日期")
    effective_to = models.DateField("废止日期", null=True, blank=True)
    example = models.BooleanField("示例配置（未经确认）", default=True)

    class Meta:
        verbose_name = "裁量基准"
        verbose_name_plural = "裁量基准"
        ordering = ["code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "effective_from"], name="discretion_code_from"
            )
        ]

    def __str__(self) -> str:
        label = "（示例配置）" if self.example else ""
        return f"{self.code} {self.title}{label}"

    def level(self, name: str) -> dict[str, str] | None:
        for level in self.levels:
            if level.get("level") == name:
                return dict(level)
        return None


class PenaltyDecision(TimeStampedModel):
    """The proposed and then decided penalty of one case, with its procedure."""

    class Procedure(models.TextChoices):
        SUMMARY = "summary", "简易程序"
        ORDINARY = "ordinary", "普通程序"

    class PartyKind(models.TextChoices):
        CITIZEN = "citizen", "公民"
        ORGANISATION = "organisation", "法人或者其他组织"

    class Measure(models.TextChoices):
        SEAL_SEIZURE = "seal_seizure", "查封、扣押"
        RESTRICT = "restrict", "限制生产、停产整治"
        SUSPEND = "suspend", "责令停产停业、关闭"
        REVOKE_PERMIT = "revoke_permit", "吊销许可证件"
        CONFISCATE = "confiscate", "没收较大数额违法所得、非法财物"
        POLICE_DETENTION = "police_detention", "移送公安机关（行政拘留）"
        POLICE_CRIMINAL = "police_criminal", "移送公安机关（涉嫌犯罪）"

    class ServiceMethod(models.TextChoices):
        DIRECT = "direct", "直接送达"
        MAIL = "mail", "邮寄送达"
        LEFT = "left", "留置送达"
        ENTRUSTED = "entrusted", "委托、转交送达"
        ANNOUNCEMENT = "announcement", "公告送达"

    case = models.OneToOneField(
        "enforcement.EnforcementCase",
        verbose_name="案件",
        on_delete=models.PROTECT,
        related_name="decision",
    )
    procedure = models.CharField("程序", max_length=10, choices=Procedure)
    party_kind = models.CharField(
        "当事人类别",
        max_length=12,
        choices=PartyKind,
        default=PartyKind.ORGANISATION,
    )
    warning = models.BooleanField("警告", default=False)
    fine = models.DecimalField("罚款（元）", max_digits=14, decimal_places=2, default=0)
    daily_fine = models.BooleanField(
        "按日连续处罚", default=False, help_text="按日计罚的罚款不计入30万元。"
    )
    measures = models.JSONField("其他处罚或措施", default=list, blank=True)
    serious = models.BooleanField("案情重大或社会影响较大", default=False)
    other_major_reason = models.CharField(
        "其他需审议的重大案件（理由）", max_length=300, blank=True
    )
    facts = models.TextField("违法事实")
    legal_basis = models.TextField("处罚依据")
    standard = models.ForeignKey(
        DiscretionStandard,
        verbose_name="适用的裁量基准",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    discretion_level = models.CharField("裁量档次", max_length=40, blank=True)
    discretion_reasons = models.TextField("裁量理由", blank=True)
    major = models.BooleanField("重大行政执法决定", default=False)
    major_reasons = models.JSONField("重大决定的情形", default=list, blank=True)
    hearing_right = models.BooleanField("告知听证权利", default=False)
    # 先行告知
    notice_served_at = models.DateTimeField("先行告知书送达时间", null=True, blank=True)
    hearing_requested_at = models.DateTimeField("申请听证时间", null=True, blank=True)
    hearing_waived = models.BooleanField("放弃陈述申辩和听证", default=False)
    hearing_date = models.DateField("听证日期", null=True, blank=True)
    hearing_notified_on = models.DateField("听证通知送达日期", null=True, blank=True)
    hearing_record = models.TextField("听证笔录摘要", blank=True)
    hearing_held_at = models.DateTimeField("听证结束时间", null=True, blank=True)
    changes = models.JSONField("处罚的变更", default=list, blank=True)
    # 简易程序 (全过程记录实施办法 第二十二条)
    summary_record = models.JSONField("简易程序记录", default=dict, blank=True)
    # 决定与送达
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    service_method = models.CharField(
        "送达方式", max_length=12, choices=ServiceMethod, blank=True
    )
    served_at = models.DateTimeField("送达时间", null=True, blank=True)
    service = models.JSONField("送达记录", default=dict, blank=True)
    # 执行 (issue 10 item 3): fully paid, fine plus any late-payment surcharge.
    executed_at = models.DateTimeField("执行完毕时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "行政处罚决定"
        verbose_name_plural = "行政处罚决定"
        permissions = [
            ("decide_penalty", "可作出行政处罚决定"),
            ("legal_review", "可进行重大行政执法决定法制审核"),
        ]

    def __str__(self) -> str:
        return f"案件#{self.case_id}的处罚决定"

    def penalty_key(self) -> dict[str, object]:
        """What legal review looked at: a change means a new review (第九条)."""
        return {
            "warning": self.warning,
            "fine": str(self.fine),
            "daily_fine": self.daily_fine,
            "measures": sorted(self.measures),
        }

    def penalty_text(self) -> str:
        return self.key_text(self.penalty_key())

    @classmethod
    def key_text(
        cls, key: dict[str, object], translate: Callable[[str], str] = str
    ) -> str:
        """A `penalty_key()` in words, e.g. the amended penalty a 复审 decided.
        Stored and printed in Chinese; a page passes `gettext` as `translate`
        to show it in the reader's language (ADR 0015)."""
        parts = []
        if key.get("warning"):
            parts.append(translate(gettext_noop("警告")))
        fine = key.get("fine") or "0"
        if Decimal(str(fine)):
            text = (
                gettext_noop("罚款人民币%(fine)s元（按日连续处罚）")
                if key.get("daily_fine")
                else gettext_noop("罚款人民币%(fine)s元")
            )
            parts.append(translate(text) % {"fine": fine})
        labels = dict(cls.Measure.choices)
        measures = cast("list[str]", key.get("measures") or [])
        parts += [translate(labels.get(m, m)) for m in measures]
        return translate("；").join(parts) or translate(gettext_noop("（未定）"))


class StatementPoint(models.Model):
    """One point of the party's statement and defence (陈述、申辩), with the
    bureau's answer (复核) and whether it was adopted (全过程记录实施办法 第二十二条、
    第二十九条; 行政处罚法第四十五条)."""

    class Channel(models.TextChoices):
        WRITTEN = "written", "书面"
        ORAL = "oral", "口头（已制作笔录）"
        HEARING = "hearing", "听证"

    decision = models.ForeignKey(
        PenaltyDecision, on_delete=models.CASCADE, related_name="points"
    )
    channel = models.CharField("方式", max_length=10, choices=Channel)
    point = models.TextField("当事人的陈述、申辩意见")
    answer = models.TextField("复核意见")
    adopted = models.BooleanField("是否采纳")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = "陈述申辩意见"
        verbose_name_plural = "陈述申辩意见"
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"陈述申辩#{self.pk}"


class LegalReview(models.Model):
    """One submission to legal review (法制审核制度 第四–十一条)."""

    class Kind(models.TextChoices):
        FIRST = "first", "首次送审"
        RESUBMISSION = "resubmission", "纠正或补充后再次送审"
        CHANGED = "changed", "陈述申辩或听证后改变处罚，重新送审"

    class Opinion(models.TextChoices):
        AGREE = "agree", gettext_noop("同意")
        DISAGREE = "disagree", gettext_noop("不同意（超越职权或滥用职权）")
        REINVESTIGATE = "reinvestigate", gettext_noop("重新调查或者补充调查")
        AMEND = "amend", gettext_noop("修正（定性、依据或裁量）")
        CORRECT = "correct", gettext_noop("纠正（违反法定程序）")
        TRANSFER = "transfer", gettext_noop("移送（超出管辖或涉嫌犯罪）")

    decision = models.ForeignKey(
        PenaltyDecision, on_delete=models.PROTECT, related_name="reviews"
    )
    round = models.PositiveSmallIntegerField("送审次序")
    kind = models.CharField("送审类别", max_length=14, choices=Kind)
    package = models.JSONField("送审材料")
    penalty = models.JSONField("送审的处罚内容")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField()
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="审核人员", related_name="+", blank=True
    )
    recusals = models.JSONField("回避", default=list, blank=True)
    extension_reason = models.CharField("延长理由", max_length=300, blank=True)
    checklist = models.JSONField(
        "审核内容（第三条）",
        default=list,
        blank=True,
        help_text="每项：code、item、ok；由审核人员在提出意见时逐项记录。",
    )
    opinion = models.CharField("审核意见", max_length=14, choices=Opinion, blank=True)
    opinion_text = models.TextField("审核意见说明", blank=True)
    opinion_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField("局领导签批时间", null=True, blank=True)

    class Meta:
        verbose_name = "法制审核"
        verbose_name_plural = "法制审核"
        ordering = ["decision", "round"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "round"], name="legal_review_round"
            )
        ]

    def __str__(self) -> str:
        return f"法制审核#{self.pk}（第{self.round}次）"


class Deliberation(models.Model):
    """One meeting of the 审委会 on the case (集体审议规则 第七条, 第九条)."""

    class Outcome(models.TextChoices):
        AGREE = "agree", "同意拟作出的决定"
        DISAGREE = "disagree", "不同意"
        AMEND = "amend", "修改后作出决定"

    decision = models.ForeignKey(
        PenaltyDecision, on_delete=models.PROTECT, related_name="deliberations"
    )
    round = models.PositiveSmallIntegerField("审议次序")
    review = models.BooleanField(
        "复审", default=False, help_text="执行中改变或更正先前决定（第十条）。"
    )
    held_at = models.DateTimeField("会议时间")
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="主持人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    chair_entrusted = models.BooleanField("受主任委托主持", default=False)
    # 集体审议规则 第六条 (A53): the entrusted chair reports to the director after.
    chair_report = models.TextField("向主任汇报的主要情况及议定事项", blank=True)
    chair_reported_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="汇报对象（审委会主任）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    chair_reported_at = models.DateTimeField("汇报时间", null=True, blank=True)
    expected = models.PositiveSmallIntegerField("应参加委员人数")
    attending = models.PositiveSmallIntegerField("参会人数（含委托表决）")
    quorum_met = models.BooleanField("达到2/3以上")
    penalty = models.JSONField("审议的处罚内容")
    minutes = models.TextField("会议记录")
    unanimous = models.BooleanField("意见一致", default=False)
    outcome = models.CharField("审议决定", max_length=10, choices=Outcome, blank=True)
    outcome_text = models.TextField("决定意见", blank=True)
    # 集体审议规则 第十条1: a 复审 that decides 修改后作出决定 states the amended
    # penalty in the shape of `PenaltyDecision.penalty_key()`, so the 变更决定
    # (`correction.decision_correct`) can be held to it. Empty otherwise, and on
    # 复审 recorded before migration 0020 (free text only).
    amended_penalty = models.JSONField(
        "复审决定修改后的处罚内容", null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "集体审议"
        verbose_name_plural = "集体审议"
        ordering = ["decision", "round"]

    def __str__(self) -> str:
        return f"集体审议#{self.pk}"

    @property
    def amended_penalty_text(self) -> str:
        if not self.amended_penalty:
            return ""
        return PenaltyDecision.key_text(self.amended_penalty)


class DeliberationMember(models.Model):
    class Attendance(models.TextChoices):
        PRESENT = "present", "出席"
        PROXY = "proxy", "请假并委托表决"
        ABSENT = "absent", "缺席"

    class Vote(models.TextChoices):
        AGREE = "agree", "同意"
        DISAGREE = "disagree", "不同意"
        AMEND = "amend", "修改后同意"

    deliberation = models.ForeignKey(
        Deliberation, on_delete=models.CASCADE, related_name="members"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    attendance = models.CharField(max_length=8, choices=Attendance)
    proxy_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    vote = models.CharField(max_length=10, choices=Vote, blank=True)
    opinion = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["deliberation", "member"], name="deliberation_member_once"
            )
        ]

    def __str__(self) -> str:
        return f"审议委员#{self.member_id}"


class Payment(models.Model):
    """One payment of the fine (and any 加处罚款) against a served decision, with
    the bank receipt (缴款凭证). `surcharge` is what the `surcharge` rule gives for
    the fine on `paid_on`, kept as it was when the payment was recorded."""

    decision = models.ForeignKey(
        PenaltyDecision, on_delete=models.CASCADE, related_name="payments"
    )
    amount = models.DecimalField("缴纳金额（元）", max_digits=14, decimal_places=2)
    paid_on = models.DateField("缴纳日期")
    receipt = models.ForeignKey(
        "casework.Attachment",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="缴款凭证",
        null=True,
        blank=True,
    )
    # 当场收缴 (简易程序, 行政处罚法第六十八、七十条): the 专用票据 instead of a bank receipt.
    receipt_note = models.CharField("票据说明", max_length=200, blank=True)
    due = models.DateField("缴纳期限届满日")
    surcharge = models.DecimalField(
        "加处罚款（元）", max_digits=14, decimal_places=2, default=0
    )
    surcharge_days = models.PositiveIntegerField("逾期天数", default=0)
    explain = models.JSONField("计算说明", default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = "罚款缴纳"
        verbose_name_plural = "罚款缴纳"
        ordering = ["paid_on", "pk"]

    def __str__(self) -> str:
        return f"{self.decision}：缴纳{self.amount}元"


class Refund(models.Model):
    """退还多缴罚款: money paid beyond what a 变更决定 left due (the correction's
    `overpaid`, 应予退还) or credited from a superseded decision beyond the new
    decision's fine (`supersession`), paid back to the party, with the refund voucher's number
    and optionally its scan (services/refunds.py). `correction` is the latest
    变更决定 when the refund was recorded; all refunds together never exceed its
    `overpaid`."""

    decision = models.ForeignKey(
        PenaltyDecision, on_delete=models.PROTECT, related_name="refunds"
    )
    correction = models.ForeignKey(
        "enforcement.DecisionCorrection",
        on_delete=models.PROTECT,
        related_name="refunds",
        verbose_name="变更决定",
        null=True,
        blank=True,
    )
    # money credited from a superseded decision beyond the new decision's fine
    # (services/supersede.py; migration 0023)
    supersession = models.ForeignKey(
        "enforcement.SupersededDecision",
        on_delete=models.PROTECT,
        related_name="refunds",
        verbose_name="被替代的决定（折抵后多缴）",
        null=True,
        blank=True,
    )
    amount = models.DecimalField("退还金额（元）", max_digits=14, decimal_places=2)
    refunded_on = models.DateField("退还日期")
    voucher = models.CharField("退款凭证号", max_length=100)
    receipt = models.ForeignKey(
        "casework.Attachment",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="退款凭证扫描件",
        null=True,
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = "退还罚款"
        verbose_name_plural = "退还罚款"
        ordering = ["refunded_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="refund_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(correction__isnull=False)
                | models.Q(supersession__isnull=False),
                name="refund_has_ground",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision}：退还{self.amount}元"


# --- 执行 (issue 10 item 3, second slice) -------------------------------------------


class SurchargeSuspension(models.Model):
    """A period in which the late-payment surcharge does not run: reconsideration
    or litigation (行政处罚法第七十三条第三款), or an approved deferral or instalment
    plan (行政处罚法第六十六条第二款). Passed to the lib `surcharge` rule as
    `suspended`; an open period (no end) runs to the day considered."""

    class Kind(models.TextChoices):
        RECONSIDERATION = "reconsideration", "申请行政复议"
        LITIGATION = "litigation", "提起行政诉讼"
        DEFERRAL = "deferral", "经批准暂缓缴纳"
        INSTALMENT = "instalment", "经批准分期缴纳"

    decision = models.ForeignKey(
        PenaltyDecision, on_delete=models.CASCADE, related_name="suspensions"
    )
    kind = models.CharField("类别", max_length=16, choices=Kind)
    starts_on = models.DateField("起始日")
    ends_on = models.DateField("结束日", null=True, blank=True)
    basis = models.CharField("依据（受理通知书、批准文书等）", max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = "加处罚款中止期间"
        verbose_name_plural = "加处罚款中止期间"
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on}"


class ReminderService(models.Model):
    """The service of a 催告书 and the party's statement on it (行政强制法第三十五、
    三十六条); court enforcement may be applied for only 10 (working) days after
    service (第五十四条, 第六十九条; rules.md P12)."""

    decision = models.ForeignKey(
        PenaltyDecision, on_delete=models.CASCADE, related_name="reminders"
    )
    document = models.OneToOneField(
        "casework.Document", on_delete=models.PROTECT, related_name="+"
    )
    served_at = models.DateTimeField("送达时间", null=True, blank=True)
    method = models.CharField("送达方式", max_length=12, blank=True)
    proof = models.CharField("送达凭证", max_length=300, blank=True)
    statement = models.TextField("当事人陈述、申辩及复核", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "催告书送达"
        verbose_name_plural = "催告书送达"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"催告#{self.pk}"


class CourtApplication(models.Model):
    """申请人民法院强制执行 (行政强制法第五十三–五十五条, 行政处罚法第七十二条第一款
    第四项): the application, the court, its ruling and the outcome (全过程记录实施办法
    第三十一条)."""

    class Ruling(models.TextChoices):
        PENDING = "pending", "待裁定"
        GRANTED = "granted", "裁定准予执行"
        REFUSED = "refused", "裁定不予执行"

    decision = models.ForeignKey(
        PenaltyDecision, on_delete=models.PROTECT, related_name="court_applications"
    )
    reminder = models.ForeignKey(
        ReminderService, on_delete=models.PROTECT, related_name="+"
    )
    applied_on = models.DateField("申请日期")
    court = models.CharField("受理法院", max_length=100)
    reference = models.CharField("申请书文号或法院案号", max_length=100)
    amount = models.DecimalField("申请执行金额（元）", max_digits=14, decimal_places=2)
    ruling = models.CharField(
        "裁定", max_length=10, choices=Ruling, default=Ruling.PENDING
    )
    ruling_on = models.DateField("裁定日期", null=True, blank=True)
    outcome = models.TextField("执行结果", blank=True)
    outcome_on = models.DateField("执行结果日期", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "申请人民法院强制执行"
        verbose_name_plural = "申请人民法院强制执行"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"申请强制执行#{self.pk}（{self.court}）"


class CorrectionCheck(models.Model):
    """The re-inspection of a correction order (全过程记录实施办法 第二十八条, A42;
    法典 第一千零六十条 / rules.md P21): corrected, or the violation continues."""

    decision = models.ForeignKey(
        PenaltyDecision, on_delete=models.PROTECT, related_name="correction_checks"
    )
    ordered_on = models.DateField("责令改正决定送达之日")
    due_on = models.DateField("改正期限")
    checked_on = models.DateField("复查日期")
    corrected = models.BooleanField("已改正")
    finding = models.TextField("复查情况")
    officers = models.JSONField("复查人员", default=list)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = "改正情况复查"
        verbose_name_plural = "改正情况复查"
        ordering = ["checked_on", "pk"]

    def __str__(self) -> str:
        return f"复查#{self.pk}（{self.checked_on}）"


class DailyPenalty(models.Model):
    """按日连续处罚 (法典 第一千零六十条, from 2026-08-15; before: 环境保护法
    第五十九条 and 环境保护部令第28号; rules.md P21–P22): the original fine times the
    days from the day after the correction order to the re-inspection that found
    the violation continuing."""

    correction = models.OneToOneField(
        CorrectionCheck, on_delete=models.PROTECT, related_name="daily_penalty"
    )
    first_day = models.DateField("计罚起始日")
    last_day = models.DateField("计罚截止日")
    days = models.PositiveIntegerField("计罚日数")
    daily_amount = models.DecimalField(
        "原处罚数额（元/日）", max_digits=14, decimal_places=2
    )
    total = models.DecimalField(
        "按日连续处罚数额（元）", max_digits=16, decimal_places=2
    )
    basis = models.CharField("依据", max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = "按日连续处罚"
        verbose_name_plural = "按日连续处罚"

    def __str__(self) -> str:
        return f"按日连续处罚#{self.pk}：{self.days}日"


class ExecutionRecord(models.Model):
    """What every record of a compulsory execution holds (全过程记录实施办法
    第二十九、三十条; 行政强制法第三十五、三十七、四十三条): the served 催告书 it
    follows, the written execution decision's 文号, the urgent reason when it was
    carried out at night or on a day off, and who recorded it when."""

    reminder = models.ForeignKey(
        ReminderService,
        verbose_name="已送达的催告书",
        on_delete=models.PROTECT,
        related_name="+",
    )
    order_reference = models.CharField("强制执行决定书文号", max_length=60)
    # 行政强制法第四十三条: not at night nor on a day off, unless urgent; the
    # urgent reason is what lets an execution stand that was carried out then.
    urgency = models.TextField("情况紧急的事由（夜间或节假日实施）", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        abstract = True


class Restoration(ExecutionRecord):
    """恢复原状 as a compulsory execution method (全过程记录实施办法 第三十条(二)):
    after the 催告书 was served and the party still did not comply, with the
    written decision for it and the audio/video made at the same time (第三十条
    第二款)."""

    decision = models.ForeignKey(
        PenaltyDecision, on_delete=models.PROTECT, related_name="restorations"
    )
    work = models.TextField("恢复原状的内容和方式")
    carried_out_on = models.DateField("实施日期")
    result = models.TextField("实施结果")
    officers = models.JSONField("实施人员", default=list)
    recording = models.ForeignKey(
        "casework.Attachment",
        verbose_name="同步音像记录",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "恢复原状"
        verbose_name_plural = "恢复原状"
        ordering = ["carried_out_on", "pk"]

    def __str__(self) -> str:
        return f"恢复原状#{self.pk}（{self.carried_out_on}）"
