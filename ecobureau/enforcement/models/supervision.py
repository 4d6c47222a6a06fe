"""挂牌督办 (A93; 与群众互动 8 "公示……挂牌督办等执法信息"): a superior authority
lists a case for supervision with its reference and deadline; the bureau records
it and its lifting, and the public list shows it without personal data."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop


class ListedSupervision(models.Model):
    class Status(models.TextChoices):
        LISTED = "listed", gettext_noop("督办中")
        LIFTED = "lifted", gettext_noop("已解除督办")

    case = models.ForeignKey(
        "enforcement.EnforcementCase",
        on_delete=models.PROTECT,
        related_name="supervisions",
    )
    authority = models.CharField("督办机关", max_length=100)
    reference = models.CharField("督办文号", max_length=60)
    listed_on = models.DateField("挂牌日期")
    deadline = models.DateField("督办期限")
    matter = models.CharField("督办事项（公开，勿填写个人信息）", max_length=300)
    status = models.CharField(
        "状态", max_length=10, choices=Status, default=Status.LISTED
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间")
    lifted_on = models.DateField("解除日期", null=True, blank=True)
    lift_note = models.CharField("办结情况（公开）", max_length=300, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "挂牌督办"
        verbose_name_plural = "挂牌督办"
        ordering = ["-listed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "reference"], name="listed_supervision_reference"
            )
        ]
        indexes = [
            models.Index(fields=["status", "-listed_on"], name="supervision_public")
        ]

    def __str__(self) -> str:
        return f"挂牌督办 {self.reference}"

    def overdue_days(self, today: date, due_on: date | None = None) -> int:
        """Days past the superior's deadline while still listed (0 if not);
        `due_on` is that deadline rolled off a rest day
        (`selectors.supervision_due_on`), the date as written when not given."""
        last = due_on or self.deadline
        if self.status != self.Status.LISTED or today <= last:
            return 0
        return (today - last).days
