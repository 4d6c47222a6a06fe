"""The 审委会 (重大行政执法决定审查委员会) as data, its procedure around a meeting, and
the staff training records of the minor-violation list (A72).

- `CommitteeMember`: the standing roster by office (集体审议规则 第五条; A51). The
  deliberation page draws its members from it and the quorum (第七条) is counted on
  the voting members due; heads of the sections concerned attend without a vote
  (第七条 列席, A51).
- `DeliberationApplication`: the 集体审议申请表 the enforcement team submits
  (第九条1), or its resubmission for 复审 when a decision must change during
  execution (第十条1, A55); concluded by the meeting that reached a quorum.
- `DeliberationNotice`: the office's notice of time, place and agenda to the
  participants once the director agreed the date (第九条2, A54).
- `ExecutionFollowUp`: the office's supervision of how a committee decision is
  carried out (第十条2, A55).
- `DecisionCorrection`: the 变更决定 a 复审 that amended the decision leads to
  (第十条1): a numbered 变更行政处罚决定书 referring to the original 决定书, the
  penalty before and after; execution follows the corrected penalty.
- `TrainingRecord`: who was trained, when, on what course and for how many hours
  (A72).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop


class CommitteeMember(models.Model):
    class Office(models.TextChoices):
        DIRECTOR = "director", gettext_noop("主任（局长）")
        DEPUTY_LEGAL = "deputy_legal", gettext_noop("副主任（分管法制机构的局领导）")
        DEPUTY_TEAM = "deputy_team", gettext_noop("副主任（执法队队长）")
        MONITORING_CENTRE = (
            "monitoring_centre",
            gettext_noop("委员（辽宁省鞍山生态环境监测中心分管副主任）"),
        )
        SERVICE_CENTRE = (
            "service_centre",
            gettext_noop("委员（鞍山市生态环境事务服务中心分管副主任）"),
        )
        SUB_BUREAU = (
            "sub_bureau",
            gettext_noop("委员（分局负责人，不含海城、台安、岫岩分局）"),
        )
        ENFORCEMENT_SECTION = (
            "enforcement_section",
            gettext_noop("委员（生态环境执法科负责人）"),
        )
        RELATED_SECTION = (
            "related_section",
            gettext_noop("相关科室负责人（列席，不参加表决）"),
        )

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="人员",
        on_delete=models.PROTECT,
        related_name="+",
    )
    office = models.CharField("职务", max_length=20, choices=Office)
    note = models.CharField("说明（如所在分局、科室）", max_length=100, blank=True)
    started_on = models.DateField("任职日期")
    ended_on = models.DateField("免职日期", null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "审委会组成人员"
        verbose_name_plural = "审委会组成人员"
        ordering = ["office", "started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(ended_on__isnull=True),
                name="committee_member_once",
            ),
            models.UniqueConstraint(
                fields=["office"],
                condition=models.Q(ended_on__isnull=True, office="director"),
                name="committee_one_director",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_office_display()}#{self.user_id}"

    @property
    def votes(self) -> bool:
        return self.office != self.Office.RELATED_SECTION


class DeliberationApplication(models.Model):
    decision = models.ForeignKey(
        "enforcement.PenaltyDecision",
        on_delete=models.PROTECT,
        related_name="deliberation_applications",
    )
    review = models.BooleanField("复审（执行中须改变或更正决定）", default=False)
    reason = models.TextField("提请理由（复审：新发生或发现的特殊情况）", blank=True)
    document = models.OneToOneField(
        "casework.Document",
        verbose_name="集体审议申请表",
        on_delete=models.PROTECT,
        related_name="+",
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    applied_at = models.DateTimeField("提交时间")
    concluded_by = models.OneToOneField(
        "enforcement.Deliberation",
        verbose_name="审议会议",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="application",
    )

    class Meta:
        verbose_name = "集体审议申请"
        verbose_name_plural = "集体审议申请"
        ordering = ["applied_at", "pk"]

    def __str__(self) -> str:
        return f"集体审议申请#{self.pk}"


class MeetingNotice(models.Model):
    """What a 审委会会议通知 says (集体审议规则 第九条2: time, place and agenda once
    the director agreed the date, to the participants), for a penalty decision's
    application and a major measure's alike."""

    meeting_at = models.DateTimeField("会议时间")
    place = models.CharField("会议地点", max_length=120)
    agenda = models.TextField("议题")
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="同意会议时间的审委会主任",
        on_delete=models.PROTECT,
        related_name="+",
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="参会人员", related_name="+"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField("通知时间")

    class Meta:
        abstract = True


class DeliberationNotice(MeetingNotice):
    application = models.ForeignKey(
        DeliberationApplication, on_delete=models.PROTECT, related_name="notices"
    )

    class Meta:
        verbose_name = "审委会会议通知"
        verbose_name_plural = "审委会会议通知"
        ordering = ["issued_at", "pk"]

    def __str__(self) -> str:
        return f"会议通知#{self.pk}"


