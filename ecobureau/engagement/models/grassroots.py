"""与基层互动 (seed 000): the staff suggestion scheme "我为环境保护出点子" (8: every
cadre makes at least one reasonable suggestion a year; adopted ones are rewarded) and
the sections' research reports (5: each section drafts at least one a year)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ecobureau.core.models import TimeStampedModel


class Suggestion(TimeStampedModel):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "待评审"
        ADOPTED = "adopted", "已采纳"
        NOT_ADOPTED = "not_adopted", "未采纳"

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提出人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="所在单位",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    title = models.CharField("建议题目", max_length=150)
    content = models.TextField("建议内容")
    status = models.CharField(
        "状态", max_length=20, choices=Status, default=Status.SUBMITTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_note = models.CharField("评审意见", max_length=300, blank=True)
    reward = models.CharField("奖励", max_length=200, blank=True)
    rewarded_on = models.DateField("奖励日期", null=True, blank=True)

    class Meta:
        verbose_name = "合理化建议"
        verbose_name_plural = "合理化建议"
        permissions = [
            ("manage_grassroots", "可评审合理化建议、给予奖励并查看各单位完成情况")
        ]

    def __str__(self) -> str:
        return self.title


class ResearchReport(TimeStampedModel):
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="起草单位",
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    title = models.CharField("调研报告题目", max_length=150)
    authors = models.CharField("执笔人", max_length=100)
    summary = models.TextField("主要内容和决策建议")
    completed_on = models.DateField("完成日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "调研报告"
        verbose_name_plural = "调研报告"

    def __str__(self) -> str:
        return self.title
