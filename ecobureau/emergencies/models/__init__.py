"""Environmental emergencies (突发环境事件), public-opinion events (舆情) and
emergency plans (应急预案).

`Incident` and `OpinionEvent` are casework cases: their status moves only through
`casework.services.case_transition` (processes.py). Report clocks and reply clocks
are casework clocks in hours (limits.py).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse

from ecobureau.casework.models import CaseModel
from ecobureau.core.models import Division, TimeStampedModel
from ecobureau.emergencies import grading, limits

GRADE_CHOICES = [(code, grading.LABELS[code]) for code in grading.GRADES]


class Incident(CaseModel):
    """One environmental emergency, from the first report to the after-action review."""

    class Source(models.TextChoices):
        HOTLINE = "12369", "12369/8890 热线"
        MONITORING = "monitoring", "在线监测报警"
        GRID = "grid", "网格员报告"
        DEPARTMENT = "department", "其他部门通报"
        POLICE = "police", "公安110通报"
        MEDIA = "media", "媒体与网络"
        ENTERPRISE = "enterprise", "企业自报"
        OTHER = "other", "其他"

    class Water(models.TextChoices):
        NONE = "none", grading.WATER_LEVELS["none"]
        TOWNSHIP = "township", grading.WATER_LEVELS["township"]
        COUNTY = "county", grading.WATER_LEVELS["county"]
        CITY = "city", grading.WATER_LEVELS["city"]

    class Boundary(models.TextChoices):
        NONE = "none", grading.BOUNDARY_LEVELS["none"]
        CITY = "city", grading.BOUNDARY_LEVELS["city"]
        PROVINCE = "province", grading.BOUNDARY_LEVELS["province"]
        NATIONAL = "national", grading.BOUNDARY_LEVELS["national"]

    class Ecology(models.TextChoices):
        NONE = "none", grading.ECOLOGY_LEVELS["none"]
        SPECIES = "species_damaged", grading.ECOLOGY_LEVELS["species_damaged"]
        PARTIAL = "partial_loss", grading.ECOLOGY_LEVELS["partial_loss"]
        LOST = "function_lost", grading.ECOLOGY_LEVELS["function_lost"]

    title = models.CharField("事件名称", max_length=120)
    source = models.CharField("信息来源", max_length=20, choices=Source)
    source_ref = models.CharField("来源编号或说明", max_length=120, blank=True)
    complaint_id = models.PositiveBigIntegerField("关联投诉编号", null=True, blank=True)
    clue_id = models.PositiveBigIntegerField("关联监测线索编号", null=True, blank=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="涉事企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.CharField("事发地点", max_length=200)
    occurred_at = models.DateTimeField("事发时间", null=True, blank=True)
    received_at = models.DateTimeField("获知时间")
    summary = models.TextField("事件简况")
    # First verification (首次核实) and the facts the grade is taken from.
    verification = models.TextField("核实情况", blank=True)
    verified_at = models.DateTimeField("核实时间", null=True, blank=True)
    deaths = models.PositiveIntegerField("死亡人数", default=0)
    poisoned = models.PositiveIntegerField("中毒或重伤人数", default=0)
    evacuated = models.PositiveIntegerField("疏散转移人数", default=0)
    loss_10k_yuan = models.DecimalField(
        "直接经济损失（万元）", max_digits=12, decimal_places=2, default=Decimal("0")
    )
    water = models.CharField(
        "饮用水水源地取水中断", max_length=20, choices=Water, default=Water.NONE
    )
    boundary = models.CharField(
        "跨区域影响", max_length=20, choices=Boundary, default=Boundary.NONE
    )
    ecology = models.CharField(
        "生态破坏", max_length=20, choices=Ecology, default=Ecology.NONE
    )
    grade = models.CharField(
        "事件级别（初判）", max_length=20, choices=GRADE_CHOICES, blank=True
    )
    dismiss_reason = models.TextField("不构成突发环境事件的理由", blank=True)
    closure_summary = models.TextField("应急处置结束情况", blank=True)
    closed_at = models.DateTimeField("处置结束时间", null=True, blank=True)
    damage_assessment = models.TextField("损害评估", blank=True)
    review_summary = models.TextField("总结复盘", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "突发环境事件"
        verbose_name_plural = "突发环境事件"
        permissions = [
            ("handle_incident", "登记与处置突发环境事件"),
            ("review_release", "审核信息发布与舆情回复"),
            ("answer_task", "反馈交给本部门的应急处置任务"),
        ]
        indexes = [models.Index(fields=["status", "received_at"])]

    def __str__(self) -> str:
        return f"突发环境事件#{self.pk} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("emergencies:incident-detail", args=[self.pk])

    @property
    def status_label(self) -> str:
        from ecobureau.emergencies.processes import INCIDENT

        return INCIDENT.step(self.status).label if self.status else ""

    def facts(self) -> grading.Facts:
        return grading.Facts(
            deaths=self.deaths,
            poisoned=self.poisoned,
            evacuated=self.evacuated,
            loss_10k_yuan=self.loss_10k_yuan,
            water=self.water,
            boundary=self.boundary,
            ecology=self.ecology,
        )


class Grading(models.Model):
    """One (re)grading of an incident: the facts, the grade, why, by whom."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="gradings"
    )
    grade = models.CharField("级别", max_length=20, choices=GRADE_CHOICES)
    previous = models.CharField(
        "原级别", max_length=20, choices=GRADE_CHOICES, blank=True
    )
    reasons = models.TextField("依据")
    facts = models.JSONField("认定事实")
    note = models.CharField("说明", max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "事件定级"
        verbose_name_plural = "事件定级"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_grade_display()}（{self.at:%Y-%m-%d %H:%M}）"


