"""Regional environmental-safety hazards (区域环境安全隐患, requirement C27; seed 002
六(二)7 "及时公布……环境信访查处和区域环境安全隐患等情况"): the hazard register the
district sub-bureaus keep on risk sources and areas — where, what, how serious, the
rectification measure and its deadline, and when it was rectified. Staff choose
which entries are published; the public list shows no person (hazards.py)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models


class SafetyHazard(models.Model):
    """One environmental-safety hazard found in a district."""

    class Level(models.TextChoices):
        GENERAL = "general", "一般隐患"
        MAJOR = "major", "重大隐患"

    class Status(models.TextChoices):
        OPEN = "open", "整改中"
        RECTIFIED = "rectified", "已整改"

    district = models.ForeignKey(
        "core.Division",
        verbose_name="区县",
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.CharField("隐患地点", max_length=200)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="涉及企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    risk_source = models.ForeignKey(
        "emergencies.RiskSource",
        verbose_name="涉及风险源",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    found_on = models.DateField("发现日期")
    description = models.TextField("隐患描述")
    level = models.CharField("隐患等级", max_length=10, choices=Level)
    measure = models.TextField("整改措施")
    deadline = models.DateField("整改期限")
    status = models.CharField(
        "整改状态", max_length=10, choices=Status, default=Status.OPEN
    )
    rectified_on = models.DateField("整改完成日期", null=True, blank=True)
    rectified_note = models.TextField("整改完成情况", blank=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "区域环境安全隐患"
        verbose_name_plural = "区域环境安全隐患"
        ordering = ["-found_on", "-pk"]
        indexes = [models.Index(fields=["published_at"], name="emerg_hazard_pub")]

    def __str__(self) -> str:
        return f"{self.place}（{self.get_level_display()}）"

    def is_overdue(self, today: date) -> bool:
        if self.rectified_on is not None:
            return self.rectified_on > self.deadline
        return today > self.deadline

    def status_text(self, today: date) -> str:
        """整改中 / 逾期未整改 / 已整改 / 逾期整改."""
        if self.status == self.Status.RECTIFIED:
            return "已整改（逾期）" if self.is_overdue(today) else "已整改"
        return "逾期未整改" if self.is_overdue(today) else "整改中"
