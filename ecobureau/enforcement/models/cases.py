"""Inspections (行政检查) and, later, cases (立案与调查取证).

No plan, no inspection (无计划不检查, seed 004; requirements E5): an on-site
inspection stands on an approved plan item (the grid module's `InspectionTask`,
from the double-random draw or a planned check) or on an ad-hoc reason
(`InspectionReason`) approved in advance. Officers check in by scanning the
enterprise's code (扫码入企, E7), write the inspection record (现场检查笔录, A33)
from a per-industry checklist with photos, may leave an environmental health-check
sheet (生态环境体检单, E9) for problems fixed on the spot, and the enterprise rates
the visit afterwards (执法检查满意度调查, E20).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop

from ecobureau.casework.models import CaseModel
from ecobureau.core.models import Division, TimeStampedModel


class EnterpriseCode(models.Model):
    """The enterprise's QR code (扫码入企 / 码上监督): a secret token in a URL.
    Reissuing it (a lost or copied code) replaces the token."""

    enterprise = models.OneToOneField(
        "enterprises.Enterprise",
        verbose_name="企业",
        on_delete=models.CASCADE,
        related_name="+",
    )
    token = models.CharField("令牌", max_length=40, unique=True)
    issued_at = models.DateTimeField("签发时间")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "企业执法二维码"
        verbose_name_plural = "企业执法二维码"

    def __str__(self) -> str:
        return f"二维码：{self.enterprise_id}"


class InspectionReason(TimeStampedModel):
    """An ad-hoc reason to inspect an enterprise outside the plan (个案检查事由),
    approved in advance through casework's approvals (承办→审核→批准). Such checks
    do not count against the yearly cap on routine checks (rules.md §6)."""

    SUBJECT = "临时现场检查审批"

    class Source(models.TextChoices):
        COMPLAINT = "complaint", "投诉举报"
        CLUE = "clue", "自动监控数据线索"
        GRID_REPORT = "grid_report", "网格上报问题"
        DRONE = "drone", "无人机巡查发现"
        SUPERIOR = "superior", "上级交办"

    # Sources that are objects of other modules, fetched through casework.registry.
    SOURCE_TARGETS = {
        Source.COMPLAINT: "complaints.complaint",
        Source.CLUE: "monitoring.clue",
        Source.GRID_REPORT: "grid.problem",
    }

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField("事由来源", max_length=20, choices=Source)
    source_type = models.CharField("来源对象类型", max_length=60, blank=True)
    source_id = models.CharField("来源对象编号", max_length=40, blank=True)
    reference = models.CharField(
        "来源说明", max_length=120, blank=True, help_text="上级交办文号、无人机航次等。"
    )
    reason = models.TextField("检查必要性说明")
    listed = models.BooleanField("正面清单企业", default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提请人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "accounts.Unit", on_delete=models.PROTECT, related_name="+", null=True
    )
    district = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    township = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "临时检查事由"
        verbose_name_plural = "临时检查事由"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_source_display()}：检查事由#{self.pk}"


class Inspection(CaseModel):
    """One on-site inspection of one enterprise (现场检查), moved through the
    INSPECTION process (processes.py) by the services."""

    class Basis(models.TextChoices):
        PLAN = "plan", gettext_noop("检查计划")
        REASON = "reason", gettext_noop("经批准的临时检查事由")

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField("年度")
    basis = models.CharField("检查依据", max_length=10, choices=Basis)
    plan_task = models.ForeignKey(
        "grid.InspectionTask",
        verbose_name="检查计划任务",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.ForeignKey(
        InspectionReason,
        verbose_name="临时检查事由",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    routine = models.BooleanField("计入年度日常检查次数", default=False)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="检查人员", related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    arrived_at = models.DateTimeField("入企时间", null=True, blank=True)
    finished_at = models.DateTimeField("检查结束时间", null=True, blank=True)
    cancel_reason = models.CharField("取消理由", max_length=300, blank=True)

    class Meta:
        verbose_name = "现场检查"
        verbose_name_plural = "现场检查"
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("inspect", "可开展现场检查（持执法证）"),
            ("plan_inspection", "可安排现场检查、提请临时检查事由"),
        ]
        indexes = [
            models.Index(fields=["enterprise", "year"], name="inspection_ent_year"),
            models.Index(fields=["status", "district"], name="inspection_status"),
            models.Index(fields=["-created_at", "-id"], name="inspection_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(basis="plan", plan_task__isnull=False, reason__isnull=True)
                    | models.Q(
                        basis="reason", plan_task__isnull=True, reason__isnull=False
                    )
                ),
                name="inspection_has_one_basis",
            ),
        ]

    def __str__(self) -> str:
        return f"现场检查#{self.pk}"

    @property
    def status_label(self) -> str:
        from ..processes import INSPECTION

        return INSPECTION.step(self.status).label if self.status else ""


class CheckIn(models.Model):
    """One officer's scan in and out at the enterprise (扫码入企). The name and
    credential number are kept as they were shown that day."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="checkins"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    officer_name = models.CharField("姓名", max_length=80)
    credential_no = models.CharField("执法证号", max_length=40)
    in_at = models.DateTimeField("入企扫码时间")
    out_at = models.DateTimeField("离企扫码时间", null=True, blank=True)

    class Meta:
        verbose_name = "扫码入企记录"
        verbose_name_plural = "扫码入企记录"
        ordering = ["in_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "officer"], name="one_checkin_per_officer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer_name} {self.in_at:%Y-%m-%d %H:%M}"


