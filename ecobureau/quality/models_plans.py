"""Yearly work plans and their completion (工作计划及其完成情况; seed 003 (十八)
"公开环保目标责任状、任务分解、工作计划及其完成情况"; requirement D19), beside the
responsibility letters (targets) and the district emission targets (the task
breakdown): each plan's items with the unit answering for them, the deadline and
how far each has got. Written in `services/work_plans.py`."""

from __future__ import annotations

from datetime import date

from django.db import models

from ecobureau.core.models import Division


class WorkPlan(models.Model):
    """The bureau's work plan for a year (one a year)."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    title = models.CharField("计划名称", max_length=200)
    issuer = models.CharField("制定单位", max_length=100)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField("示例数据", default=False)

    class Meta:
        verbose_name = "年度工作计划"
        verbose_name_plural = "年度工作计划"
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title


class WorkPlanItem(models.Model):
    """One task of a plan: who answers for it, by when, and how far it has got."""

    class Status(models.TextChoices):
        PLANNED = "planned", "未开始"
        IN_PROGRESS = "in_progress", "推进中"
        DONE = "done", "已完成"

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField("序号")
    task = models.CharField("工作任务", max_length=300)
    responsible_unit = models.CharField("责任单位", max_length=100)
    # The district whose sub-bureau reports progress (none: the city bureau).
    district = models.ForeignKey(
        Division,
        verbose_name="所属区县",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.DateField("完成时限")
    status = models.CharField(
        "完成情况", max_length=12, choices=Status, default=Status.PLANNED
    )
    completed_on = models.DateField("完成日期", null=True, blank=True)
    note = models.TextField("进展说明", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "工作计划任务"
        verbose_name_plural = "工作计划任务"
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "position"], name="quality_work_item_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.task}"

    def status_text(self, today: date) -> str:
        if self.status == self.Status.DONE:
            late = self.completed_on is not None and self.completed_on > self.deadline
            return "已完成（逾期）" if late else "已完成"
        if today > self.deadline:
            return "逾期未完成"
        return self.get_status_display()
