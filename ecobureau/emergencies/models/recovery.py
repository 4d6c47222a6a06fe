"""Recovery after an incident (事后恢复, seed 002 四（三）2（1）"做好…应急处置和事后恢复
等工作"; requirement X1): each measure, who answers for it, its due date and when it
was done. The register opens once the response is over (recovery.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class RecoveryMeasure(models.Model):
    """One recovery measure (恢复措施) of an incident, e.g. 生态修复, 污染物清理,
    饮用水恢复供水."""

    incident = models.ForeignKey(
        "emergencies.Incident",
        on_delete=models.CASCADE,
        related_name="recovery_measures",
    )
    measure = models.CharField("恢复措施", max_length=200)
    responsible = models.CharField("责任单位", max_length=120)
    # A unit of the registry, when the responsible body is one; the typed name
    # (`responsible`) is kept either way, defaulting to the unit's name.
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="责任单位（登记单位）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField("完成期限")
    done_on = models.DateField("完成日期", null=True, blank=True)
    done_note = models.TextField("完成情况", blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "恢复措施"
        verbose_name_plural = "恢复措施"
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.measure}（{self.responsible}）"

    def is_late(self, today: object) -> bool:
        if self.done_on is not None:
            return self.done_on > self.due_on
        return bool(today > self.due_on)  # type: ignore[operator]
