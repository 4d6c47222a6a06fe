"""Inspection rectification (督察整改): the task ledger and the petition cases
transferred by central and provincial inspection teams (seed 001 "131" model:
one list, responsibility / standard / deadline, one acceptance standard)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from ecobureau.casework.models.base import CaseModel
from ecobureau.core.models import TimeStampedModel
from ecobureau.lib import deidentify


class Source(models.TextChoices):
    CENTRAL = "central", "中央生态环境保护督察"
    PROVINCIAL = "provincial", "省级生态环境保护督察"


class ReopenCategory(models.TextChoices):
    """Why a closed item is reopened (seed 001 三(一)2 "对整改不到位或出现反弹的问题
    实行分类处置、台帐式管理"; B4): the category it is handled and listed by."""

    INCOMPLETE = "incomplete", "整改不到位"
    REBOUND = "rebound", "问题反弹"
    OTHER = "other", "其他"


class RectificationTask(CaseModel):
    """One task of the rectification list (整改清单) from inspection feedback."""

    number = models.CharField("任务编号", max_length=40, unique=True)
    round = models.CharField("督察轮次", max_length=60)
    source = models.CharField("督察来源", max_length=20, choices=Source)
    problem = models.TextField("反馈问题")
    target = models.TextField("整改目标")
    responsible_units = models.CharField("责任单位", max_length=200)
    responsible_persons = models.CharField("责任人", max_length=200, blank=True)
    deadline = models.DateField("完成时限", db_index=True)
    # Issue 11 item 3: the enterprise the item concerns, when it concerns one
    # (matched by 统一社会信用代码 on entry and import); read by credit through
    # `selectors.overdue_items_for_enterprises`.
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="涉及企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # B5: the list takes effect once the party working committee and management
    # committee approve it (seed 001 三(二)1).
    approval_meeting = models.CharField("审议会议", max_length=200, blank=True)
    approved_on = models.DateField("审议通过日期", null=True, blank=True)
    # B5: the recorded committee meeting (B12) that approved the list, chosen
    # from the held meetings; the text above stays (for ledgers imported from
    # before the meetings were recorded, it is all there is).
    approval_meeting_record = models.ForeignKey(
        "CommitteeMeeting",
        verbose_name="审议会议（已登记的党工委会议）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approved_tasks",
    )
    target_met = models.BooleanField("已达到整改目标", default=False)
    target_evidence = models.TextField("达到整改目标的佐证", blank=True)
    completed_on = models.DateField("整改完成日期", null=True, blank=True)
    acceptance_opinion = models.TextField("区验收意见", blank=True)
    review_opinion = models.TextField("市复核意见", blank=True)
    publication_note = models.TextField("公示说明", blank=True)
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)
    filing_note = models.CharField("备案说明", max_length=200, blank=True)
    # B15: the close-out regulation in force when the item was closed out.
    closeout_basis = models.CharField("销号依据", max_length=300, blank=True)
    reopen_reason = models.TextField("反弹/整改不到位情况", blank=True)
    reopen_category = models.CharField(
        "反弹类别", max_length=12, choices=ReopenCategory, blank=True
    )
    late_flagged_at = models.DateTimeField("超期标记时间", null=True, blank=True)
    at_risk_flagged_at = models.DateTimeField("预警时间", null=True, blank=True)

    class Meta:
        verbose_name = "整改任务"
        verbose_name_plural = "整改任务"
        ordering = ["number"]
        permissions = [
            ("manage_ledger", "可维护整改台账（导入、编辑、督办）"),
            ("handle_rectification", "可报送整改进展与佐证、申请验收"),
            ("accept_rectification", "可组织区验收"),
            ("review_rectification", "可组织市级复核、公示、销号、备案"),
        ]

    def __str__(self) -> str:
        return f"整改任务{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("rectification:task-detail", args=[self.pk])


