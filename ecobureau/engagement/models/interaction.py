"""Working with enterprises beyond the demand platform (seed 000 与企业互动, seed 004):

- `ReceptionDay`, `ReceptionBooking`: the monthly 企业环保接待日 (A67) — the day, its
  agenda and record; each enterprise's booking, what was answered, the solution
  proposed and the demand filed to follow it up.
- `Forum`: the enterprise representatives' forum (座谈会, A71), its attendees, topics
  and outcomes; the demands raised point back to it (`Demand.forum`).
- `LeaderLink`, `Letter`, `LetterDelivery`: leaders linked to enterprises and the
  letter 《致全市企业家朋友们的一封信》 with the enterprises it went to (E15).
- `Revisit`, `RevisitReport`: the party office's monthly revisits after enforcement
  cases (A75, E19) and the month's report to the party group.
- `EiaReport`: an EIA report with its national-platform project number and
  情况表 (A102).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReceptionDay(models.Model):
    """One month's reception day: the date (by the week rule), the agenda set
    beforehand and the record of the day written afterwards."""

    held_on = models.DateField("接待日期", unique=True)
    agenda = models.TextField("议程", blank=True)
    hosts = models.CharField("接待人员", max_length=200, blank=True)
    record = models.TextField("接待情况记录", blank=True)
    recorded_at = models.DateTimeField("记录时间", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "企业环保接待日"
        verbose_name_plural = "企业环保接待日"
        permissions = [("manage_reception", "组织企业环保接待日")]

    def __str__(self) -> str:
        return f"企业环保接待日 {self.held_on:%Y-%m-%d}"


class ReceptionBooking(models.Model):
    """An enterprise's booking for a reception day and what came of it."""

    class Status(models.TextChoices):
        BOOKED = "booked", "已预约"
        RECEIVED = "received", "已接待"
        CANCELLED = "cancelled", "已取消"

    day = models.ForeignKey(
        ReceptionDay, on_delete=models.PROTECT, related_name="bookings"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        on_delete=models.PROTECT,
        related_name="+",
    )
    topic = models.CharField("拟咨询的问题", max_length=300)
    contact_name = models.CharField("来访人", max_length=30)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=Status, default=Status.BOOKED
    )
    answer = models.TextField("现场解答情况", blank=True)
    solution = models.TextField("提出的解决方案", blank=True)
    demand = models.ForeignKey(
        "engagement.Demand",
        verbose_name="跟进诉求",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    district = models.ForeignKey(
        "core.Division", null=True, on_delete=models.PROTECT, related_name="+"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    booked_at = models.DateTimeField()
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey(
        "accounts.Unit", null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "接待日预约"
        verbose_name_plural = "接待日预约"
        constraints = [
            models.UniqueConstraint(
                fields=["day", "enterprise"],
                condition=~models.Q(status="cancelled"),
                name="engagement_one_booking_per_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.day.held_on:%Y-%m-%d}"


class Forum(models.Model):
    """An enterprise representatives' forum (企业代表座谈会, seed 000 与企业互动（八）)."""

    held_on = models.DateField("召开日期")
    title = models.CharField("会议名称", max_length=150)
    npc_deputies = models.PositiveSmallIntegerField("人大代表人数", default=0)
    cppcc_members = models.PositiveSmallIntegerField("政协委员人数", default=0)
    enterprise_reps = models.PositiveSmallIntegerField("企业代表人数", default=0)
    attendees = models.TextField("参会人员")
    reported = models.TextField("通报的工作情况")
    topics = models.TextField("代表提出的需求建议")
    outcomes = models.TextField("会议结果与工作思路调整", blank=True)
    unit = models.ForeignKey(
        "accounts.Unit", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "企业代表座谈会"
        verbose_name_plural = "企业代表座谈会"

    def __str__(self) -> str:
        return f"{self.title}（{self.held_on:%Y-%m-%d}）"


class LeaderLink(models.Model):
    """A leader linked to an enterprise (领导干部联系企业制度, seed 004); history kept."""

    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="联系领导",
        on_delete=models.PROTECT,
        related_name="+",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_on = models.DateField("起始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    district = models.ForeignKey(
        "core.Division", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "领导干部联系企业"
        verbose_name_plural = "领导干部联系企业"
        constraints = [
            models.UniqueConstraint(
                fields=["leader", "enterprise"],
                condition=models.Q(ended_on__isnull=True),
                name="engagement_one_active_leader_link",
            )
        ]

    def __str__(self) -> str:
        return f"{self.leader} — {self.enterprise}"


class GreenChannel(models.Model):
    """An enterprise on the demand green channel (诉求反馈绿色通道, seed 004: "针对
    我市国有、民营等147家重点企业和430家一般企业建立诉求反馈绿色通道"): its demands
    are listed first and answered within the shorter limit. The city's key
    enterprises here are the economy's, not the 重点排污单位 register; history kept."""

    class Category(models.TextChoices):
        KEY = "key", "重点企业"
        GENERAL = "general", "一般企业"

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        on_delete=models.PROTECT,
        related_name="+",
    )
    category = models.CharField("类别", max_length=10, choices=Category)
    enrolled_on = models.DateField("纳入日期")
    basis = models.CharField("依据", max_length=200)
    ended_on = models.DateField("退出日期", null=True, blank=True)
    district = models.ForeignKey(
        "core.Division", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "诉求反馈绿色通道企业"
        verbose_name_plural = "诉求反馈绿色通道企业"
        ordering = ["category", "enterprise__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=models.Q(ended_on__isnull=True),
                name="engagement_one_active_green_channel",
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise}（{self.get_category_display()}）"


class Letter(models.Model):
    """A letter to enterprises (seed 004 《致全市企业家朋友们的一封信》)."""

    title = models.CharField("标题", max_length=150)
    body = models.TextField("正文")
    sent_on = models.DateField("发送日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "致企业的信"
        verbose_name_plural = "致企业的信"

    def __str__(self) -> str:
        return self.title


class LetterDelivery(models.Model):
    letter = models.ForeignKey(
        Letter, on_delete=models.CASCADE, related_name="deliveries"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="+"
    )
    district = models.ForeignKey(
        "core.Division", null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "enterprise"], name="engagement_letter_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.letter} → {self.enterprise}"


class Revisit(models.Model):
    """One enforcement case sorted for revisiting, and the revisit itself: was
    the enforcement civil and clean; problems found and the proposal."""

    class Status(models.TextChoices):
        PENDING = "pending", "待回访"
        DONE = "done", "已回访"

    month = models.DateField("所属月份")  # the first day of the month
    # The enforcement case (read-only reference: engagement never writes it).
    case_id = models.PositiveIntegerField("执法案件编号")
    case_label = models.CharField("案件", max_length=200)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField("案件类别", max_length=40)
    status = models.CharField(
        "状态", max_length=20, choices=Status, default=Status.PENDING
    )
    visited_on = models.DateField("回访日期", null=True, blank=True)
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    civil = models.BooleanField("文明执法", null=True)
    clean_conduct = models.BooleanField("廉洁执法", null=True)
    satisfied = models.BooleanField("企业满意", null=True)
    findings = models.TextField("企业反映情况", blank=True)
    problem = models.TextField("发现的问题", blank=True)
    proposal = models.TextField("处理建议", blank=True)
    unit = models.ForeignKey(
        "accounts.Unit", null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "执法案件回访"
        verbose_name_plural = "执法案件回访"
        constraints = [
            models.UniqueConstraint(
                fields=["month", "case_id"], name="engagement_revisit_once"
            )
        ]
        permissions = [("manage_revisit", "执法案件回访（局党办）")]

    def __str__(self) -> str:
        return f"回访 {self.case_label}"

    @property
    def has_problem(self) -> bool:
        return bool(self.problem)


class RevisitReport(models.Model):
    """The month's revisit report to the party group (向局党组报告)."""

    month = models.DateField("所属月份", unique=True)
    cases = models.PositiveIntegerField("整理案件数")
    revisited = models.PositiveIntegerField("回访企业数")
    problems = models.PositiveIntegerField("发现问题数")
    summary = models.TextField("报告内容")
    reported_at = models.DateTimeField("报告时间")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "回访情况月报"
        verbose_name_plural = "回访情况月报"

    def __str__(self) -> str:
        return f"{self.month:%Y年%m月}回访情况报告"


class EiaReport(models.Model):
    """An EIA report (环境影响报告书（表）) compiled by a registered unit, with the
    project number and the 编制单位和编制人员情况表 from the national EIA credit
    platform (管理规定 二（一）2), needed before it is submitted for approval."""

    class Status(models.TextChoices):
        DRAFT = "draft", "编制中"
        SUBMITTED = "submitted", "已报批"

    unit = models.ForeignKey(
        "engagement.EiaUnit", on_delete=models.PROTECT, related_name="reports"
    )
    project = models.CharField("建设项目名称", max_length=150)
    lead_author = models.ForeignKey(
        "engagement.EiaStaff",
        verbose_name="编制主持人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    project_number = models.CharField("环评信用平台项目编号", max_length=60, blank=True)
    situation_table = models.CharField(
        "《编制单位和编制人员情况表》编号或说明", max_length=100, blank=True
    )
    status = models.CharField(
        "状态", max_length=20, choices=Status, default=Status.DRAFT
    )
    submitted_on = models.DateField("报批日期", null=True, blank=True)
    returns = models.PositiveSmallIntegerField("退改次数", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "环评文件"
        verbose_name_plural = "环评文件"
        constraints = [
            models.UniqueConstraint(
                fields=["project_number"],
                condition=~models.Q(project_number=""),
                name="engagement_eia_project_number_unique",
            )
        ]

    def __str__(self) -> str:
        return self.project