class ExecutionFollowUp(models.Model):
    class State(models.TextChoices):
        UNDER_WAY = "under_way", "正在执行"
        DONE = "done", "已执行完毕"
        PROBLEM = "problem", "执行中发现问题"

    deliberation = models.ForeignKey(
        "enforcement.Deliberation",
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    state = models.CharField("执行情况", max_length=10, choices=State)
    note = models.TextField("监督情况说明")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间")

    class Meta:
        verbose_name = "审议决定执行监督"
        verbose_name_plural = "审议决定执行监督"
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"执行监督#{self.pk}"


class DecisionCorrection(models.Model):
    """变更行政处罚决定: a served decision changed in execution on the ground of a
    复审 whose outcome was 修改后作出决定 (集体审议规则 第十条1). The original
    决定书 stays on file; the numbered 变更决定书 refers to it; the decision row
    carries the corrected penalty, so payments due and the surcharge base follow
    it (services/correction.py)."""

    decision = models.ForeignKey(
        "enforcement.PenaltyDecision",
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    deliberation = models.OneToOneField(
        "enforcement.Deliberation",
        verbose_name="复审（变更依据）",
        on_delete=models.PROTECT,
        related_name="correction",
    )
    original_document = models.ForeignKey(
        "casework.Document",
        verbose_name="原行政处罚决定书",
        on_delete=models.PROTECT,
        related_name="+",
    )
    document = models.OneToOneField(
        "casework.Document",
        verbose_name="变更行政处罚决定书",
        on_delete=models.PROTECT,
        related_name="+",
    )
    before = models.JSONField("原处罚内容")
    before_text = models.CharField("原处罚内容（文字）", max_length=300)
    after = models.JSONField("变更后的处罚内容")
    after_text = models.CharField("变更后的处罚内容（文字）", max_length=300)
    reason = models.TextField("变更理由")
    overpaid = models.DecimalField(
        "已缴超出变更后应缴数额（应予退还）",
        max_digits=14,
        decimal_places=2,
        default=0,
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField("变更决定时间")
    # A 复审 recorded before migration 0020 has no structured amended penalty:
    # the head confirmed the typed penalty against its 决定意见 (migration 0022).
    text_checked = models.BooleanField("已核对复审决定意见", default=False)

    class Meta:
        verbose_name = "变更行政处罚决定"
        verbose_name_plural = "变更行政处罚决定"
        ordering = ["made_at", "pk"]

    def __str__(self) -> str:
        return f"变更决定#{self.pk}"


class TrainingRecord(models.Model):
    class Topic(models.TextChoices):
        MINOR_LIST = "minor_list", gettext_noop("轻微违法行为目录清单")
        DISCIPLINE = "discipline", gettext_noop("执法纪律规定")
        BOTH = "both", gettext_noop("目录清单及执法纪律规定")

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="参训人员",
        on_delete=models.PROTECT,
        related_name="+",
    )
    held_on = models.DateField("培训日期")
    course = models.CharField("课程名称", max_length=120)
    topic = models.CharField("培训内容", max_length=12, choices=Topic)
    hours = models.DecimalField("学时", max_digits=4, decimal_places=1)
    organiser = models.CharField("组织单位", max_length=100)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = "执法人员培训记录"
        verbose_name_plural = "执法人员培训记录"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["trainee", "-held_on"], name="training_by")]

    def __str__(self) -> str:
        return f"培训记录#{self.pk}"


class SupersededDecision(models.Model):
    """A served decision the 复审 replaced by a heavier penalty (集体审议规则
    第十条1; 行政处罚法第四十四、四十五、六十二条): it is not executed; the case goes
    back to 调查终结待审查 with the amended penalty as the proposal, for a new
    先行告知 with statement, defence and hearing rights before the new decision
    (services/supersede.py). The superseded decision's state is kept here; the
    decision row starts its notice, hearing, decision and service afresh."""

    decision = models.ForeignKey(
        "enforcement.PenaltyDecision",
        on_delete=models.PROTECT,
        related_name="supersessions",
    )
    deliberation = models.OneToOneField(
        "enforcement.Deliberation",
        verbose_name="复审（依据）",
        on_delete=models.PROTECT,
        related_name="supersession",
    )
    original_document = models.ForeignKey(
        "casework.Document",
        verbose_name="被替代的行政处罚决定书",
        on_delete=models.PROTECT,
        related_name="+",
    )
    before = models.JSONField("原处罚内容")
    before_text = models.CharField("原处罚内容（文字）", max_length=300)
    proposed = models.JSONField("重新拟作出的处罚内容")
    proposed_text = models.CharField("重新拟作出的处罚内容（文字）", max_length=300)
    # the old round: notice, hearing, decision and service as they were
    state = models.JSONField("原决定的告知、听证、决定和送达情况", default=dict)
    reason = models.TextField("须重新作出决定的新情况")
    text_checked = models.BooleanField("已核对复审决定意见", default=False)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField("撤回原决定、重新告知的时间")
    # Money received under the superseded decision (payments less refunds),
    # counted toward the new decision's fine (折抵; migration 0023).
    credited = models.DecimalField(
        "原决定已缴纳、予以折抵的罚款（元）",
        max_digits=14,
        decimal_places=2,
        default=0,
    )
    # The numbered 撤销行政处罚决定书 told to the party, and its service (the five
    # methods with proof, as the decision's: 全过程记录实施办法 第二十三–二十七条).
    # Empty for a supersession made before migration 0023.
    document = models.OneToOneField(
        "casework.Document",
        verbose_name="撤销行政处罚决定书",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    served_at = models.DateTimeField("撤销决定书送达时间", null=True, blank=True)
    service_method = models.CharField("撤销决定书送达方式", max_length=12, blank=True)
    service = models.JSONField("撤销决定书送达凭证", default=dict, blank=True)

    class Meta:
        verbose_name = "被替代的行政处罚决定"
        verbose_name_plural = "被替代的行政处罚决定"
        ordering = ["made_at", "pk"]

    def __str__(self) -> str:
        return f"被替代的决定#{self.pk}"
