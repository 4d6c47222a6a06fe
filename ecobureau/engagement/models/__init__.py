"""Working with enterprises (与企业互动) and EIA intermediaries (环评中介服务技术单位).

- `Demand` (企业诉求): a casework case; its status moves only through
  `casework.services.case_transition` (processes.py). The reply clock runs from
  filing to the answer (limits.py, 示例配置).
- `Commissioner` (服务专员): one active commissioner per key enterprise, history kept.
- `Visit`: a commissioner's visit, the monthly 百名干部进千家企业 visit, a reception-day
  talk or a follow-up visit, with the difficulties found and the help given.
- `EiaUnit`, `EiaStaff`, `ConductRecord`, `Consequence`: the register of EIA technical
  units and their conduct under 鞍山市环境影响评价中介服务技术单位管理规定（试行）.
- `Supervisor`, `Participation`: enforcement supervisors (执法监督员) and
  business-environment social supervisors (营商环境社会监督员).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse

from ecobureau.casework.models import CaseModel
from ecobureau.core.models import TimeStampedModel

from .. import rules


class Demand(CaseModel):
    """An enterprise's problem or need (企业诉求), from the platform, a visit, the
    hotline or the reception day; routed, answered within the limit, and rated."""

    class Channel(models.TextChoices):
        PLATFORM = "platform", "需求发布平台（企业自行提交）"
        VISIT = "visit", "走访"
        HOTLINE = "hotline", "电话"
        RECEPTION = "reception", "企业接待日"
        FORUM = "forum", "企业代表座谈会"

    class Category(models.TextChoices):
        TECHNOLOGY = "technology", "污染治理技术"
        APPROVAL = "approval", "环评审批与排污许可"
        ENFORCEMENT = "enforcement", "执法检查"
        MONITORING = "monitoring", "监测与自动监控"
        OPINION = "opinion", "生态环境舆情"
        OTHER = "other", "其他"

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField("诉求标题", max_length=100)
    content = models.TextField("诉求内容")
    category = models.CharField("类别", max_length=20, choices=Category)
    channel = models.CharField("来源", max_length=20, choices=Channel)
    green_channel = models.BooleanField("绿色通道（重点企业优先办理）", default=False)
    filed_at = models.DateTimeField("提交时间")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.TextField("答复内容", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    reopen_note = models.CharField("重新办理原因", max_length=300, blank=True)
    rating = models.PositiveSmallIntegerField(
        "评价", null=True, blank=True, choices=rules.RATING_CHOICES
    )
    rating_comment = models.CharField("评价意见", max_length=300, blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)
    # A demand raised at a forum (座谈会, A71) keeps its forum, so the forum's page
    # shows how each was followed up.
    forum = models.ForeignKey(
        "engagement.Forum",
        verbose_name="座谈会",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="demands",
    )

    class Meta:
        verbose_name = "企业诉求"
        verbose_name_plural = "企业诉求"
        # The lists order by (-green_channel, -filed_at, -pk) (selectors): one index
        # per way the list is narrowed — all (city scope), a status, a district, one
        # enterprise — each ending in the ordering, so a page is an index range scan
        # (bench/engagement_demands.py).
        indexes = [
            models.Index(
                fields=["green_channel", "filed_at", "id"], name="eng_demand_order"
            ),
            models.Index(
                fields=["status", "green_channel", "filed_at", "id"],
                name="eng_demand_status_order",
            ),
            models.Index(
                fields=["district", "green_channel", "filed_at", "id"],
                name="eng_demand_district_order",
            ),
            models.Index(
                fields=["enterprise", "green_channel", "filed_at", "id"],
                name="eng_demand_enterprise_order",
            ),
        ]
        permissions = [("handle_demand", "办理企业诉求")]

    def __str__(self) -> str:
        return f"诉求#{self.pk} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("engagement:demand-detail", args=[self.pk])

    @property
    def status_label(self) -> str:
        from ..processes import DEMAND

        return DEMAND.step(self.status).label if self.status else ""

    @property
    def satisfied(self) -> bool | None:
        return None if self.rating is None else self.rating >= rules.SATISFIED_FROM


class Commissioner(models.Model):
    """A service commissioner (服务专员) assigned to one enterprise for a period.
    One active assignment per enterprise; ending one keeps it as history."""

    class Rank(models.TextChoices):
        SECTION_CHIEF = "chief", "正科级"
        DEPUTY_CHIEF = "deputy", "副科级"

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        on_delete=models.PROTECT,
        related_name="+",
    )
    commissioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="服务专员",
        on_delete=models.PROTECT,
        related_name="+",
    )
    rank = models.CharField("职级", max_length=10, choices=Rank)
    started_on = models.DateField("起始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    end_reason = models.CharField("结束原因", max_length=200, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The enterprise's district, copied for the data scope.
    district = models.ForeignKey(
        "core.Division", null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "服务专员"
        verbose_name_plural = "服务专员"
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=models.Q(ended_on__isnull=True),
                name="engagement_one_active_commissioner",
            )
        ]
        permissions = [("manage_commissioner", "选派服务专员")]

    def __str__(self) -> str:
        return f"{self.enterprise} ← {self.commissioner}"


class Visit(models.Model):
    """One visit to an enterprise, with what was found and the help given."""

    class Kind(models.TextChoices):
        COMMISSIONER = "commissioner", "服务专员走访"
        HUNDRED_CADRES = "cadres", "百名干部进千家企业"
        RECEPTION = "reception", "企业接待日"
        FOLLOW_UP = "follow_up", "执法案件回访"

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField("类型", max_length=20, choices=Kind)
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="走访人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    visited_on = models.DateField("走访日期")
    difficulties = models.TextField("了解到的困难和问题")
    help_given = models.TextField("帮助解决情况", blank=True)
    district = models.ForeignKey(
        "core.Division", null=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "accounts.Unit", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "走访记录"
        verbose_name_plural = "走访记录"
        indexes = [models.Index(fields=["visited_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.enterprise} {self.visited_on}"


# --- EIA intermediaries -------------------------------------------------------------


class EiaUnit(TimeStampedModel):
    """An EIA technical service unit (环评中介服务技术单位) working in the city."""

    name = models.CharField("单位名称", max_length=100)
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    does_project_reports = models.BooleanField(
        "编制建设项目环境影响报告书（表）", default=True
    )
    does_plan_reports = models.BooleanField(
        "编制规划环评及有关篇章、说明", default=False
    )
    does_post_evaluation = models.BooleanField("编制环境影响后评价文件", default=False)
    qualifications = models.TextField("技术能力与资质说明", blank=True)
    address = models.CharField("办公地址", max_length=200, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "环评中介服务技术单位"
        verbose_name_plural = "环评中介服务技术单位"
        permissions = [("manage_eia", "管理环评中介服务技术单位")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("engagement:eia-detail", args=[self.pk])

    @property
    def services_label(self) -> str:
        parts = []
        if self.does_project_reports:
            parts.append("建设项目环评")
        if self.does_plan_reports:
            parts.append("规划环评")
        if self.does_post_evaluation:
            parts.append("环境影响后评价")
        return "、".join(parts)


class EiaStaff(models.Model):
    """A person on an EIA unit's staff (personal data: staff pages only)."""

    unit = models.ForeignKey(EiaUnit, on_delete=models.CASCADE, related_name="staff")
    name = models.CharField("姓名", max_length=30)
    full_time = models.BooleanField("全职", default=True)
    engineer_certificate = models.CharField(
        "环境影响评价工程师职业资格证书编号", max_length=40, blank=True
    )
    lead_author = models.BooleanField("可担任编制主持人", default=False)
    left_on = models.DateField("离职日期", null=True, blank=True)

    class Meta:
        verbose_name = "环评编制人员"
        verbose_name_plural = "环评编制人员"

    def __str__(self) -> str:
        return self.name


