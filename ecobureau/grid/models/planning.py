from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop

from ecobureau.core.models import Division, TimeStampedModel


class Draw(TimeStampedModel):
    """A double-random draw (双随机抽查), committed before and published after.

    1. Commit (封存): the enterprise pool (by class), the inspector pool and the
       conflicts are frozen and hashed, and a seed is generated; SHA-256 of the
       seed and of the pools are published (一公开).
    2. Draw (抽取): optionally mixed with a public random value announced after the
       commitment, the seed draws enterprises by class ratios and a team of at
       least two credentialed inspectors for each (lib.draw); the seed, the pools
       and the result are published so anyone can re-run it.

    The seed is kept here unpublished between the two steps; it is never shown on a
    page or in the API before the draw.
    """

    class Status(models.TextChoices):
        COMMITTED = "committed", gettext_noop("已封存（种子哈希已公开）")
        DRAWN = "drawn", gettext_noop("已抽取（结果已公开）")
        CANCELLED = "cancelled", gettext_noop("已撤销")

    title = models.CharField("抽查名称", max_length=120)
    year = models.PositiveSmallIntegerField("年度")
    division = models.ForeignKey(
        Division,
        verbose_name="抽查范围",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="全市或某一区县的企业。",
    )
    district = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="组织人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="组织单位",
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        "状态", max_length=12, choices=Status, default=Status.COMMITTED
    )
    algorithm = models.CharField("抽取算法", max_length=30)
    team_size = models.PositiveSmallIntegerField("每组检查人数", default=2)
    percents = models.JSONField("各类抽查比例（%）")
    due_by = models.DateField("检查完成期限")
    seed_sha256 = models.CharField("种子哈希（SHA-256）", max_length=64)
    seed = models.CharField("随机种子", max_length=64)
    pools = models.TextField("企业库、检查人员库与回避关系（规范JSON）")
    pools_sha256 = models.CharField("名录哈希（SHA-256）", max_length=64)
    public_entropy = models.CharField(
        "公开随机数",
        max_length=80,
        blank=True,
        help_text="封存后才公布的随机数（如当日体育彩票开奖号码），与种子共同决定结果。",
    )
    embargo_until = models.DateField(
        "结果公开日期",
        null=True,
        blank=True,
        help_text="为空则抽取后立即公开；也可保密至检查完成后公开（种子、名录与结果同时公开）。",
    )
    result = models.TextField("抽取结果（规范JSON）", blank=True)
    enterprise_count = models.PositiveIntegerField("企业库数量", default=0)
    inspector_count = models.PositiveIntegerField("检查人员库数量", default=0)
    drawn_count = models.PositiveIntegerField("抽中企业数", default=0)
    committed_at = models.DateTimeField("封存时间")
    drawn_at = models.DateTimeField("抽取时间", null=True, blank=True)

    class Meta:
        verbose_name = "双随机抽查"
        verbose_name_plural = "双随机抽查"
        ordering = ["-committed_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_drawn(self) -> bool:
        return self.status == self.Status.DRAWN


class InspectionTask(TimeStampedModel):
    """A planned check of one enterprise (检查任务): from a draw, or triggered by a
    complaint, a monitoring clue, a transfer or a request, or a non-site check.

    Only credentialed enforcement officers carry checks out — at least two on site
    (行政处罚法第四十二条); grid officers may not (国办发〔2024〕54号, rules.md I5).
    Routine on-site checks count against the yearly cap per enterprise; checks
    triggered by a case do not (rules.md I4). The enforcement module records the
    inspection itself and completes the task (`services.task_complete`).
    """

    class Kind(models.TextChoices):
        ROUTINE = "routine", "双随机抽查（日常检查）"
        CAMPAIGN = "campaign", "专项行动检查"
        COMPLAINT = "complaint", "投诉举报核查"
        DATA = "data", "自动监控数据线索核查"
        TRANSFER = "transfer", "移交、转办核查"
        REQUEST = "request", "企业申请"
        NONSITE = "nonsite", "非现场检查"

    # Counted against the yearly cap on routine checks (rules.md I4).
    ROUTINE_KINDS = (Kind.ROUTINE, Kind.CAMPAIGN)
    ONSITE_KINDS = (
        Kind.ROUTINE,
        Kind.CAMPAIGN,
        Kind.COMPLAINT,
        Kind.DATA,
        Kind.TRANSFER,
        Kind.REQUEST,
    )

    class Status(models.TextChoices):
        PLANNED = "planned", gettext_noop("待检查")
        DONE = "done", gettext_noop("已完成")
        CANCELLED = "cancelled", gettext_noop("已取消")

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("检查类型", max_length=12, choices=Kind)
    draw = models.ForeignKey(
        Draw,
        verbose_name="来源抽查",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    listed_request = models.ForeignKey(
        "grid.ListedCheckRequest",
        verbose_name="正面清单企业检查审批",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_type = models.CharField("来源对象类型", max_length=60, blank=True)
    source_id = models.CharField("来源对象编号", max_length=40, blank=True)
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="检查人员", related_name="+"
    )
    due_by = models.DateField("完成期限")
    status = models.CharField(
        "状态", max_length=10, choices=Status, default=Status.PLANNED
    )
    done_on = models.DateField("检查日期", null=True, blank=True)
    result = models.TextField("检查结果", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    district = models.ForeignKey(
        Division, on_delete=models.PROTECT, related_name="+", verbose_name="区县"
    )
    township = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "检查任务"
        verbose_name_plural = "检查任务"
        ordering = ["due_by", "pk"]
        indexes = [
            models.Index(
                fields=["enterprise", "year", "kind"], name="task_enterprise_year"
            ),
            models.Index(fields=["status", "due_by"], name="task_status_due"),
            models.Index(fields=["district", "status"], name="task_district"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def counts_toward_cap(self) -> bool:
        return self.kind in self.ROUTINE_KINDS
