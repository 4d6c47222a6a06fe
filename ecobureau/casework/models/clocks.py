from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop

from ecobureau.core.models import Division


class Clock(models.Model):
    """A legal time limit running on one step of one case.

    `due_at` is the hard (statutory) deadline, `target_due_at` an optional earlier
    promised one (承诺时限). Both are computed by the `deadline` rule when the clock
    starts, and recomputed only when an input changes: a pause ends, an extension
    is granted, or the official calendar of a provisional year is entered.
    """

    class Unit(models.TextChoices):
        WORKDAYS = "workdays", "个工作日"
        DAYS = "days", "日"
        MONTHS = "months", "个月"
        HOURS = "hours", "小时"

    class State(models.TextChoices):
        RUNNING = "running", gettext_noop("计时中")
        PAUSED = "paused", gettext_noop("已暂停")
        DUE_SOON = "due_soon", gettext_noop("临期")
        OVERDUE = "overdue", gettext_noop("已超期")
        MET = "met", gettext_noop("按期完成")
        MISSED = "missed", gettext_noop("超期完成")
        CANCELLED = "cancelled", gettext_noop("已撤销")

    OPEN_STATES = (State.RUNNING, State.PAUSED, State.DUE_SOON, State.OVERDUE)

    target_type = models.CharField("对象类型", max_length=60)
    target_id = models.BigIntegerField("对象编号")
    step = models.CharField("环节", max_length=40)
    label = models.CharField("时限名称", max_length=80)
    basis = models.CharField("依据", max_length=200, blank=True)
    amount = models.PositiveIntegerField("时限")
    unit = models.CharField("单位", max_length=10, choices=Unit)
    target_amount = models.PositiveIntegerField("承诺时限", null=True, blank=True)
    end_time = models.TimeField(
        "截止时刻",
        null=True,
        blank=True,
        help_text="如“每日15点前”；为空则为当日结束。",
    )
    started_at = models.DateTimeField("起算时间")
    due_at = models.DateTimeField("法定期限")
    target_due_at = models.DateTimeField("承诺期限", null=True, blank=True)
    due_soon_at = models.DateTimeField("临期提醒时间")
    provisional = models.BooleanField(
        "期限待复核",
        default=False,
        help_text="计算用到了尚未公布官方放假安排的年份，公布后自动重算。",
    )
    state = models.CharField(
        "状态", max_length=12, choices=State, default=State.RUNNING
    )
    stopped_at = models.DateTimeField("停止时间", null=True, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="责任人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responsible_unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="责任单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    district = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    township = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "法定时限"
        verbose_name_plural = "法定时限"
        indexes = [
            models.Index(fields=["state", "due_soon_at"], name="clock_state_due_soon"),
            models.Index(fields=["state", "due_at"], name="clock_state_due"),
            models.Index(fields=["target_type", "target_id"], name="clock_target"),
            models.Index(
                fields=["provisional"],
                name="clock_provisional",
                condition=models.Q(provisional=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}（{self.amount}{self.get_unit_display()}）"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES


class ClockPause(models.Model):
    """A stretch of days not counted in the limit (补正材料, 专家评审, 听证, 鉴定 …,
    "不计算在期限内"). An open pause has no end date yet."""

    class Reason(models.TextChoices):
        SUPPLEMENT = "supplement", gettext_noop("补正材料")
        EXPERT_REVIEW = "expert_review", gettext_noop("专家评审")
        HEARING = "hearing", gettext_noop("听证")
        APPRAISAL = "appraisal", gettext_noop("检验检测鉴定")
        SITE_SURVEY = "site_survey", gettext_noop("现场勘查")
        ANNOUNCEMENT = "announcement", gettext_noop("公告")
        SUSPENSION = "suspension", gettext_noop("中止")
        OTHER = "other", gettext_noop("其他")

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="pauses")
    reason = models.CharField("暂停事由", max_length=20, choices=Reason)
    note = models.CharField("说明", max_length=200, blank=True)
    starts_on = models.DateField("起始日")
    ends_on = models.DateField("结束日", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "时限暂停"
        verbose_name_plural = "时限暂停"
        ordering = ["starts_on"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.starts_on}–{self.ends_on or '…'}"


class ClockExtension(models.Model):
    """An approved extension (延长), with the approver and the reason told."""

    clock = models.ForeignKey(
        Clock, on_delete=models.CASCADE, related_name="extensions"
    )
    amount = models.PositiveIntegerField("延长")
    reason = models.CharField("理由", max_length=300)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="批准人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "时限延长"
        verbose_name_plural = "时限延长"
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"+{self.amount} {self.reason}"
