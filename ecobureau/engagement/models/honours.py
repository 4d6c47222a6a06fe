"""与基层互动 (seed 000) items 6, 1 and 3.

- `HonourNomination`, `HonourList` (6 强化典型培树工作): each unit nominates its
  frontline staff for the year's 基层工作十大标兵, 基层先进工作者 (thirty) and
  优秀党务干部; the leadership group's office (机关党委办公室) selects and publishes
  the list. Someone vetoed for the year (一票否决, quality D7) may not be honoured.
- `PartyBranch`, `BranchRating` (1 夯实组织建设阵地): the system's party branches (the
  seed counts 11) and each year's 标准化建设 and 星级评定.
- `Lecture` (3 强化党建“引擎”作用): the 机关大讲堂, 环境大讲堂, 廉政大讲堂 and 专题党课
  held, with date, topic, speaker and attendance.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ecobureau.core.models import TimeStampedModel


class HonourNomination(TimeStampedModel):
    class Category(models.TextChoices):
        MODEL_WORKER = "model_worker", "基层工作十大标兵"
        ADVANCED_WORKER = "advanced_worker", "基层先进工作者"
        PARTY_CADRE = "party_cadre", "优秀党务干部"

    class Status(models.TextChoices):
        NOMINATED = "nominated", "已推荐待评选"
        SELECTED = "selected", "当选"
        NOT_SELECTED = "not_selected", "未当选"

    year = models.PositiveSmallIntegerField("评选年度", db_index=True)
    category = models.CharField("评选类别", max_length=20, choices=Category)
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="推荐单位",
        on_delete=models.PROTECT,
        related_name="+",
    )
    person_name = models.CharField("被推荐人姓名", max_length=40)
    post = models.CharField("职务（岗位）", max_length=60)
    deeds = models.TextField("主要事迹")
    status = models.CharField(
        "状态", max_length=20, choices=Status, default=Status.NOMINATED
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_note = models.CharField("评选意见", max_length=300, blank=True)

    class Meta:
        verbose_name = "典型培树推荐"
        verbose_name_plural = "典型培树推荐"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "category", "unit", "person_name"],
                name="engagement_one_nomination_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_category_display()} {self.person_name}"


class HonourList(TimeStampedModel):
    """The published list of one year (评选结果), fixed once published."""

    year = models.PositiveSmallIntegerField("评选年度", unique=True)
    document_no = models.CharField("表彰决定文号", max_length=60)
    decided_on = models.DateField("表彰决定日期")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "典型培树表彰名单"
        verbose_name_plural = "典型培树表彰名单"

    def __str__(self) -> str:
        return f"{self.year}年度表彰名单（{self.document_no}）"


class PartyBranch(TimeStampedModel):
    name = models.CharField("党支部名称", max_length=80, unique=True)
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="所在单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    secretary = models.CharField("支部书记", max_length=40)
    members = models.PositiveSmallIntegerField("党员人数")
    is_active = models.BooleanField("在册", default=True)

    class Meta:
        verbose_name = "党支部"
        verbose_name_plural = "党支部"

    def __str__(self) -> str:
        return self.name


class BranchRating(TimeStampedModel):
    """One branch's 标准化建设 result and 星级 for a year, with the reason."""

    branch = models.ForeignKey(
        PartyBranch, on_delete=models.PROTECT, related_name="ratings"
    )
    year = models.PositiveSmallIntegerField("评定年度")
    standardised = models.BooleanField("标准化建设达标")
    stars = models.PositiveSmallIntegerField("星级")
    basis = models.TextField("评定依据（“三会一课”等组织生活落实情况）")
    rated_on = models.DateField("评定日期")
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "党支部星级评定"
        verbose_name_plural = "党支部星级评定"
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "year"], name="engagement_one_rating_per_branch_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.branch} {self.year} {self.stars}星"


class Lecture(TimeStampedModel):
    class Kind(models.TextChoices):
        ORGAN = "organ", "机关大讲堂"
        ENVIRONMENT = "environment", "环境大讲堂"
        INTEGRITY = "integrity", "廉政大讲堂"
        PARTY = "party", "专题党课"

    kind = models.CharField("类型", max_length=20, choices=Kind)
    held_on = models.DateField("举办日期", db_index=True)
    topic = models.CharField("主题", max_length=150)
    speaker = models.CharField("主讲人", max_length=60)
    attendees = models.PositiveIntegerField("参加人数")
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="组织单位",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "党建培训"
        verbose_name_plural = "党建培训"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.topic}"
