"""The bureau's enforcement reference material (issue 9):

- the "four lists" (四个清单, seed 004 "严格执行《不予行政处罚清单》等“四个清单”";
  requirements E11): the seeds name only the 不予行政处罚清单 (the minor-violation
  list, `MinorViolationItem`); the other three are `EnforcementList` rows whose
  names come from the bureau. Migration ships three as 示例配置，需按局文件核定,
  without entries — nothing here is presented as law. The positive list (正面清单)
  is the grid module's separate scheme.
- the officers' handbook (《“生态+营商”双优环境执法人员手册》, seed 004 "系统整合行政
  检查流程、服务规范等11项内容"; requirements E10): a library of parts, each with
  uploaded versions (casework attachments), open to enforcement staff only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .cases import EnforcementCase

EXAMPLE_LABEL = "示例配置，需按局文件核定"


class EnforcementList(models.Model):
    """One of the bureau's configurable lists (减轻、从轻、免予强制 …)."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("清单名称", max_length=120)
    description = models.TextField("说明", blank=True)
    example = models.BooleanField(
        "示例配置", default=True, help_text="名称和条目须按局文件核定。"
    )
    order = models.PositiveSmallIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "执法清单"
        verbose_name_plural = "执法清单（四个清单）"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class ListEntry(models.Model):
    """One entry of a configurable list, in force between two dates."""

    list = models.ForeignKey(
        EnforcementList, on_delete=models.PROTECT, related_name="entries"
    )
    title = models.CharField("事项", max_length=200)
    conditions = models.TextField("适用条件")
    basis = models.CharField("依据（局文件及条款）", max_length=300)
    effective_from = models.DateField("生效日期")
    effective_to = models.DateField("失效日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "清单条目"
        verbose_name_plural = "清单条目"
        ordering = ["list", "effective_from", "pk"]

    def __str__(self) -> str:
        return f"{self.list.name}：{self.title}"


class ListCheck(models.Model):
    """A case checked against one entry: the officer proposes, a head decides
    (a match only proposes; 行政处罚法第三十三条 and the bureau's list)."""

    class Decision(models.TextChoices):
        AGREE = "agree", "同意适用"
        REJECT = "reject", "不同意适用"

    case = models.ForeignKey(
        EnforcementCase, on_delete=models.CASCADE, related_name="list_checks"
    )
    entry = models.ForeignKey(ListEntry, on_delete=models.PROTECT, related_name="+")
    facts = models.TextField("符合条件的事实")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField("提出时间")
    decision = models.CharField(
        "负责人决定", max_length=10, choices=Decision, blank=True
    )
    opinion = models.CharField("负责人意见", max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)

    class Meta:
        verbose_name = "清单适用核对"
        verbose_name_plural = "清单适用核对"
        ordering = ["proposed_at", "pk"]

    def __str__(self) -> str:
        return f"清单核对#{self.pk}"


class HandbookPart(models.Model):
    """One part of the officers' handbook; its files are the versions."""

    number = models.PositiveSmallIntegerField("序号", unique=True)
    title = models.CharField("篇目", max_length=120)
    description = models.TextField("说明", blank=True)
    example = models.BooleanField(
        "示例结构", default=True, help_text="篇目为示例结构，须按局印发的手册核定。"
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "执法人员手册篇目"
        verbose_name_plural = "执法人员手册"
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class HandbookVersion(models.Model):
    """One uploaded version of a part (a casework attachment of the part)."""

    part = models.ForeignKey(
        HandbookPart, on_delete=models.PROTECT, related_name="versions"
    )
    version = models.PositiveIntegerField("版本")
    attachment = models.ForeignKey(
        "casework.Attachment", on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField("修订说明", max_length=300)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间")

    class Meta:
        verbose_name = "手册版本"
        verbose_name_plural = "手册版本"
        ordering = ["part", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["part", "version"], name="handbook_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.part.title} 第{self.version}版"