class Measure(TimeStampedModel):
    """One rectification measure of a task, with the completion standard of its
    type (seed 001 四(一) 1–5)."""

    class Kind(models.TextChoices):
        POLICY = "policy", "政策措施"
        ENGINEERING = "engineering", "工程措施"
        CLOSURE = "closure", "关停搬迁"
        CASE = "case", "案件查处"
        ACCOUNTABILITY = "accountability", "追责问责"

    task = models.ForeignKey(
        RectificationTask,
        verbose_name="整改任务",
        on_delete=models.CASCADE,
        related_name="measures",
    )
    seq = models.PositiveIntegerField("序号")
    kind = models.CharField("措施类型", max_length=20, choices=Kind)
    content = models.TextField("措施内容")
    due_on = models.DateField("节点时限", null=True, blank=True)
    # Closure or relocation that also needs buildings or facilities demolished or
    # cleared (seed 001 四(一)3).
    needs_clearing = models.BooleanField("需拆除或清理", default=False)
    evidence = models.JSONField("完成佐证", default=dict, blank=True)
    done_on = models.DateField("完成日期", null=True, blank=True)

    class Meta:
        verbose_name = "整改措施"
        verbose_name_plural = "整改措施"
        ordering = ["task", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["task", "seq"], name="rect_measure_seq")
        ]

    def __str__(self) -> str:
        return f"{self.task.number}-{self.seq} {self.get_kind_display()}"


