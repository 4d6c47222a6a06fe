"""Help for an enterprise through a major public-opinion event (舆情帮扶).

Seed 000 与企业互动（七）: "帮助企业及时处理生态环境保护方面的重大舆情。积极会同
企业，分析研判舆情信息，研究制定解决问题的措施，帮助企业解决问题。（牵头单位：局办
公室）" — so a help record holds the enterprise's request, the person assigned,
each joint analysis and measure, and the outcome.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse

from ecobureau.core.models import TimeStampedModel

if TYPE_CHECKING:
    from ecobureau.casework.models import Clock


class EnterpriseHelp(TimeStampedModel):
    """The bureau's help to one enterprise in one opinion event."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "待指定帮扶人"
        HELPING = "helping", "帮扶中"
        CONCLUDED = "concluded", "帮扶结束"

    event = models.ForeignKey(
        "emergencies.OpinionEvent",
        verbose_name="舆情事件",
        on_delete=models.PROTECT,
        related_name="helps",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="求助企业",
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField("求助时间")
    request = models.TextField("求助事项")
    contact = models.CharField("企业联系人及电话", max_length=80, blank=True)
    status = models.CharField(
        "状态", max_length=12, choices=Status, default=Status.REQUESTED
    )
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="帮扶责任人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_at = models.DateTimeField("指定时间", null=True, blank=True)
    outcome = models.TextField("帮扶结果", blank=True)
    concluded_at = models.DateTimeField("结束时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The bureau's response clocks (casework clocks in hours, limits.py, 示例配置):
    # naming a helper, and the first joint analysis or measure, both counted from
    # the request. Records made before the clocks existed have none.
    assign_clock = models.ForeignKey(
        "casework.Clock",
        verbose_name="指定帮扶人时限",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action_clock = models.ForeignKey(
        "casework.Clock",
        verbose_name="首次研判或措施时限",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "企业舆情帮扶"
        verbose_name_plural = "企业舆情帮扶"
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"帮扶#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("emergencies:help-detail", args=[self.pk])

    def open_clocks(self) -> list[Clock]:
        """The response clocks still running (for pages; select_related first)."""
        return [
            clock
            for clock in (self.assign_clock, self.action_clock)
            if clock is not None and clock.is_open
        ]

    def overdue_clocks(self, now: datetime) -> list[Clock]:
        """Open clocks past their due time, whether or not the sweep has run."""
        return [clock for clock in self.open_clocks() if now > clock.due_at]


class HelpAction(models.Model):
    """One step of the help: a joint analysis with the enterprise, a measure worked
    out, or other help given."""

    class Kind(models.TextChoices):
        ANALYSIS = "analysis", "会同企业分析研判"
        MEASURE = "measure", "研究制定解决措施"
        OTHER = "other", "其他帮扶"

    help = models.ForeignKey(
        EnterpriseHelp, on_delete=models.CASCADE, related_name="actions"
    )
    kind = models.CharField("帮扶方式", max_length=10, choices=Kind)
    taken_at = models.DateTimeField("时间")
    description = models.TextField("内容")
    participants = models.CharField("参加人员", max_length=200, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "帮扶措施"
        verbose_name_plural = "帮扶措施"
        ordering = ["taken_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.taken_at:%Y-%m-%d}"


class HelpReply(models.Model):
    """A reply or further information the enterprise posts on its own help record
    (what it has done, what it still needs). Written by the enterprise's account,
    read by the enterprise and by the staff who see the record."""

    MAX_LENGTH = 2000

    help = models.ForeignKey(
        EnterpriseHelp, on_delete=models.CASCADE, related_name="replies"
    )
    text = models.TextField("回复内容")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("回复时间", auto_now_add=True)

    class Meta:
        verbose_name = "企业回复"
        verbose_name_plural = "企业回复"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"企业回复 {self.created_at:%Y-%m-%d %H:%M}"
