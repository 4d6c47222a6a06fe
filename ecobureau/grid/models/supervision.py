from django.conf import settings
from django.db import models

from ecobureau.core.models import Division, TimeStampedModel

CLASS_CHOICES = [
    ("A", "A类（简化管理）"),
    ("B", "B类（常规管理）"),
    ("C", "C类（强化监管）"),
]


class ClassPolicy(models.Model):
    """What each class gets: how often it is supervised and what share of it a
    double-random draw takes by default. Example configuration (示例配置): the
    "A yearly / B quarterly / C monthly" frequency is local practice, not a
    confirmed rule (rules.md §7), and the draw shares follow the typical local
    ratios of rules.md §6; each bureau sets its own on the policy page."""

    klass = models.CharField("分类", max_length=1, choices=CLASS_CHOICES, unique=True)
    supervision_months = models.PositiveSmallIntegerField(
        "监管频次（每几个月一次）",
        help_text="到期动态提醒（种子002 附件1 二1“设定企业监管频次，到期动态提醒”）。",
    )
    draw_percent = models.DecimalField(
        "双随机抽查比例（%）", max_digits=5, decimal_places=2
    )
    basis = models.CharField("依据", max_length=200)
    is_example = models.BooleanField("示例配置", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "分类监管参数"
        verbose_name_plural = "分类监管参数"
        ordering = ["-klass"]
        permissions = [("manage_plan", "可维护分类监管参数、回避关系与双随机抽查")]

    def __str__(self) -> str:
        return f"{self.klass}类"


class EnterpriseSupervision(TimeStampedModel):
    """An enterprise's supervision file in the grid (分类监管档案): its cell, its
    A/B/C class as the `enterprise-class` rule computed it and as an officer may
    override it with reasons, and its supervision calendar (requirements C6, C31)."""

    class Pollution(models.TextChoices):
        NONE = "none", "无环境污染"
        MINOR = "minor", "轻微环境污染"
        SIGNIFICANT = "significant", "存在环境污染"

    enterprise = models.OneToOneField(
        "enterprises.Enterprise",
        verbose_name="企业",
        on_delete=models.CASCADE,
        related_name="grid_supervision",
    )
    cell = models.ForeignKey(
        "grid.GridCell",
        verbose_name="所在网格",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    district = models.ForeignKey(
        Division, on_delete=models.PROTECT, related_name="+", verbose_name="区县"
    )
    township = models.ForeignKey(
        Division,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="乡镇街道",
    )
    pollution = models.CharField(
        "污染程度", max_length=12, choices=Pollution, default=Pollution.MINOR
    )
    violations_3y = models.PositiveIntegerField("近三年违法次数", default=0)
    computed_class = models.CharField("规则分类", max_length=1, choices=CLASS_CHOICES)
    rule_version = models.CharField("规则版本", max_length=30)
    explain = models.JSONField("分类依据", default=list)
    override_class = models.CharField(
        "人工调整分类", max_length=1, choices=CLASS_CHOICES, blank=True
    )
    override_reason = models.TextField("调整理由", blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="调整人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    override_at = models.DateTimeField("调整时间", null=True, blank=True)
    klass = models.CharField("监管分类", max_length=1, choices=CLASS_CHOICES)
    computed_at = models.DateTimeField("分类时间")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="监管责任人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_supervised_on = models.DateField("上次监管日期", null=True, blank=True)
    next_due_on = models.DateField("下次监管到期日", null=True, blank=True)
    # The due date a reminder was last sent for: each due date is reminded once.
    reminded_for = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "企业分类监管档案"
        verbose_name_plural = "企业分类监管档案"
        ordering = ["next_due_on", "pk"]
        permissions = [("manage_class", "可调整企业监管分类")]
        indexes = [
            models.Index(fields=["klass", "district"], name="supervision_class"),
            models.Index(fields=["officer", "next_due_on"], name="supervision_officer"),
            models.Index(fields=["next_due_on"], name="supervision_due"),
            models.Index(fields=["cell"], name="supervision_cell"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.klass}类"


class Violation(models.Model):
    """An environmental violation recorded against an enterprise: what makes it C
    class for three years (seed 002 附件1 一 "三年内存在环境违法行为"). Recorded by
    the module that established it (enforcement's decision) through
    `grid.services.violation_record`; revoked if the decision is set aside."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        on_delete=models.CASCADE,
        related_name="+",
    )
    occurred_on = models.DateField("违法行为日期")
    description = models.CharField("违法行为", max_length=300)
    source_type = models.CharField("来源对象类型", max_length=60, blank=True)
    source_id = models.CharField("来源对象编号", max_length=40, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    revoked_on = models.DateField("撤销日期", null=True, blank=True)
    revoked_reason = models.CharField("撤销理由", max_length=300, blank=True)

    class Meta:
        verbose_name = "环境违法行为记录"
        verbose_name_plural = "环境违法行为记录"
        ordering = ["-occurred_on", "-pk"]
        indexes = [
            models.Index(fields=["enterprise", "occurred_on"], name="violation_ent")
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.description}"


class InspectorConflict(models.Model):
    """A declared conflict of interest (回避): the inspector is never drawn for,
    nor assigned to, that enterprise (行政处罚法第四十三条)."""

    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="执法人员",
        on_delete=models.CASCADE,
        related_name="+",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason = models.CharField("回避理由", max_length=200)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    declared_at = models.DateTimeField("登记时间", auto_now_add=True)
    ended_on = models.DateField("解除日期", null=True, blank=True)

    class Meta:
        verbose_name = "执法人员回避关系"
        verbose_name_plural = "执法人员回避关系"
        ordering = ["-declared_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspector", "enterprise"],
                condition=models.Q(ended_on__isnull=True),
                name="one_open_conflict_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inspector_id}↔{self.enterprise_id} {self.reason}"


class ListedCheckRequest(TimeStampedModel):
    """A request to check a positive-list enterprise on site (正面清单企业现场检查):
    listed enterprises are not checked on site unless necessary, and then only with
    the approval of the head of the enforcement body (rules.md I3). Approved through
    casework's internal approval (承办→审核→批准); valid for the year asked."""

    SUBJECT = "正面清单企业现场检查审批"

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField("年度")
    reason = models.TextField("必要性说明")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    district = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    township = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "正面清单企业现场检查审批"
        verbose_name_plural = "正面清单企业现场检查审批"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.year}年正面清单企业现场检查审批 #{self.pk}"


class KeyEnterpriseDocument(models.Model):
    """One of the three documents kept for each key enterprise (seed 002 附件1 二1,
    C30): an on-site inspection template built on its key discharge points
    (产排污关键节点), an environmental-standards manual, and an emergency handbook for
    sudden pollution accidents. Each upload is a new version; the latest counts."""

    class Kind(models.TextChoices):
        INSPECTION_TEMPLATE = "inspection_template", "环境现场监察模版"
        STANDARDS_MANUAL = "standards_manual", "环境标准手册"
        EMERGENCY_HANDBOOK = "emergency_handbook", "突发环境污染事故应急处置手册"

    supervision = models.ForeignKey(
        EnterpriseSupervision,
        verbose_name="企业监管档案",
        on_delete=models.CASCADE,
        related_name="documents",
    )
    kind = models.CharField("文件类别", max_length=20, choices=Kind)
    title = models.CharField("标题", max_length=200)
    issued_on = models.DateField("编制日期")
    attachment = models.ForeignKey(
        "casework.Attachment",
        verbose_name="文件",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "重点企业监管文件"
        verbose_name_plural = "重点企业监管文件"
        ordering = ["kind", "-issued_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.title}"