class Report(models.Model):
    """A report upward: initial (初报), follow-up (续报) or final (处理结果报告) —
    the bureau's — or the report of a major incident to the standing committee of
    the people's congress at the same level (向本级人大常委会报告), which the local
    government makes and the bureau records (`reporter`, `reference`).

    Created pending, with its clock (hours); `submitted_at` set when sent (for the
    congress report: when the government reported)."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "初报"
        FOLLOWUP = "followup", "续报"
        FINAL = "final", "处理结果报告"
        CONGRESS = "congress", "向本级人大常委会报告"

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="reports"
    )
    kind = models.CharField("类型", max_length=10, choices=Kind)
    sequence = models.PositiveSmallIntegerField("序号", default=1)
    clock = models.ForeignKey(
        "casework.Clock", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_at = models.DateTimeField("报送时限")
    recipients = models.CharField("报送对象", max_length=300, blank=True)
    content = models.TextField("报告内容", blank=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The congress report only: the government body that reported (县（区）政府 or
    # 经济区管委会, seed 002 四（三）2（1）) and its document number.
    reporter = models.CharField("报告机关", max_length=100, blank=True)
    reference = models.CharField("报告文号", max_length=60, blank=True)
    document = models.ForeignKey(
        "casework.Document",
        verbose_name="报告文书",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "事件报告"
        verbose_name_plural = "事件报告"
        ordering = ["due_at", "pk"]

    def __str__(self) -> str:
        suffix = f"（第{self.sequence}次）" if self.kind == self.Kind.FOLLOWUP else ""
        return f"{self.get_kind_display()}{suffix}"

    @property
    def step_code(self) -> str:
        return f"report-{self.kind}-{self.sequence}"

    @property
    def is_congress(self) -> bool:
        return self.kind == self.Kind.CONGRESS


class LogEntry(models.Model):
    """The response log (应急处置记录): who did what, when."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="log_entries"
    )
    at = models.DateTimeField("时间")
    actor_name = models.CharField("人员或单位", max_length=80)
    action = models.TextField("处置内容")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "处置记录"
        verbose_name_plural = "处置记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.actor_name}：{self.action[:40]}"


