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
        PLAN = "plan", "检查计划"
        REASON = "reason", "经批准的临时检查事由"

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
        from .processes import INSPECTION

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
        SATISFIED = "satisfied", "满意"
        FAIR = "fair", "基本满意"
        UNSATISFIED = "unsatisfied", "不满意"

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
        from .investigation import TEMPLATES

        template = TEMPLATES.get(self.kind)
        return f"{template.title if template else self.kind}#{self.pk}"

    @property
    def title(self) -> str:
        from .investigation import TEMPLATES

        template = TEMPLATES.get(self.kind)
        return template.title if template else self.kind
