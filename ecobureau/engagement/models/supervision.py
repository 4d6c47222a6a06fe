"""Supervisors at work (鞍山市生态环境执法监督员工作规则, seed 000):

- `SupervisorReport`, `SupervisorReportUpdate`: a supervisor's report on the
  enforcement team, or an opinion or suggestion (第十条, 第十一条; 与群众互动 10),
  registered, answered by a working-day clock, the supervisor told of progress and
  the result (A95).
- `SupervisionMatter`: an enforcement case a supervisor is asked to supervise; the
  supervisor's scoped read access (第七条（四）, A111) and recusal (第八条（三）, A108).
- `SupervisorAccess`: every view and copy a supervisor makes (A111).
- `NominationRequest`, `Nominee`: the nomination steps of 第四条 (A109), with the
  第三条 conditions ticked at vetting (A108).
- `SupervisorMeeting`: the team's work meetings and supervision training
  (第十二条（二）（四）, A114), with the supervisors who attended.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse


class SupervisorReport(models.Model):
    class Kind(models.TextChoices):
        MISCONDUCT = "misconduct", "反映执法人员违法、不当行为"
        OPINION = "opinion", "意见和建议"

    class Addressee(models.TextChoices):
        TEAM = "team", "向市执法队反映"
        BUREAU = "bureau", "直接向市生态环境局反映"

    class Status(models.TextChoices):
        REGISTERED = "registered", "已登记"
        INVESTIGATING = "investigating", "调查核实中"
        ANSWERED = "answered", "已反馈结果"

    supervisor = models.ForeignKey(
        "engagement.Supervisor", on_delete=models.PROTECT, related_name="reports"
    )
    kind = models.CharField("类型", max_length=20, choices=Kind)
    addressee = models.CharField("反映对象", max_length=20, choices=Addressee)
    content = models.TextField("反映内容")
    received_at = models.DateTimeField("登记时间")
    status = models.CharField(
        "状态", max_length=20, choices=Status, default=Status.REGISTERED
    )
    result = models.TextField("办理结果", blank=True)
    answered_at = models.DateTimeField("反馈时间", null=True, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "监督员反映事项"
        verbose_name_plural = "监督员反映事项"
        indexes = [models.Index(fields=["status", "received_at"])]
        permissions = [
            ("handle_supervisor_report", "办理执法监督员反映事项"),
            # 第十条 "也可以直接向市生态环境局反映": a report addressed to the bureau
            # is handled by the bureau's leaders (or an office they designate by
            # granting this permission), never by the enforcement team reported on.
            (
                "handle_bureau_supervisor_report",
                "办理直接向市生态环境局反映的监督员事项",
            ),
        ]

    def __str__(self) -> str:
        return f"监督员反映#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("engagement:supervisor-report", args=[self.pk])


class SupervisorReportUpdate(models.Model):
    """Progress or the result, as told to the supervisor (第十一条)."""

    report = models.ForeignKey(
        SupervisorReport, on_delete=models.CASCADE, related_name="updates"
    )
    note = models.TextField("进展情况")
    final = models.BooleanField("办理结果", default=False)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.note[:30]


class SupervisionMatter(models.Model):
    """An enforcement case a supervisor is asked to supervise. While open and not
    recused, the supervisor may read (and copy) the case's facts (第七条（四））."""

    supervisor = models.ForeignKey(
        "engagement.Supervisor", on_delete=models.PROTECT, related_name="matters"
    )
    case_id = models.PositiveIntegerField("执法案件编号")
    case_label = models.CharField("案件", max_length=200)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField("监督事项", max_length=200)
    granted_on = models.DateField("授权日期")
    closed_on = models.DateField("结束日期", null=True, blank=True)
    recused = models.BooleanField("已回避", default=False)
    recusal_reason = models.CharField("回避原因", max_length=300, blank=True)
    recused_at = models.DateTimeField(null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "监督事项"
        verbose_name_plural = "监督事项"
        constraints = [
            models.UniqueConstraint(
                fields=["supervisor", "case_id"], name="engagement_matter_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.supervisor.name}：{self.case_label}"

    @property
    def open(self) -> bool:
        return self.closed_on is None and not self.recused


class SupervisorAccess(models.Model):
    """One view or copy by a supervisor (A111: every one recorded)."""

    class Action(models.TextChoices):
        VIEW = "view", "查阅"
        COPY = "copy", "复制"

    matter = models.ForeignKey(
        SupervisionMatter, on_delete=models.PROTECT, related_name="accesses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField("操作", max_length=10, choices=Action)
    # 第九条 "应当出示《鞍山市生态环境执法监督员证》": the number shown.
    certificate_shown = models.CharField(
        "出示的监督员证编号", max_length=30, blank=True
    )
    at = models.DateTimeField()

    class Meta:
        verbose_name = "监督员查阅记录"
        verbose_name_plural = "监督员查阅记录"
        indexes = [models.Index(fields=["matter", "at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.matter}"


class NominationRequest(models.Model):
    """The team's request for nominations to one body, with the number asked for
    (第四条（一））."""

    class Body(models.TextChoices):
        NPC = "npc", "市人大"
        CPPCC = "cppcc", "市政协"
        DISTRICT = "district", "县（市）区"
        ENTERPRISE = "enterprise", "企业"

    body = models.CharField("推荐单位类别", max_length=20, choices=Body)
    body_name = models.CharField("推荐单位", max_length=100)
    group = models.CharField("监督员类别", max_length=20)
    quota = models.PositiveSmallIntegerField("名额")
    requested_on = models.DateField("发函日期")
    note = models.CharField("说明", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "监督员推荐意向"
        verbose_name_plural = "监督员推荐意向"

    def __str__(self) -> str:
        return f"{self.body_name}（{self.quota}名）"


class Nominee(models.Model):
    """A person nominated by the body (第四条（二）), vetted by the team (（三））."""

    class Status(models.TextChoices):
        NOMINATED = "nominated", "已推荐待审核"
        APPOINTED = "appointed", "审核通过已聘任"
        REJECTED = "rejected", "审核未通过"

    request = models.ForeignKey(
        NominationRequest, on_delete=models.PROTECT, related_name="nominees"
    )
    name = models.CharField("姓名", max_length=30)
    organisation = models.CharField("工作单位", max_length=100, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=Status, default=Status.NOMINATED
    )
    vetting_note = models.CharField("审核意见", max_length=300, blank=True)
    # The 第三条 conditions the team ticked at vetting (codes of
    # rules.SUPERVISOR_CONDITIONS); all of them are needed to appoint.
    conditions = models.JSONField("第三条条件核对", default=list, blank=True)
    supervisor = models.OneToOneField(
        "engagement.Supervisor",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nomination",
    )

    class Meta:
        verbose_name = "推荐人选"
        verbose_name_plural = "推荐人选"

    def __str__(self) -> str:
        return self.name


class SupervisorMeeting(models.Model):
    """A work meeting (第十二条（二）) or a supervision training (第十二条（四））
    the team organises, with the supervisors who attended. Each attendee's
    participation row points here."""

    class Kind(models.TextChoices):
        MEETING = "meeting", "监督员工作会议"
        TRAINING = "training", "监督业务学习培训"

    kind = models.CharField("类型", max_length=20, choices=Kind)
    held_on = models.DateField("日期")
    title = models.CharField("名称", max_length=150)
    agenda = models.TextField("议程")
    summary = models.TextField("会议（培训）纪要", blank=True)
    materials = models.TextField("提供的工作资料", blank=True)
    attendees = models.ManyToManyField(
        "engagement.Supervisor", verbose_name="参加的监督员", related_name="meetings"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "监督员工作会议和培训"
        verbose_name_plural = "监督员工作会议和培训"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.title} {self.held_on}"
