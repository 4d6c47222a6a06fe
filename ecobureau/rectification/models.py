"""Inspection rectification (督察整改): the task ledger and the petition cases
transferred by central and provincial inspection teams (seed 001 "131" model:
one list, responsibility / standard / deadline, one acceptance standard)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from ecobureau.casework.models.base import CaseModel
from ecobureau.core.models import TimeStampedModel


class Source(models.TextChoices):
    CENTRAL = "central", "中央生态环境保护督察"
    PROVINCIAL = "provincial", "省级生态环境保护督察"


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
    # B5: the list takes effect once the party working committee and management
    # committee approve it (seed 001 三(二)1).
    approval_meeting = models.CharField("审议会议", max_length=200, blank=True)
    approved_on = models.DateField("审议通过日期", null=True, blank=True)
    target_met = models.BooleanField("已达到整改目标", default=False)
    target_evidence = models.TextField("达到整改目标的佐证", blank=True)
    completed_on = models.DateField("整改完成日期", null=True, blank=True)
    acceptance_opinion = models.TextField("区验收意见", blank=True)
    review_opinion = models.TextField("市复核意见", blank=True)
    publication_note = models.TextField("公示说明", blank=True)
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)
    filing_note = models.CharField("备案说明", max_length=200, blank=True)
    reopen_reason = models.TextField("反弹/整改不到位情况", blank=True)
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
    complainant_name = models.CharField("投诉人", max_length=60, blank=True)
    complainant_phone = models.CharField("投诉人联系电话", max_length=30, blank=True)
    # B8: a key case with its guarantor leaders (包保领导).
    key_case = models.BooleanField("重点案件", default=False)
    guarantors = models.CharField("包保领导", max_length=200, blank=True)
    # Seed 001 四(二) 1–5: each condition with its evidence.
    conditions = models.JSONField("办结条件佐证", default=dict, blank=True)
    temporary_measure = models.BooleanField(
        "仅采取临时性应对措施", default=False
    )  # 附件2 一(三)1: a temporary fix never counts as 办结.
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
    reopen_reason = models.TextField("反弹/整改不到位情况", blank=True)
    late_flagged_at = models.DateTimeField("超期标记时间", null=True, blank=True)
    at_risk_flagged_at = models.DateTimeField("预警时间", null=True, blank=True)

    class Meta:
        verbose_name = "信访举报案件"
        verbose_name_plural = "信访举报案件"
        ordering = ["number"]
        permissions = [("view_complainant", "可查看督察转办案件投诉人信息")]

    def __str__(self) -> str:
        return f"信访案件{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("rectification:case-detail", args=[self.pk])


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