class Milestone(TimeStampedModel):
    """A node of a task's timetable (时间表、路线图, seed 001 三(二)1)."""

    task = models.ForeignKey(
        RectificationTask,
        verbose_name="整改任务",
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    title = models.CharField("节点内容", max_length=200)
    due_on = models.DateField("节点时限")
    done_on = models.DateField("完成日期", null=True, blank=True)

    class Meta:
        verbose_name = "时间节点"
        verbose_name_plural = "时间节点"
        ordering = ["task", "due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.task.number} {self.title}"


class PetitionCase(CaseModel):
    """An environmental petition case (信访举报案件) transferred by an inspection
    team. The complainant's name and phone are protected: shown only with
    `view_complainant`, never in the record, the public pages or exports without
    that permission."""

    class Category(models.TextChoices):
        # 附件2 一(三) 1–5: the five kinds, each with its acceptance conditions.
        NEARBY = "nearby", "群众身边生态环境问题"
        PUBLIC_INTEREST = "public_interest", "涉及公共利益的生态环境问题"
        PLANNING = "planning", "涉及规划政策方面问题"
        NIMBY = "nimby", "涉及邻避效应问题"
        DISPUTE = "dispute", "涉及利益纠纷问题"

    class Truth(models.TextChoices):
        UNCHECKED = "", "未核实"
        TRUE = "true", "属实"
        PARTLY = "partly", "部分属实"
        FALSE = "false", "不属实"

    number = models.CharField("受理编号", max_length=40, unique=True)
    round = models.CharField("督察轮次", max_length=60)
    source = models.CharField("督察来源", max_length=20, choices=Source)
    received_on = models.DateField("交办日期")
    content = models.TextField("举报内容")
    category = models.CharField("问题类型", max_length=20, choices=Category)
    truth = models.CharField(
        "核实结论", max_length=10, choices=Truth, blank=True, default=""
    )
    responsible_units = models.CharField("责任单位", max_length=200)
    responsible_persons = models.CharField("责任人", max_length=200, blank=True)
    deadline = models.DateField("办结时限", db_index=True)
    # Issue 11 item 3: the enterprise the item concerns, when it concerns one
    # (matched by 统一社会信用代码 on entry and import); read by credit through
    # `selectors.overdue_items_for_enterprises`.
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="涉及企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    complainant_name = models.CharField("投诉人", max_length=60, blank=True)
    complainant_phone = models.CharField("投诉人联系电话", max_length=30, blank=True)
    # B8: a key case with its guarantor leaders (包保领导).
    key_case = models.BooleanField("重点案件", default=False)
    guarantors = models.CharField("包保领导", max_length=200, blank=True)
    # B8 (seed 001 三(二)2 "建立工作计划、制定推进机制，明确整改标准和完成时限"):
    # the key case's plan; its 完成时限 is the case's 办结时限 (`deadline`).
    work_plan = models.TextField("工作计划", blank=True)
    push_mechanism = models.TextField("推进机制", blank=True)
    key_standard = models.TextField("整改标准", blank=True)
    # Seed 001 四(二) 1–5: each condition with its evidence.
    conditions = models.JSONField("办结条件佐证", default=dict, blank=True)
    temporary_measure = models.BooleanField(
        "仅采取临时性应对措施", default=False
    )  # 附件2 一(三)1: a temporary fix never counts as 办结.
    # B13 (seed 001 五3): the city industry department that supervises the case
    # takes part in the acceptance and signs the opinion (签字背书); picked from
    # the registry of units (kind 其他政府部门), like the review departments
    # (B30), so that the acceptance and the sign-offs compare against one name.
    supervising_department = models.ForeignKey(
        "accounts.Unit",
        verbose_name="督导责任单位（市级行业主管部门）",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # A name typed before the department was picked from the registry that
    # matched no unit (migration 0009): still the supervising department, shown
    # flagged on the case page until it is chosen again.
    supervising_department_unlisted = models.CharField(
        "未在单位名录中的督导责任单位", max_length=120, blank=True
    )
    # B30 (附件2 二(二)): industry departments added to the city review group as
    # the case needs (市住建局、市自然资源局 …), beyond the supervising one, picked
    # from the registry of units (kind 其他政府部门) so that their sign-offs
    # compare against one name. Each signs the parts assigned to 行业主管部门
    # (二(三)1–3, 5).
    review_departments = models.ManyToManyField(
        "accounts.Unit",
        verbose_name="复核工作组增加的行业主管部门",
        blank=True,
        related_name="+",
    )
    # B23 (附件1 (二) "多属地分别考核计分"): the other territories (districts'
    # governments, townships or departments) the case spans besides its 承办单位;
    # each is scored separately (one CaseScore per case and unit) and counts the
    # case in its own assessment.
    territories = models.ManyToManyField(
        "accounts.Unit",
        verbose_name="其他属地（分别考核计分）",
        blank=True,
        related_name="+",
    )
    # Names typed before the list was picked from the registry that matched no
    # unit (migration 0008), separated by 、: still members of the review group,
    # shown flagged on the case page until the list is chosen again.
    review_departments_unlisted = models.CharField(
        "未在单位名录中的行业主管部门", max_length=300, blank=True
    )
    acceptance_body = models.CharField("验收组织单位", max_length=120, blank=True)
    accepted_on = models.DateField("验收日期", null=True, blank=True)
    opinion_rectification = models.TextField("整改情况验收意见", blank=True)
    opinion_penalty = models.TextField("行政处罚情况验收意见", blank=True)
    opinion_satisfaction = models.TextField("群众满意情况验收意见", blank=True)
    opinion_accountability = models.TextField("责任追究情况验收意见", blank=True)
    acceptance_leader = models.CharField("验收组组长", max_length=60, blank=True)
    review_leader = models.CharField("复核组组长", max_length=60, blank=True)
    reviewed_on = models.DateField("复核日期", null=True, blank=True)
    review_return_reason = models.TextField("复核未通过原因", blank=True)
    review_round = models.PositiveIntegerField("复核轮次", default=1)
    publication_note = models.TextField("公示说明", blank=True)
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)
    filing_note = models.CharField("备案说明", max_length=200, blank=True)
    # B15: the close-out regulation in force when the item was closed out.
    closeout_basis = models.CharField("销号依据", max_length=300, blank=True)
    reopen_reason = models.TextField("反弹/整改不到位情况", blank=True)
    reopen_category = models.CharField(
        "反弹类别", max_length=12, choices=ReopenCategory, blank=True
    )
    late_flagged_at = models.DateTimeField("超期标记时间", null=True, blank=True)
    at_risk_flagged_at = models.DateTimeField("预警时间", null=True, blank=True)

    class Meta:
        verbose_name = "信访举报案件"
        verbose_name_plural = "信访举报案件"
        ordering = ["number"]
        permissions = [("view_complainant", "可查看督察转办案件投诉人信息")]

    def __str__(self) -> str:
        return f"信访案件{self.number}"

    @property
    def public_content(self) -> str:
        """The content as published for 公示: the complainant's name and phone, any
        ID or mobile number and street-and-number address masked (the words come
        from the inspection team's transfer and often name the complainant)."""
        return deidentify.mask_text(
            self.content,
            names=[self.complainant_name],
            phones=[self.complainant_phone],
            house_addresses=True,
        )

    def get_absolute_url(self) -> str:
        return reverse("rectification:case-detail", args=[self.pk])

    @property
    def supervising_department_name(self) -> str:
        """The name the supervising department signs with (B13): the registry
        unit's, else the typed name kept by migration 0009; "" when none."""
        unit = self.supervising_department if self.supervising_department_id else None
        return unit.name if unit else self.supervising_department_unlisted


class AcceptanceMember(TimeStampedModel):
    """A row of the 验收组成员表 (附件2 附件1: 姓名、单位、职务（职称）、联系电话、签字)."""

    case = models.ForeignKey(
        PetitionCase,
        verbose_name="信访案件",
        on_delete=models.CASCADE,
        related_name="acceptance_members",
    )
    name = models.CharField("姓名", max_length=60)
    unit_name = models.CharField("单位", max_length=120)
    post = models.CharField("职务（职称）", max_length=60, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    signed = models.BooleanField("已签字", default=False)
    # B13: this member represents the supervising city industry department.
    supervisor = models.BooleanField("督导责任单位代表", default=False)

    class Meta:
        verbose_name = "验收组成员"
        verbose_name_plural = "验收组成员"
        ordering = ["case", "pk"]


class ReviewSignoff(TimeStampedModel):
    """One part of the city review signed (签字背书) by its bodies (附件2 二(三))."""

    class Part(models.TextChoices):
        NATURE = "nature", "案件定性情况"
        RECTIFICATION = "rectification", "群众举报问题整改情况"
        PENALTY = "penalty", "行政处罚情况"
        SATISFACTION = "satisfaction", "群众满意情况"
        ACCOUNTABILITY = "accountability", "责任追究情况"
        UNTRUE = "untrue", "“不属实”部分"

    case = models.ForeignKey(
        PetitionCase,
        verbose_name="信访案件",
        on_delete=models.CASCADE,
        related_name="signoffs",
    )
    part = models.CharField("复核内容", max_length=20, choices=Part)
    bodies = models.CharField("签字单位", max_length=200)
    signer = models.CharField("签字人", max_length=60)
    agreed = models.BooleanField("同意")
    opinion = models.TextField("复核意见")
    signed_at = models.DateTimeField("签字时间")
    round_no = models.PositiveIntegerField("复核轮次", default=1)

    class Meta:
        verbose_name = "复核签字"
        verbose_name_plural = "复核签字"
        ordering = ["case", "round_no", "part", "pk"]


class ProgressReport(TimeStampedModel):
    """A progress report (按日调度、按周上报) on a task or a case."""

    task = models.ForeignKey(
        RectificationTask,
        verbose_name="整改任务",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    case = models.ForeignKey(
        PetitionCase,
        verbose_name="信访案件",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    reported_on = models.DateField("报送日期")
    text = models.TextField("进展情况")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "整改进展"
        verbose_name_plural = "整改进展"
        ordering = ["-reported_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(task__isnull=False, case__isnull=True)
                | models.Q(task__isnull=True, case__isnull=False),
                name="rect_report_one_target",
            )
        ]


class Supervision(TimeStampedModel):
    """督办函, 约谈, 移送问题线索 (B16) and early warnings (预警, B18)."""

    class Kind(models.TextChoices):
        WARNING = "warning", "预警"
        LETTER = "letter", "督办函"
        TALK = "talk", "约谈"
        CLUE = "clue", "移送问题线索"

    kind = models.CharField("督办方式", max_length=10, choices=Kind)
    task = models.ForeignKey(
        RectificationTask,
        verbose_name="整改任务",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="supervisions",
    )
    case = models.ForeignKey(
        PetitionCase,
        verbose_name="信访案件",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="supervisions",
    )
    reason = models.TextField("事由")
    # 移送问题线索 (seed 001 五5): the body the clue is transferred to, e.g. the
    # discipline body (纪工委, 纪检监察机关) that decides accountability (附件1 六).
    recipient = models.CharField("移送单位", max_length=200, blank=True)
    public = models.BooleanField("公开约谈", default=False)
    reply_due_on = models.DateField("反馈期限", null=True, blank=True)
    issued_at = models.DateTimeField("下发时间")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="下发人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    automatic = models.BooleanField("系统生成", default=False)

    class Meta:
        verbose_name = "督办"
        verbose_name_plural = "督办"
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(task__isnull=False, case__isnull=True)
                | models.Q(task__isnull=True, case__isnull=False),
                name="rect_supervision_one_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.task or self.case}"


class Revisit(TimeStampedModel):
    """A re-check and revisit (复查回访) of a closed petition case, drawn at 10 % a
    month (seed 001 三(一)2; requirements B3, A85)."""

    case = models.ForeignKey(
        PetitionCase,
        verbose_name="信访案件",
        on_delete=models.CASCADE,
        related_name="revisits",
    )
    month = models.DateField("抽取月份")
    done_on = models.DateField("回访日期", null=True, blank=True)
    findings = models.TextField("复查回访情况", blank=True)
    satisfied = models.BooleanField("群众满意", null=True, blank=True)
    rebound = models.BooleanField("出现反弹或整改不到位", default=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回访人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "复查回访"
        verbose_name_plural = "复查回访"
        ordering = ["-month", "case"]
        constraints = [
            models.UniqueConstraint(fields=["case", "month"], name="rect_revisit_once")
        ]


class LookBack(TimeStampedModel):
    """A finding of the city look-back (回头看) on one measure of a closed task:
    checked on site that it stays done (seed 001 三(一)1 "对照每项任务的每条整改措施，
    现场检查落实情况、整改完成情况"; requirement B2)."""

    measure = models.ForeignKey(
        Measure,
        verbose_name="整改措施",
        on_delete=models.CASCADE,
        related_name="lookbacks",
    )
    checked_on = models.DateField("检查日期")
    findings = models.TextField("现场检查情况")
    holds = models.BooleanField("整改成果保持，未反弹")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="检查人",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "回头看检查"
        verbose_name_plural = "回头看检查"
        ordering = ["-checked_on", "-pk"]


class CommitteeMeeting(TimeStampedModel):
    """A meeting of the party working committee on environmental protection,
    at least one every two months (seed 001 五1; requirement B12)."""

    planned_on = models.DateField("计划日期")
    held_on = models.DateField("召开日期", null=True, blank=True)
    topics = models.TextField("研究议题")
    minutes = models.TextField("会议纪要（研究解决的问题）", blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "党工委研究环保工作会议"
        verbose_name_plural = "党工委研究环保工作会议"
        ordering = ["-planned_on", "-pk"]

    def __str__(self) -> str:
        when = self.held_on or self.planned_on
        return f"党工委会议（{when:%Y-%m-%d}）：{self.topics[:40]}"


class Regulation(TimeStampedModel):
    """A close-out regulation held as a dated reference (seed 001 五4; B15): the
    one in force on a date is the newest whose `effective_from` is not after it
    and that was not replaced by then."""

    class AppliesTo(models.TextChoices):
        TASK = "task", "整改任务销号"
        CASE = "case", "信访案件销号"

    code = models.CharField("文号", max_length=80)
    title = models.CharField("名称", max_length=200)
    applies_to = models.CharField("适用", max_length=10, choices=AppliesTo)
    effective_from = models.DateField("施行日期", null=True, blank=True)
    replaced_on = models.DateField("被新规定替代日期", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "销号依据"
        verbose_name_plural = "销号依据"
        ordering = ["applies_to", "-effective_from", "-pk"]

    def __str__(self) -> str:
        return f"《{self.title}》（{self.code}）"


class SupervisionVisit(TimeStampedModel):
    """纪工委's monthly on-site supervision (例行督查) and special supervision of an
    area or field (专项督查), scheduled and recorded (seed 001 五6; B17)."""

    class Kind(models.TextChoices):
        ROUTINE = "routine", "例行督查（纪工委每月现场督查）"
        SPECIAL = "special", "专项督查"

    kind = models.CharField("督查类型", max_length=10, choices=Kind)
    planned_on = models.DateField("计划日期")
    done_on = models.DateField("督查日期", null=True, blank=True)
    focus = models.CharField("督查区域或领域", max_length=200)
    team = models.TextField("督查组成员")
    findings = models.TextField("发现问题", blank=True)
    follow_up = models.TextField("整改要求与跟踪", blank=True)
    district = models.ForeignKey(
        "core.Division",
        verbose_name="区县",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    tasks = models.ManyToManyField(
        RectificationTask, verbose_name="涉及整改任务", blank=True, related_name="+"
    )
    cases = models.ManyToManyField(
        PetitionCase, verbose_name="涉及信访案件", blank=True, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "督查"
        verbose_name_plural = "督查"
        ordering = ["-planned_on", "-pk"]


class EnforcementLink(TimeStampedModel):
    """An enforcement case linked to a 案件查处 measure or to a petition case's
    查处 condition (seed 001 四(一)4, 四(二)3): the standard then needs every
    linked case decided (or a recorded 不予处罚 / 不予立案)."""

    measure = models.ForeignKey(
        Measure,
        verbose_name="整改措施",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="enforcement_links",
    )
    petition = models.ForeignKey(
        PetitionCase,
        verbose_name="信访案件",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="enforcement_links",
    )
    enforcement_case = models.ForeignKey(
        "enforcement.EnforcementCase",
        verbose_name="行政处罚案件",
        on_delete=models.PROTECT,
        related_name="+",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="关联人",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "关联执法案件"
        verbose_name_plural = "关联执法案件"
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(measure__isnull=False, petition__isnull=True)
                | models.Q(measure__isnull=True, petition__isnull=False),
                name="rect_link_one_target",
            ),
            models.UniqueConstraint(
                fields=["measure", "enforcement_case"], name="rect_link_measure_once"
            ),
            models.UniqueConstraint(
                fields=["petition", "enforcement_case"], name="rect_link_case_once"
            ),
        ]


class CaseScore(TimeStampedModel):
    """The rubric inputs of one petition case (附件1 (二)) and the score they give,
    stored so a year's assessment can be recomputed and explained (B22, B23)."""

    case = models.ForeignKey(
        PetitionCase,
        verbose_name="信访案件",
        on_delete=models.CASCADE,
        related_name="scores",
    )
    # B23: the territory scored — the case's 承办单位 or one of its other
    # territories; empty only for a case without a 承办单位.
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="属地（考核对象）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    inputs = models.JSONField("评分依据（petition-score 输入）")
    score = models.DecimalField("得分", max_digits=6, decimal_places=2)
    parts = models.JSONField("分项得分")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评分人",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "信访案件评分"
        verbose_name_plural = "信访案件评分"
        constraints = [
            models.UniqueConstraint(
                fields=["case", "unit"], name="rect_casescore_case_unit"
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(unit__isnull=True),
                name="rect_casescore_case_no_unit",
            ),
        ]


class UnitAssessment(TimeStampedModel):
    """The stored annual assessment of a district or department (附件1): computed
    from the stored case scores and task grades, self-assessed, reviewed by the
    city, circulated by the first quarter of the next year; a failing unit's heads
    are summoned (约谈) with a deadline to correct (B19, B20, B24–B26)."""

    class Stage(models.TextChoices):
        SELF = "self", "自评"
        # 附件1: the leading group's office has the industry departments review
        # the self-assessment (组织各行业主管部门进行复核) before the city review.
        DEPT_REVIEWED = "dept_reviewed", "部门复核"
        REVIEWED = "reviewed", "市级复核"
        CIRCULATED = "circulated", "已通报"

    class Ranking(models.TextChoices):
        # The ranking is circulated as two lists (附件1 "各地区、市直各有关部门"):
        # districts and their bodies, and the city's departments.
        DISTRICT = "district", "地区"
        DEPARTMENT = "department", "部门"

    class Failure(models.TextChoices):
        NONE = "", "无"
        MAJOR_PROBLEM = "major_problem", "督察日常巡查发现整改工作存在重大问题"
        CRITICISED = "criticised", "因整改工作不力被中央和省通报批评"
        EXPOSED = "exposed", "被国家和省、市主要媒体曝光"

    year = models.PositiveIntegerField("考核年度")
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="考核对象",
        on_delete=models.PROTECT,
        related_name="+",
    )
    stage = models.CharField("阶段", max_length=16, choices=Stage, default=Stage.SELF)
    score = models.DecimalField(
        "案件平均分", max_digits=6, decimal_places=2, null=True, blank=True
    )
    cases = models.PositiveIntegerField("参与评分案件数", default=0)
    task_grades = models.JSONField("整改任务等级", default=dict)
    explanation = models.JSONField("逐项说明", default=list)
    self_note = models.TextField("自评说明", blank=True)
    failure = models.CharField(
        "不合格情形", max_length=20, choices=Failure, blank=True, default=""
    )
    review_note = models.TextField("复核意见", blank=True)
    # B20: the industry departments' review (部门复核): who reviewed, the opinion.
    dept_reviewers = models.CharField("复核部门及人员", max_length=300, blank=True)
    dept_review_note = models.TextField("部门复核意见", blank=True)
    dept_reviewed_on = models.DateField("部门复核日期", null=True, blank=True)
    grade = models.CharField("考核结果", max_length=10, blank=True)
    rank = models.PositiveIntegerField("排名", null=True, blank=True)
    # The list the rank is in, fixed at circulation (the unit's kind then).
    ranking = models.CharField(
        "排名类别", max_length=12, choices=Ranking, blank=True, default=""
    )
    computed_at = models.DateTimeField("核算时间")
    circulated_at = models.DateTimeField("通报时间", null=True, blank=True)
    talk_on = models.DateField("约谈日期", null=True, blank=True)
    talk_deadline = models.DateField("限期整改期限", null=True, blank=True)
    talk_note = models.TextField("约谈情况与整改要求", blank=True)

    class Meta:
        verbose_name = "年度考核"
        verbose_name_plural = "年度考核"
        ordering = ["-year", "rank", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["year", "unit"], name="rect_assess_once")
        ]

    def __str__(self) -> str:
        return f"{self.year}年度督察整改考核：{self.unit}"


class ReportDispatch(TimeStampedModel):
    """A progress report sent (B7, seed 001 五5 "每月向市委、市政府和市督改办报告
    整改情况"; 三(二)1 "按周上报"): which report, for which district (none: the
    whole city), to whom, when and by whom."""

    class Kind(models.TextChoices):
        WEEK = "week", "周报"
        MONTH = "month", "月报"

    class Addressee(models.TextChoices):
        PARTY = "party", "市委"
        GOVERNMENT = "government", "市政府"
        OFFICE = "office", "市督改办"

    kind = models.CharField("报告类型", max_length=8, choices=Kind)
    period_start = models.DateField("报告期起")
    period_end = models.DateField("报告期止")
    district = models.ForeignKey(
        "core.Division",
        verbose_name="区县",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    addressees = models.JSONField("报送对象", default=list)
    sent_on = models.DateField("报送日期")
    note = models.CharField("报送方式及文号", max_length=200, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "整改报告报送记录"
        verbose_name_plural = "整改报告报送记录"
        ordering = ["-period_end", "-sent_on", "-pk"]

    @property
    def addressee_labels(self) -> str:
        labels = dict(self.Addressee.choices)
        return "、".join(str(labels.get(a, a)) for a in self.addressees)