class InspectionRecord(models.Model):
    """现场检查笔录 (全过程记录实施办法 第十条, 第十二条(三); requirements A33, A35):
    the checklist answers, what was found, who attended with their credential
    numbers (kept on the inspection's check-ins), whether the credentials were
    shown, and the party's signature or refusal."""

    inspection = models.OneToOneField(
        Inspection, on_delete=models.CASCADE, related_name="record"
    )
    checklist = models.CharField("检查清单", max_length=30)
    items = models.JSONField("检查项目及结果")
    findings = models.TextField("现场检查情况")
    present_name = models.CharField("在场人员姓名", max_length=40)
    present_title = models.CharField("在场人员职务", max_length=40, blank=True)
    credentials_shown = models.BooleanField("已出示执法证件")
    rights_told = models.CharField(
        "权利告知方式",
        max_length=200,
        blank=True,
        help_text="如“当场口头告知申请回避的权利，当事人表示不申请回避”。",
    )
    party_signed = models.BooleanField("当事人已签字确认", default=False)
    refusal = models.CharField(
        "拒绝签字或拒绝接受检查的情况", max_length=300, blank=True
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField("制作时间")

    class Meta:
        verbose_name = "现场检查笔录"
        verbose_name_plural = "现场检查笔录"

    def __str__(self) -> str:
        return f"现场检查笔录#{self.inspection_id}"

    @property
    def problem_count(self) -> int:
        return sum(1 for item in self.items if item.get("result") == "problem")


class HealthCheckSheet(models.Model):
    """生态环境体检单 (seed 004; requirements E9): problems fixed on the spot (立行立改)
    and the requirements explained to the enterprise. It does not open a case; a
    problem not fixed on the spot does not belong here."""

    inspection = models.OneToOneField(
        Inspection, on_delete=models.CASCADE, related_name="health_sheet"
    )
    items = models.JSONField("立行立改问题")
    advice = models.TextField("环境管理要求说明")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField("填写时间")

    class Meta:
        verbose_name = "生态环境体检单"
        verbose_name_plural = "生态环境体检单"

    def __str__(self) -> str:
        return f"生态环境体检单#{self.inspection_id}"


class VisitRating(models.Model):
    """The enterprise's rating of one visit (执法检查满意度调查, 码上监督; E19, E20)."""

    class Overall(models.TextChoices):
        SATISFIED = "satisfied", gettext_noop("满意")
        FAIR = "fair", gettext_noop("基本满意")
        UNSATISFIED = "unsatisfied", gettext_noop("不满意")

    inspection = models.OneToOneField(
        Inspection, on_delete=models.CASCADE, related_name="rating"
    )
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    overall = models.CharField("总体评价", max_length=12, choices=Overall)
    credentials_shown = models.BooleanField("执法人员出示了执法证件")
    civil = models.BooleanField("执法规范文明")
    comment = models.TextField("意见建议", blank=True)
    rated_at = models.DateTimeField("评价时间")

    class Meta:
        verbose_name = "执法检查满意度评价"
        verbose_name_plural = "执法检查满意度评价"

    def __str__(self) -> str:
        return f"{self.get_overall_display()}#{self.inspection_id}"


class EnforcementCase(CaseModel):
    """An administrative penalty case from its start to the end of the
    investigation (this module's first half; decisions to archive follow).

    全过程记录实施办法 第八条: a case the bureau starts on its own initiative needs
    the program-start approval (程序启动审批表) of the deputy director in charge; in
    an emergency it may start first, the approval filed within 24 hours. The form's
    contents are this row: reason, source, party, basic facts, and the opinions of
    the handler, unit and head (on the approval). 第九条: a real-name complainant is
    told when no case is opened, and the telling is recorded.
    """

    START_SUBJECT = "程序启动审批"

    class Source(models.TextChoices):
        INSPECTION = "inspection", "现场检查发现"
        COMPLAINT = "complaint", "投诉举报"
        CLUE = "clue", "自动监控数据线索"
        GRID_REPORT = "grid_report", "网格上报问题"
        TRANSFER = "transfer", "移送、交办"

    SOURCE_TARGETS = {
        Source.COMPLAINT: "complaints.complaint",
        Source.CLUE: "monitoring.clue",
        Source.GRID_REPORT: "grid.problem",
    }

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="当事人（企业）",
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField("案件来源", max_length=20, choices=Source)
    source_type = models.CharField("来源对象类型", max_length=60, blank=True)
    source_id = models.CharField("来源对象编号", max_length=40, blank=True)
    inspection = models.ForeignKey(
        Inspection,
        verbose_name="来源检查",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    reference = models.CharField(
        "来源说明", max_length=200, blank=True, help_text="移送机关及文号等。"
    )
    start_reason = models.TextField("启动原因")
    facts = models.TextField("基本案情")
    urgent = models.BooleanField("情况紧急，先行启动", default=False)
    real_name_complaint = models.BooleanField("实名投诉举报", default=False)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="承办人员", related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField("立案时间", null=True, blank=True)
    decline_reason = models.TextField("不予立案理由", blank=True)
    complainant_told = models.CharField(
        "告知投诉举报人的方式与内容",
        max_length=300,
        blank=True,
        help_text="如“2026-11-20 电话告知不予立案及理由”。",
    )

    class Meta:
        verbose_name = "行政处罚案件"
        verbose_name_plural = "行政处罚案件"
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("open_case", "可启动执法程序（案件登记）"),
            ("decide_filing", "可作出立案或不予立案决定"),
        ]
        indexes = [
            models.Index(fields=["enterprise", "status"], name="case_enterprise"),
            models.Index(fields=["status", "district"], name="case_status"),
            models.Index(fields=["-created_at", "-id"], name="case_newest"),
        ]

    def __str__(self) -> str:
        return f"案件#{self.pk}"


class PreservationDecision(models.TextChoices):
    """What is decided about evidence registered and preserved (行政处罚法第五十六条)."""

    RELEASE = "release", "解除先行登记保存"
    TEST = "test", "送检测、检验、鉴定"
    SEAL = "seal", "依法查封、扣押"
    CONFISCATE = "confiscate", "依法予以没收"
    TRANSFER = "transfer", "移送有关部门"


class InvestigationDocument(models.Model):
    """One investigation document of a case, made from a template
    (investigation.TEMPLATES): its own fields in `fields`, and the common parts
    全过程记录实施办法 第十条至第十三条 require."""

    case = models.ForeignKey(
        EnforcementCase, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField("文书种类", max_length=20)
    fields = models.JSONField("文书内容")
    officers = models.JSONField("执法人员（姓名、执法证号）")
    credentials_shown = models.BooleanField("已出示执法证件")
    rights_told = models.CharField("权利告知内容及方式", max_length=300, blank=True)
    signed = models.BooleanField("当事人或有关人员已签字盖章", default=False)
    refusal = models.CharField(
        "拒绝签字、拒绝接受调查或提供证据的情况", max_length=300, blank=True
    )
    no_recording_reason = models.CharField(
        "不适宜音像记录的理由", max_length=300, blank=True
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField("制作时间")
    # 先行登记保存 (证据登记保存清单): decided within 7 working days (P19).
    preservation_decision = models.CharField(
        "先行登记保存处理决定", max_length=20, choices=PreservationDecision, blank=True
    )
    preservation_note = models.CharField("处理决定说明", max_length=300, blank=True)
    preservation_decided_at = models.DateTimeField(
        "处理决定时间", null=True, blank=True
    )

    class Meta:
        verbose_name = "调查取证文书"
        verbose_name_plural = "调查取证文书"
        ordering = ["made_at", "pk"]

    def __str__(self) -> str:
        from ..investigation import TEMPLATES

        template = TEMPLATES.get(self.kind)
        return f"{template.title if template else self.kind}#{self.pk}"

    @property
    def title(self) -> str:
        from ..investigation import TEMPLATES

        template = TEMPLATES.get(self.kind)
        return template.title if template else self.kind


# --- Compulsory measures (查封、扣押) ---------------------------------------------------


class CompulsoryMeasure(TimeStampedModel):
    """A seal or seizure (查封、扣押) in a case: approved in advance by the bureau's
    head through casework approvals (行政强制法第十八条), carried out with the
    decision and the list of items served on the party and simultaneous
    audio/video (全过程记录实施办法第十五条), for at most 30 days, +30 once with the
    head's approval (行政强制法第二十五条), then released or otherwise handled."""

    SUBJECT = gettext_noop("查封、扣押审批")

    class Kind(models.TextChoices):
        SEAL = "seal", gettext_noop("查封")
        SEIZE = "seize", gettext_noop("扣押")

    class Status(models.TextChoices):
        PROPOSED = "proposed", gettext_noop("待批准")
        IN_FORCE = "in_force", gettext_noop("实施中")
        RELEASED = "released", gettext_noop("已解除")
        HANDLED = "handled", gettext_noop("已依法处理")
        WITHDRAWN = "withdrawn", gettext_noop("已撤回")

    class Outcome(models.TextChoices):
        RELEASE = "release", "解除查封、扣押"
        CONFISCATE = "confiscate", "依法没收"
        DESTROY = "destroy", "依法销毁"
        TRANSFER = "transfer", "移送有关部门"

    case = models.ForeignKey(
        EnforcementCase, on_delete=models.PROTECT, related_name="measures"
    )
    kind = models.CharField("措施种类", max_length=10, choices=Kind)
    items = models.JSONField("查封、扣押的场所、设施或者财物（名称、规格、数量）")
    place = models.CharField("地点", max_length=200)
    reason = models.TextField("理由")
    basis = models.CharField("法律依据", max_length=300)
    status = models.CharField(
        "状态", max_length=10, choices=Status, default=Status.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    officers = models.JSONField("实施的执法人员（姓名、执法证号）", default=list)
    served_to = models.CharField(
        "当事人或其代理人（送达对象）", max_length=80, blank=True
    )
    signed = models.BooleanField("当事人已在决定书、清单上签字", default=False)
    refusal = models.CharField("当事人拒绝签字的情况", max_length=300, blank=True)
    started_at = models.DateTimeField("实施时间", null=True, blank=True)
    extension_reason = models.CharField("延长理由", max_length=300, blank=True)
    extended_at = models.DateTimeField("延长批准时间", null=True, blank=True)
    outcome = models.CharField("处理结果", max_length=12, choices=Outcome, blank=True)
    outcome_note = models.CharField("处理说明", max_length=300, blank=True)
    ended_at = models.DateTimeField("解除或处理时间", null=True, blank=True)
    # 行政强制法第十九条: carried out on the spot before approval, reported to the
    # head within 24 hours; released at once if the head does not approve.
    urgent = models.BooleanField("情况紧急，当场实施", default=False)
    urgency = models.TextField("情况紧急的事由", blank=True)
    reported_at = models.DateTimeField("向负责人报告时间", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawal_reason = models.CharField("撤回理由", max_length=300, blank=True)
    # 集体审议规则 第三条2 = 法制审核制度 第二条（二） (A38, A65b): the proposer marks
    # a serious or high-impact case with the reason; the grounds are the lib
    # `major-decision` rule's, as given at the proposal.
    serious = models.BooleanField("案情重大或社会影响较大", default=False)
    serious_reason = models.TextField("案情重大或社会影响较大的理由", blank=True)
    major_grounds = models.JSONField(
        "属重大行政执法决定的情形", default=list, blank=True
    )

    class Meta:
        verbose_name = "查封、扣押"
        verbose_name_plural = "查封、扣押"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}#{self.pk}"

    @property
    def major(self) -> bool:
        return bool(self.major_grounds)


# --- The minor-violation list (不予行政处罚的轻微违法行为目录清单) -------------------------


class MinorViolationItem(models.Model):
    """One entry of 《鞍山市生态环境部门依法不予行政处罚的轻微环境违法行为目录清单》
    (seed 000; requirements A72, A97): the seed's own text, and the conditions the
    case page checks, as editable data (admin). Seeded by migration 0005 from
    `minor.ITEMS`."""

    class FirstTime(models.TextChoices):
        NONE = "", "不要求"
        REQUIRED = "required", "首次被发现"
        OR_REPORTED = "or_reported", "首次被发现或者主动报告"

    number = models.PositiveSmallIntegerField("序号")
    part = models.PositiveSmallIntegerField("适用条件分项", default=1)
    title = models.CharField("违法行为", max_length=200)
    basis = models.CharField("法律依据", max_length=300, blank=True)
    conditions_text = models.TextField("适用条件（清单原文）")
    checks = models.JSONField("逐项核对的条件", default=list)
    first_time = models.CharField(
        "首次要求", max_length=12, choices=FirstTime, blank=True, default=""
    )
    committee = models.BooleanField("须经法制工作委员会集体审议", default=False)
    active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = "轻微违法行为目录清单条目"
        verbose_name_plural = "轻微违法行为目录清单"
        ordering = ["number", "part"]
        constraints = [
            models.UniqueConstraint(fields=["number", "part"], name="minor_item_once")
        ]

    def __str__(self) -> str:
        suffix = f"（{self.part}）" if self.part > 1 or self.has_parts else ""
        return f"第{self.number}项{suffix}：{self.title}"

    @property
    def has_parts(self) -> bool:
        return self.number in (1, 2, 7)


class MinorViolationCheck(models.Model):
    """The case's facts checked against one list entry, with the party's history
    (首次: no violation in MINOR_VIOLATION_LOOKBACK_MONTHS), and the head's
    decision on the proposal to close the case without penalty."""

    class Decision(models.TextChoices):
        NOT_PUNISHED = "not_punished", "同意不予行政处罚"
        REJECTED = "rejected", "不同意，继续办理"

    case = models.ForeignKey(
        EnforcementCase, on_delete=models.CASCADE, related_name="minor_checks"
    )
    item = models.ForeignKey(
        MinorViolationItem, on_delete=models.PROTECT, related_name="+"
    )
    facts = models.JSONField("核对的事实")
    results = models.JSONField("逐项核对结果")
    prior_cases = models.PositiveIntegerField("回溯期内的违法记录数")
    eligible = models.BooleanField("符合适用条件")
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField("核对时间")
    education = models.TextField("教育内容（批评教育、普法宣传）", blank=True)
    decision = models.CharField(
        "负责人决定", max_length=14, choices=Decision, blank=True
    )
    opinion = models.CharField("负责人意见", max_length=300, blank=True)
    committee_ref = models.CharField(
        "法制工作委员会集体审议记录", max_length=200, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    # Item 4 (A98): the enterprise's own timestamped report the facts were read
    # from, or, for a report made on paper, the officer's typed facts marked so.
    failure = models.ForeignKey(
        "monitoring.FacilityFailure",
        verbose_name="企业设施故障报告",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    paper_report = models.BooleanField("纸质故障报告（人工录入）", default=False)
    # Item 3 (issue 9 item 3): the monitoring module's exceedance episode the
    # facts were read from, or, for a finding by on-site sampling, typed facts
    # marked so.
    exceedance = models.ForeignKey(
        "monitoring.Exceedance",
        verbose_name="在线监测超标时段",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    manual_measurement = models.BooleanField(
        "现场采样监测结果（人工录入）", default=False
    )

    class Meta:
        verbose_name = "轻微违法行为核对"
        verbose_name_plural = "轻微违法行为核对"
        ordering = ["checked_at", "pk"]

    def __str__(self) -> str:
        return f"轻微违法核对#{self.pk}"


# --- The party's access to its enforcement record (第三十四条) ------------------------


class RecordAccessRequest(models.Model):
    """The party applies to consult or copy its case's enforcement record; the
    head decides; what the law keeps confidential is withheld; the release and
    every later download are recorded (全过程记录实施办法第三十四条; A46)."""

    class Kind(models.TextChoices):
        CONSULT = "consult", gettext_noop("查阅")
        COPY = "copy", gettext_noop("复制")

    class Status(models.TextChoices):
        PENDING = "pending", gettext_noop("待负责人审批")
        GRANTED = "granted", gettext_noop("已同意")
        REFUSED = "refused", gettext_noop("不同意")

    case = models.ForeignKey(
        EnforcementCase, on_delete=models.CASCADE, related_name="access_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("申请方式", max_length=10, choices=Kind)
    purpose = models.CharField("用途", max_length=300)
    requested_at = models.DateTimeField("申请时间")
    status = models.CharField(
        "状态", max_length=10, choices=Status, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    opinion = models.CharField("负责人意见", max_length=300, blank=True)
    withheld = models.TextField("依法保密不予提供的部分及理由", blank=True)
    released = models.JSONField("提供的材料（附件编号）", default=list)

    class Meta:
        verbose_name = "执法记录查阅复制申请"
        verbose_name_plural = "执法记录查阅复制申请"
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}申请#{self.pk}"


# --- Transfers to the police (移送公安机关; E14) ---------------------------------------


class PoliceTransfer(models.Model):
    """A case transferred to the police, for a suspected environmental crime or for
    administrative detention, with its documents (attachments) and the outcome the
    police report back (seed 004: "已向公安机关移送环境违法犯罪案件5起")."""

    class Kind(models.TextChoices):
        CRIME = "crime", "涉嫌环境犯罪移送"
        DETENTION = "detention", "适用行政拘留移送"

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", "公安机关已立案（受理）"
        NOT_ACCEPTED = "not_accepted", "公安机关不予立案（不予受理）"
        DETAINED = "detained", "已予行政拘留"
        PROSECUTED = "prosecuted", "已移送审查起诉"
        OTHER = "other", "其他"

    case = models.ForeignKey(
        EnforcementCase, on_delete=models.PROTECT, related_name="transfers"
    )
    kind = models.CharField("移送类型", max_length=10, choices=Kind)
    police_unit = models.CharField("接收的公安机关", max_length=120)
    reference = models.CharField("移送书文号", max_length=80)
    facts = models.TextField("移送的违法事实及依据")
    transferred_at = models.DateTimeField("移送时间")
    transferred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField("办理结果", max_length=14, choices=Outcome, blank=True)
    outcome_note = models.CharField("结果说明（文号等）", max_length=300, blank=True)
    outcome_at = models.DateTimeField("结果登记时间", null=True, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "移送公安机关"
        verbose_name_plural = "移送公安机关"
        ordering = ["transferred_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}#{self.pk}"
