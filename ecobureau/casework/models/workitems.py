from django.conf import settings
from django.db import models

from ecobureau.core.models import Division


class WorkItem(models.Model):
    """One thing waiting for someone (我的待办), from any module.

    Modules open and close items through `casework.services`; the clock sweep keeps
    `urgency` in step with the item's clock. `kind` names an entry of the work-item
    registry (`casework.registry`), which says how items of that kind are labelled
    and linked. `title` never holds personal data.
    """

    class State(models.TextChoices):
        OPEN = "open", "待办"
        DONE = "done", "已办"
        CANCELLED = "cancelled", "已撤销"

    class Urgency(models.IntegerChoices):
        PAUSED = 0, "暂停计时"
        NORMAL = 1, "正常"
        DUE_SOON = 2, "临期"
        OVERDUE = 3, "超期"

    kind = models.CharField("类型", max_length=60)
    target_type = models.CharField("对象类型", max_length=60)
    target_id = models.BigIntegerField("对象编号")
    title = models.CharField("事项", max_length=200)
    step = models.CharField("环节代码", max_length=40, blank=True)
    step_label = models.CharField("环节", max_length=40, blank=True)
    state = models.CharField("状态", max_length=10, choices=State, default=State.OPEN)
    urgency = models.PositiveSmallIntegerField(
        "紧急程度", choices=Urgency, default=Urgency.NORMAL
    )
    due_at = models.DateTimeField("办理期限", null=True, blank=True)
    # Items without a deadline sort after those with one. Ordering by this stored
    # flag, then by due_at, gives the same order on both engines without NULLS
    # LAST (SQLite puts NULLs first and cannot then use the indexes to sort).
    undated = models.GeneratedField(
        expression=models.ExpressionWrapper(
            models.Q(due_at__isnull=True), output_field=models.BooleanField()
        ),
        output_field=models.BooleanField(),
        db_persist=True,
    )
    # No plain index: the partial index workitem_assignee serves "assignee = X"
    # (and SET_NULL on user deletion), and a plain one would lure SQLite into
    # reading every unassigned item of the city for a unit's pool.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="work_items",
        db_index=False,
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="承办单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="work_items",
    )
    district = models.ForeignKey(
        Division,
        verbose_name="区县",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    township = models.ForeignKey(
        Division,
        verbose_name="乡镇街道",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    clock = models.ForeignKey(
        "casework.Clock",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        verbose_name = "待办事项"
        verbose_name_plural = "待办事项"
        # The workbench lists open items by urgency then deadline, for one person,
        # one unit, one district or the whole city; one index per way in, each
        # holding only open rows on PostgreSQL (SQLite keeps them whole).
        indexes = [
            models.Index(
                "assignee",
                models.F("urgency").desc(),
                "undated",
                "due_at",
                name="workitem_assignee",
                # Assigned rows only: a query for a unit's unassigned pool must not
                # be tempted by "assignee IS NULL" into this index (SQLite was).
                condition=models.Q(state="open", assignee__isnull=False),
            ),
            models.Index(
                "unit",
                models.F("urgency").desc(),
                "undated",
                "due_at",
                name="workitem_unit",
                condition=models.Q(state="open"),
            ),
            # A unit's pool: open items nobody in the unit has taken yet.
            models.Index(
                "unit",
                models.F("urgency").desc(),
                "undated",
                "due_at",
                name="workitem_unit_pool",
                condition=models.Q(state="open", assignee__isnull=True),
            ),
            models.Index(
                "district",
                models.F("urgency").desc(),
                "undated",
                "due_at",
                name="workitem_district",
                condition=models.Q(state="open"),
            ),
            models.Index(
                "township",
                models.F("urgency").desc(),
                "undated",
                "due_at",
                name="workitem_township",
                condition=models.Q(state="open"),
            ),
            models.Index(
                models.F("urgency").desc(),
                "undated",
                "due_at",
                name="workitem_city",
                condition=models.Q(state="open"),
            ),
            models.Index(fields=["target_type", "target_id"], name="workitem_target"),
            models.Index(fields=["clock"], name="workitem_clock"),
        ]

    def __str__(self) -> str:
        return self.title


class WorkItemTally(models.Model):
    """Open work items per district and urgency, kept exact by database triggers
    (migration 0003) on every insert, update and delete of `WorkItem`.

    The city-wide workbench would otherwise count a million rows on every view;
    with the tally the totals are a sum over a few dozen rows. `district_key` is
    the district's id, or 0 for items with no district.
    """

    district_key = models.BigIntegerField()
    urgency = models.PositiveSmallIntegerField()
    n = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "待办计数"
        verbose_name_plural = "待办计数"
        constraints = [
            models.UniqueConstraint(
                fields=["district_key", "urgency"], name="tally_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.district_key}/{self.urgency}: {self.n}"
