from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop

from ecobureau.core.models import Division, TimeStampedModel


class GridCell(TimeStampedModel):
    """A cell of the three-level supervision grid (网格), hung on the division tree.

    Seed 002 四(一): level 1 is the city, level 2 each county, district and economic
    zone, level 3 each township, street and park; each government (管委会) is its
    cell's responsible body and its chief the first responsible person. Each level
    may divide itself further into unit grids (单元网格) by area, key area or river
    basin, and level 1 may make areas with large or dense polluters or sensitive
    surroundings key unit grids it supervises itself. The five fixes (五定, 四(二)1)
    are the boundary and area (定区域), the members (定人员, `GridMember`), and the
    duties, tasks and rewards and penalties below.
    """

    class Level(models.IntegerChoices):
        CITY = 1, gettext_noop("一级网格（市）")
        DISTRICT = 2, gettext_noop("二级网格（县区、经济区）")
        TOWNSHIP = 3, gettext_noop("三级网格（乡镇、街道、园区）")

    class Kind(models.TextChoices):
        ADMINISTRATIVE = "administrative", "行政区域网格"
        KEY_AREA = "key_area", "重点监管单元网格"
        BASIN = "basin", "流域单元网格"

    class KeyReason(models.TextChoices):
        NONE = "", "—"
        LARGE_POLLUTER = "large_polluter", "大型污染企业所在区域"
        DENSE = "dense", "污染单位密集区域"
        SENSITIVE = "sensitive", "周边环境敏感区域"

    code = models.CharField("网格编码", max_length=30, unique=True)
    name = models.CharField("网格名称", max_length=80)
    level = models.PositiveSmallIntegerField("层级", choices=Level)
    kind = models.CharField(
        "类型", max_length=20, choices=Kind, default=Kind.ADMINISTRATIVE
    )
    key_reason = models.CharField(
        "重点监管理由", max_length=20, choices=KeyReason, blank=True
    )
    division = models.ForeignKey(
        Division,
        verbose_name="所在行政区划",
        on_delete=models.PROTECT,
        related_name="grid_cells",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级网格",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    supervising_level = models.PositiveSmallIntegerField(
        "监管层级",
        choices=Level,
        help_text="重点监管单元网格可由上级网格直接监管。",
    )
    # The data scope (accounts.selectors.scope_q): copied from the division.
    district = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    township = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responsible_unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="责任主体",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="本级人民政府、街道办事处或管委会。",
    )
    # GeoJSON geometry (Polygon or MultiPolygon), WGS-84 degrees (RFC 7946).
    boundary = models.JSONField("边界（GeoJSON，WGS-84）", null=True, blank=True)
    boundary_is_demo = models.BooleanField(
        "示意边界",
        default=False,
        help_text="边界为示意图形，不是测绘或行政区划的真实边界。",
    )
    boundary_source = models.CharField("边界来源", max_length=120, blank=True)
    area_text = models.TextField("定区域：网格范围说明", blank=True)
    duties_text = models.TextField("定职责", blank=True)
    tasks_text = models.TextField("定任务", blank=True)
    rewards_text = models.TextField("定奖惩", blank=True)
    # Key areas (requirements C32): what is around and how it is watched.
    sensitive_receptors = models.TextField("周边敏感点", blank=True)
    water_bodies = models.TextField("周边水体", blank=True)
    monitoring_network = models.TextField(
        "监控网络",
        blank=True,
        help_text="污染源自动监控、重点企业厂界监控、区域环境空气自动站、废气治理工艺参数在线监控。",
    )
    published_at = models.DateTimeField("公开公示时间", null=True, blank=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "监管网格"
        verbose_name_plural = "监管网格"
        ordering = ["level", "code"]
        permissions = [
            ("manage_grid", "可维护网格、网格人员与责任状"),
            ("evaluate_cell", "可对网格运行情况进行评价"),
        ]
        indexes = [
            models.Index(fields=["district", "level"], name="gridcell_district"),
            models.Index(fields=["township", "level"], name="gridcell_township"),
            models.Index(fields=["division", "kind"], name="gridcell_division"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=3), name="gridcell_level"
            ),
            models.CheckConstraint(
                condition=models.Q(supervising_level__lte=models.F("level")),
                name="gridcell_supervised_from_own_level_or_above",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class GridMember(TimeStampedModel):
    """A person of a cell (定人员): its first responsible person, responsible
    persons, grid officers and designated enforcement staff, and the three-in-one
    supervision network of key areas (seed 002 附件1 二2, requirements C33)."""

    class Role(models.TextChoices):
        FIRST_RESPONSIBLE = "first", gettext_noop("第一责任人")
        RESPONSIBLE = "responsible", gettext_noop("责任人")
        OFFICER = "officer", gettext_noop("网格员")
        ENFORCEMENT = "enforcement", gettext_noop("环境执法工作人员")
        AREA_SUPERVISOR = "area_supervisor", gettext_noop("区域环保监管员")
        PUBLIC_SUPERVISOR = "public_supervisor", gettext_noop("群众环境监督员")
        ENTERPRISE_SUPERVISOR = "enterprise_supervisor", gettext_noop("企业环境监督员")

    # Those who count for "指派2名或2名以上工作人员" (seed 002 六(一)3, C19).
    STAFF_ROLES = (Role.OFFICER, Role.ENFORCEMENT)
    NETWORK_ROLES = (
        Role.AREA_SUPERVISOR,
        Role.PUBLIC_SUPERVISOR,
        Role.ENTERPRISE_SUPERVISOR,
    )

    cell = models.ForeignKey(
        GridCell, verbose_name="网格", on_delete=models.CASCADE, related_name="members"
    )
    role = models.CharField("职责", max_length=30, choices=Role)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="系统用户",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grid_memberships",
    )
    name = models.CharField("姓名", max_length=40)
    title = models.CharField("职务", max_length=60, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    organisation = models.CharField(
        "所在单位（村、社区、企业）", max_length=80, blank=True
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="所在企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    publish = models.BooleanField(
        "向社会公布",
        default=True,
        help_text="网格责任人及联系方式向社会公布（种子002 四(五)1）；群众监督员可不公布。",
    )
    since = models.DateField("起始日期")
    until = models.DateField("终止日期", null=True, blank=True)

    class Meta:
        verbose_name = "网格人员"
        verbose_name_plural = "网格人员"
        ordering = ["cell", "role", "name"]
        indexes = [
            models.Index(
                fields=["user", "cell"],
                name="gridmember_user",
                condition=models.Q(until__isnull=True),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["cell"],
                condition=models.Q(role="first", until__isnull=True),
                name="one_first_responsible_per_cell",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cell} {self.get_role_display()} {self.name}"

    @property
    def is_current(self) -> bool:
        return self.until is None


class ResponsibilityLetter(TimeStampedModel):
    """The yearly environmental supervision responsibility letter
    (《环境监管责任状》) between a cell and a cell of the level below, stating tasks,
    rewards and penalties (seed 002 四(二)2, requirements C4). The signed scan is an
    attachment (casework)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "待签订"
        SIGNED = "signed", "已签订"

    year = models.PositiveSmallIntegerField("年度")
    upper_cell = models.ForeignKey(
        GridCell, verbose_name="上级网格", on_delete=models.PROTECT, related_name="+"
    )
    lower_cell = models.ForeignKey(
        GridCell,
        verbose_name="下级网格",
        on_delete=models.PROTECT,
        related_name="letters",
    )
    tasks = models.TextField("工作任务")
    rewards_penalties = models.TextField("奖惩措施")
    upper_signatory = models.CharField("上级签订人", max_length=40, blank=True)
    lower_signatory = models.CharField("下级签订人", max_length=40, blank=True)
    signed_on = models.DateField("签订日期", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=Status, default=Status.DRAFT
    )
    district = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    township = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "环境监管责任状"
        verbose_name_plural = "环境监管责任状"
        ordering = ["-year", "lower_cell__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "upper_cell", "lower_cell"],
                name="one_letter_per_year_and_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年环境监管责任状：{self.upper_cell}—{self.lower_cell}"


class CellStandard(models.Model):
    """A level's own time limits and standards for patrolling, reporting and
    handling (seed 002 六(二)1 "明确各级网格责任主体巡查、报告、查处的时限和标准等工作
    要求,制定奖惩措施"; 六(二)6 "按照工作要求和时限,及时上报工作开展情况", C22).
    Set by that level's heads; a cell without its own follows the nearest level
    above that has one, and the GRID_* settings when none has."""

    cell = models.OneToOneField(
        GridCell,
        verbose_name="网格",
        on_delete=models.CASCADE,
        related_name="standard",
    )
    patrol_days = models.PositiveSmallIntegerField(
        "巡查周期（天）", help_text="辖区内每个网格至少每多少天巡查一次。"
    )
    report_hours = models.PositiveSmallIntegerField(
        "发现问题上报时限（小时）", help_text="巡查发现问题后多少小时内上报。"
    )
    accept_workdays = models.PositiveSmallIntegerField("受理时限（工作日）")
    handle_workdays = models.PositiveSmallIntegerField("办理时限（工作日）")
    transfer_workdays = models.PositiveSmallIntegerField("移交部门办理时限（工作日）")
    work_report_day = models.PositiveSmallIntegerField(
        "工作情况上报日", help_text="每月几日前向上级报送上月工作开展情况。"
    )
    standards = models.TextField("工作标准")
    rewards_penalties = models.TextField("奖惩措施")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "网格工作时限与标准"
        verbose_name_plural = "网格工作时限与标准"

    def __str__(self) -> str:
        return f"{self.cell}工作时限与标准"