class Task(models.Model):
    """A task given to a department during the response, with its deadline and
    the department's feedback."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="tasks"
    )
    department = models.CharField("承担部门", max_length=80)
    # A department in the registry of units: its handlers (部门承办人) are told,
    # see the task and give the feedback themselves. Empty for a body outside the
    # registry (typed name only), whose feedback the bureau records.
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="承担部门（登记单位）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    content = models.TextField("任务内容")
    due_at = models.DateTimeField("完成时限")
    feedback = models.TextField("反馈情况", blank=True)
    feedback_at = models.DateTimeField("反馈时间", null=True, blank=True)
    feedback_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="反馈人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "处置任务"
        verbose_name_plural = "处置任务"
        ordering = ["due_at", "pk"]

    def __str__(self) -> str:
        return f"{self.department}：{self.content[:40]}"

    def is_late(self, now: object) -> bool:
        if self.feedback_at is not None:
            return self.feedback_at > self.due_at
        return bool(now > self.due_at)  # type: ignore[operator]


class Measurement(models.Model):
    """Emergency monitoring during the event (应急监测)."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="measurements"
    )
    measured_at = models.DateTimeField("监测时间")
    point = models.CharField("点位", max_length=80)
    pollutant = models.CharField("监测项目", max_length=40)
    value = models.DecimalField("监测值", max_digits=14, decimal_places=4)
    unit = models.CharField("单位", max_length=20)
    limit = models.DecimalField(
        "标准限值", max_digits=14, decimal_places=4, null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "应急监测数据"
        verbose_name_plural = "应急监测数据"
        ordering = ["measured_at", "pk"]

    def __str__(self) -> str:
        return f"{self.point} {self.pollutant} {self.value}{self.unit}"

    @property
    def exceeds(self) -> bool:
        return self.limit is not None and self.value > self.limit


class Release(models.Model):
    """A public information release (信息发布), reviewed before publishing."""

    class Status(models.TextChoices):
        DRAFT = "draft", "待审核"
        PUBLISHED = "published", "已发布"
        RETURNED = "returned", "已退回"

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="releases"
    )
    title = models.CharField("标题", max_length=120)
    body = models.TextField("发布内容")
    status = models.CharField(
        "状态", max_length=12, choices=Status, default=Status.DRAFT
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_note = models.CharField("审核意见", max_length=300, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "信息发布"
        verbose_name_plural = "信息发布"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class OpinionEvent(CaseModel):
    """A public-opinion event (舆情): where it appeared, how far it spread, the
    reviewed reply and the reply time limit."""

    class Channel(models.TextChoices):
        WEBSITE = "website", "网站"
        WEIBO = "weibo", "微博"
        WECHAT = "wechat", "微信"
        NEW_MEDIA = "new_media", "其他新媒体"
        NEWSPAPER = "newspaper", "报纸"
        RADIO_TV = "radio_tv", "广播电视"
        ENTERPRISE = "enterprise", "企业求助"
        OTHER = "other", "其他"

    title = models.CharField("舆情标题", max_length=120)
    channel = models.CharField("来源渠道", max_length=20, choices=Channel)
    url = models.CharField("原文链接或出处", max_length=300, blank=True)
    content = models.TextField("舆情内容")
    spread = models.CharField("传播情况", max_length=200, blank=True)
    grade = models.CharField(
        "舆情级别", max_length=10, choices=list(limits.OPINION_GRADES.items())
    )
    discovered_at = models.DateTimeField("发现时间")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="涉及企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    incident = models.ForeignKey(
        Incident,
        verbose_name="关联突发环境事件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opinions",
    )
    reply_draft = models.TextField("回复稿", blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reply_text = models.TextField("已发布回复", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    replied_at = models.DateTimeField("回复时间", null=True, blank=True)
    return_note = models.CharField("退回意见", max_length=300, blank=True)
    closure_note = models.TextField("办结情况", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "舆情事件"
        verbose_name_plural = "舆情事件"
        indexes = [models.Index(fields=["status", "discovered_at"])]

    def __str__(self) -> str:
        return f"舆情#{self.pk} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("emergencies:opinion-detail", args=[self.pk])

    @property
    def status_label(self) -> str:
        from ecobureau.emergencies.processes import OPINION

        return OPINION.step(self.status).label if self.status else ""


class Plan(TimeStampedModel):
    """An emergency plan (突发环境事件应急预案) of a government, a department or an
    enterprise, with its filing and its retrospective assessment dates; or the
    bureau's online-opinion emergency plan (网络舆情应急预案, seed 000 与群众互动 5,
    A70). A revision (修订) is re-filed and kept in `PlanRevision`."""

    class Holder(models.TextChoices):
        GOVERNMENT = "government", "人民政府"
        DEPARTMENT = "department", "政府部门"
        ENTERPRISE = "enterprise", "企业事业单位"

    class Kind(models.TextChoices):
        ENVIRONMENTAL = "environmental", "突发环境事件应急预案"
        ONLINE_OPINION = "online_opinion", "网络舆情应急预案"

    kind = models.CharField(
        "预案类别", max_length=20, choices=Kind, default=Kind.ENVIRONMENTAL
    )
    holder_kind = models.CharField("编制主体类型", max_length=12, choices=Holder)
    holder_name = models.CharField("编制单位", max_length=120)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    district = models.ForeignKey(
        Division,
        verbose_name="区县",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField("预案名称", max_length=160)
    filing_number = models.CharField("备案编号", max_length=60, blank=True)
    filed_on = models.DateField("备案日期")
    reviewed_on = models.DateField("最近回顾性评估日期", null=True, blank=True)
    contacts = models.TextField("应急组织与联系人", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "应急预案"
        verbose_name_plural = "应急预案"
        ordering = ["holder_kind", "holder_name", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def review_due_on(self) -> date:
        base = self.reviewed_on or self.filed_on
        try:
            return base.replace(year=base.year + limits.PLAN_REVIEW_YEARS)
        except ValueError:  # 29 February
            return base.replace(year=base.year + limits.PLAN_REVIEW_YEARS, day=28)

    def review_state(self, today: date) -> str:
        if today > self.review_due_on:
            return "expired"
        if today >= self.review_due_on - timedelta(days=limits.PLAN_DUE_SOON_DAYS):
            return "due_soon"
        return "valid"


class PlanRevision(models.Model):
    """One revision (修订) of a plan: why, what changed, and the filing it replaced.

    The plan row holds the plan as revised (new filing date and number; the
    three-year assessment counts again from the revision); this row keeps what it
    was before, so the plan's history reads from its revisions."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField("修订次数")
    revised_on = models.DateField("修订（重新备案）日期")
    reason = models.TextField("修订原因")
    changes = models.TextField("主要修订内容")
    filing_number = models.CharField("新备案编号", max_length=60, blank=True)
    previous_filed_on = models.DateField("原备案日期")
    previous_filing_number = models.CharField("原备案编号", max_length=60, blank=True)
    previous_reviewed_on = models.DateField("原回顾性评估日期", null=True, blank=True)
    previous_contacts = models.TextField("原应急组织与联系人", blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "预案修订"
        verbose_name_plural = "预案修订"
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"], name="emergencies_plan_revision_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} 第{self.number}次修订"


class IncidentLink(models.Model):
    """An enforcement case or a complaint opened from an incident (by id: the
    other module owns the object; its selectors decide who may open it)."""

    class Kind(models.TextChoices):
        CASE = "enforcement.enforcementcase", "执法案件"
        COMPLAINT = "complaints.complaint", "投诉举报"

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="links"
    )
    kind = models.CharField("类别", max_length=40, choices=Kind)
    target_id = models.PositiveBigIntegerField("编号")
    label = models.CharField("说明", max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "事件关联"
        verbose_name_plural = "事件关联"
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "target_id"], name="emergencies_link_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}#{self.target_id}"


class StopOrder(models.Model):
    """A stop-production / limit-production / stop-discharge order (责令停产、限产、
    停排) recorded against an incident: basis, issuer, time, and its lifting.
    Breaking one after a 较大+ incident is reward category 9 (seed 000 举报奖励
    第六条)."""

    class Kind(models.TextChoices):
        STOP_PRODUCTION = "stop_production", "责令停产"
        LIMIT_PRODUCTION = "limit_production", "责令限产"
        STOP_DISCHARGE = "stop_discharge", "责令停止排放"

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="stop_orders"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField("措施", max_length=20, choices=Kind)
    basis = models.CharField("依据", max_length=300)
    issuer = models.CharField("决定机关", max_length=120)
    issued_at = models.DateTimeField("下达时间")
    measures = models.TextField("具体要求")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    lifted_at = models.DateTimeField("解除时间", null=True, blank=True)
    lift_reason = models.TextField("解除理由", blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "停产限产停排令"
        verbose_name_plural = "停产限产停排令"
        ordering = ["issued_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.enterprise}"

    @property
    def in_force(self) -> bool:
        return self.lifted_at is None


class Drill(models.Model):
    """An emergency drill (应急演练) of a plan: date, participants, findings and
    the follow-ups they call for."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="drills")
    held_on = models.DateField("演练日期")
    scenario = models.CharField("演练科目", max_length=200)
    participants = models.TextField("参演单位与人员")
    findings = models.TextField("发现问题")
    follow_ups = models.TextField("整改措施", blank=True)
    follow_ups_done_on = models.DateField("整改完成日期", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "应急演练"
        verbose_name_plural = "应急演练"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.scenario}"


class RiskSource(models.Model):
    """An enterprise's environmental risk source (环境风险源), with its risk level
    as the enterprise's assessment states it (企业突发环境事件风险分级方法 HJ
    941-2018: 一般/较大/重大)."""

    class Level(models.TextChoices):
        GENERAL = "general", "一般环境风险"
        LARGER = "larger", "较大环境风险"
        MAJOR = "major", "重大环境风险"

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField("风险单元", max_length=120)
    substances = models.CharField("主要风险物质及数量", max_length=300)
    level = models.CharField("风险等级", max_length=10, choices=Level)
    controls = models.TextField("防控措施", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "环境风险源"
        verbose_name_plural = "环境风险源"
        ordering = ["enterprise_id", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_level_display()}）"


class Resource(models.Model):
    """A response resource (应急物资、装备、队伍) and who to call for it."""

    class Kind(models.TextChoices):
        SUPPLIES = "supplies", "应急物资"
        EQUIPMENT = "equipment", "应急装备"
        TEAM = "team", "应急队伍"
        EXPERT = "expert", "应急专家"

    kind = models.CharField("类别", max_length=12, choices=Kind)
    name = models.CharField("名称", max_length=120)
    quantity = models.CharField("数量", max_length=60, blank=True)
    holder = models.CharField("存放或所属单位", max_length=120)
    district = models.ForeignKey(
        Division,
        verbose_name="区县",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contact = models.CharField("联系人", max_length=40)
    phone = models.CharField("联系电话", max_length=30)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "应急资源"
        verbose_name_plural = "应急资源"
        ordering = ["kind", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.name}"


from .hazards import SafetyHazard  # noqa: E402
from .help import EnterpriseHelp, HelpAction, HelpReply  # noqa: E402
from .plan_roles import PlanChange, PlanRole  # noqa: E402
from .recovery import RecoveryMeasure  # noqa: E402

__all__ = [
    "GRADE_CHOICES",
    "Drill",
    "EnterpriseHelp",
    "Grading",
    "HelpAction",
    "HelpReply",
    "Incident",
    "IncidentLink",
    "LogEntry",
    "Measurement",
    "OpinionEvent",
    "Plan",
    "PlanChange",
    "PlanRevision",
    "PlanRole",
    "RecoveryMeasure",
    "Release",
    "Report",
    "Resource",
    "RiskSource",
    "SafetyHazard",
    "StopOrder",
    "Task",
]