class ConductRecord(TimeStampedModel):
    """One conduct event of an EIA unit (管理规定 二、三), its decided consequences,
    and whether it is published on the portal (三(四))."""

    class Status(models.TextChoices):
        REGISTERED = "registered", "已登记待核实"
        DECIDED = "decided", "已核实处理"
        PUBLISHED = "published", "已公示"
        DISMISSED = "dismissed", "经核实不成立"

    unit = models.ForeignKey(
        EiaUnit, on_delete=models.PROTECT, related_name="conduct_records"
    )
    kind = models.CharField("行为类型", max_length=30, choices=rules.CONDUCT_CHOICES)
    occurred_on = models.DateField("发生日期")
    project = models.CharField("涉及项目", max_length=150, blank=True)
    facts = models.TextField("事实经过")
    status = models.CharField(
        "状态", max_length=20, choices=Status, default=Status.REGISTERED
    )
    decision_reason = models.TextField("处理理由", blank=True)
    dismiss_reason = models.TextField("不成立理由", blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    public_summary = models.TextField("公示内容", blank=True)
    # A105: the enforcement case opened for the 环评法 第三十二条 penalty (the case
    # itself belongs to enforcement; this is its id, for the link).
    enforcement_case_id = models.PositiveIntegerField(
        "执法案件编号", null=True, blank=True
    )
    # A104 三（一）5: the report returned more than 3 times (the record is
    # registered by `eia_report_return` when the 4th return is recorded).
    eia_report = models.ForeignKey(
        "engagement.EiaReport",
        verbose_name="环评文件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conduct_records",
    )
    # A106 三（三）: the quality rating and the service time, agreed and actual
    # (days), which a praise needs (优良, cut by at least rules.PRAISE_MIN_CUT).
    quality_rating = models.CharField(
        "环评质量考核结果", max_length=10, choices=rules.QUALITY_CHOICES, blank=True
    )
    service_days_agreed = models.PositiveSmallIntegerField(
        "约定技术服务时限（日）", null=True, blank=True
    )
    service_days_actual = models.PositiveSmallIntegerField(
        "实际技术服务用时（日）", null=True, blank=True
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "环评单位行为记录"
        verbose_name_plural = "环评单位行为记录"
        indexes = [models.Index(fields=["status", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.unit}：{self.get_kind_display()}"

    @property
    def rule(self) -> rules.ConductRule:
        return rules.CONDUCT[self.kind]

    @property
    def service_cut(self) -> float | None:
        """The share by which the service time was cut (A106), or None."""
        if not self.service_days_agreed or self.service_days_actual is None:
            return None
        return (
            self.service_days_agreed - self.service_days_actual
        ) / self.service_days_agreed

    @property
    def service_cut_label(self) -> str:
        cut = self.service_cut
        return "" if cut is None else f"{cut:.0%}"


class Consequence(models.Model):
    """One consequence decided on a conduct record, with its reason and rule."""

    record = models.ForeignKey(
        ConductRecord, on_delete=models.CASCADE, related_name="consequences"
    )
    kind = models.CharField(
        "处理措施", max_length=30, choices=rules.CONSEQUENCE_CHOICES
    )
    basis = models.CharField("依据", max_length=300)
    reason = models.TextField("理由")
    points = models.PositiveSmallIntegerField("记分", null=True, blank=True)
    decided_at = models.DateTimeField()

    class Meta:
        verbose_name = "处理措施"
        verbose_name_plural = "处理措施"

    def __str__(self) -> str:
        return self.get_kind_display()


# --- Supervisors --------------------------------------------------------------------


class Supervisor(models.Model):
    """An enforcement supervisor (执法监督员, seed 000 工作规则) or a
    business-environment social supervisor (营商环境社会监督员, seed 004)."""

    class Group(models.TextChoices):
        ENFORCEMENT = "enforcement", "生态环境执法监督员"
        BUSINESS = "business", "营商环境社会监督员"
        # C17, seed 002 四（五）1 "也可根据工作需要聘任社会环境保护监督员".
        SOCIAL = "social", "社会环境保护监督员"

    class Source(models.TextChoices):
        NPC = "npc", "人大代表"
        CPPCC = "cppcc", "政协委员"
        ENTERPRISE = "enterprise", "企业代表"
        DISTRICT = "district", "县（市）区推荐"
        OTHER = "other", "其他"

    group = models.CharField("类别", max_length=20, choices=Group)
    name = models.CharField("姓名", max_length=30)
    source = models.CharField("推荐来源", max_length=20, choices=Source)
    organisation = models.CharField("工作单位", max_length=100, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    age_exception = models.CharField("超龄聘任说明", max_length=200, blank=True)
    certificate_no = models.CharField("监督员证编号", max_length=30, blank=True)
    appointed_on = models.DateField("聘任日期")
    term_end = models.DateField("聘期届满")
    left_on = models.DateField("解聘日期", null=True, blank=True)
    left_reason = models.CharField("解聘原因", max_length=200, blank=True)
    # The 第三条 conditions ticked at appointment (codes of
    # rules.SUPERVISOR_CONDITIONS), directly on the register page or at vetting a
    # nominee; empty for supervisors appointed before the checklist was asked.
    conditions = models.JSONField("第三条条件核对", default=list, blank=True)
    # The supervisor's own log-in (role 执法监督员), for the scoped read access of
    # 工作规则 第七条（四） (A111). Optional: many supervisors never log in.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervisor_profile",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "监督员"
        verbose_name_plural = "监督员"
        permissions = [("manage_supervisor", "管理监督员")]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_group_display()}）"

    def active_on(self, day: date) -> bool:
        return self.appointed_on <= day <= self.term_end and (
            self.left_on is None or day < self.left_on
        )


class Participation(models.Model):
    """A supervisor's participation in one activity (执法监督员工作规则 第六条)."""

    class Kind(models.TextChoices):
        INSPECTION = "inspection", "执法检查"
        FILE_REVIEW = "file_review", "执法案卷评查"
        RULEMAKING = "rulemaking", "规章和规范性文件论证与备案审查"
        INVESTIGATION = "investigation", "执法专题调查评估"
        # Seed 004 (business-environment supervisors) "行政案件审核".
        CASE_AUDIT = "case_audit", "行政案件审核"
        MEETING = "meeting", "工作会议"
        TRAINING = "training", "业务学习培训"

    supervisor = models.ForeignKey(
        Supervisor, on_delete=models.PROTECT, related_name="participations"
    )
    kind = models.CharField("活动类型", max_length=20, choices=Kind)
    held_on = models.DateField("日期")
    note = models.CharField("情况", max_length=300, blank=True)
    # 第九条: the certificate number the supervisor showed (supervision work only).
    certificate_shown = models.CharField(
        "出示的监督员证编号", max_length=30, blank=True
    )
    # A114: the meeting or training this row records attendance at.
    meeting = models.ForeignKey(
        "engagement.SupervisorMeeting",
        verbose_name="会议或培训",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "监督员参与记录"
        verbose_name_plural = "监督员参与记录"

    def __str__(self) -> str:
        return f"{self.supervisor.name} {self.get_kind_display()} {self.held_on}"


from .grassroots import ResearchReport, Suggestion  # noqa: E402
from .honours import (  # noqa: E402
    BranchRating,
    HonourList,
    HonourNomination,
    Lecture,
    PartyBranch,
)
from .interaction import (  # noqa: E402
    EiaReport,
    Forum,
    GreenChannel,
    LeaderLink,
    Letter,
    LetterDelivery,
    ReceptionBooking,
    ReceptionDay,
    Revisit,
    RevisitReport,
)
from .supervision import (  # noqa: E402
    NominationRequest,
    Nominee,
    SupervisionMatter,
    SupervisorAccess,
    SupervisorMeeting,
    SupervisorReport,
    SupervisorReportUpdate,
)

__all__ = [
    "BranchRating",
    "Commissioner",
    "ConductRecord",
    "Consequence",
    "Demand",
    "EiaReport",
    "EiaStaff",
    "EiaUnit",
    "Forum",
    "GreenChannel",
    "HonourList",
    "HonourNomination",
    "LeaderLink",
    "Lecture",
    "Letter",
    "LetterDelivery",
    "NominationRequest",
    "Nominee",
    "Participation",
    "PartyBranch",
    "ReceptionBooking",
    "ReceptionDay",
    "ResearchReport",
    "Revisit",
    "RevisitReport",
    "Suggestion",
    "SupervisionMatter",
    "Supervisor",
    "SupervisorAccess",
    "SupervisorMeeting",
    "SupervisorReport",
    "SupervisorReportUpdate",
    "Visit",
]
