from django.conf import settings
from django.db import models

from ecobureau.casework.models import CaseModel
from ecobureau.core.models import Division, TimeStampedModel


class Patrol(TimeStampedModel):
    """A grid officer's patrol record (巡查记录): when, where (with the browser's GPS
    position if it gave one), what was looked at with the checklist of the
    industry, and what was found; photos are attachments (casework).

    A patrol looks from outside and reports; it is not an administrative inspection
    of an enterprise, which only credentialed officers carry out (国办发〔2024〕54号,
    rules.md I5 and §7).
    """

    class Kind(models.TextChoices):
        ROUTINE = "routine", "日常巡查"
        NIGHT = "night", "夜间巡查"
        STRAW = "straw", "秸秆禁烧巡查"
        RURAL = "rural", "农村环境综合整治巡查"
        DISPUTE = "dispute", "环境污染纠纷调解"
        NEW_SOURCE = "new_source", "新污染源排查"

    cell = models.ForeignKey(
        "grid.GridCell",
        verbose_name="网格",
        on_delete=models.PROTECT,
        related_name="patrols",
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="巡查人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField("巡查类型", max_length=12, choices=Kind)
    started_at = models.DateTimeField("巡查时间")
    ended_at = models.DateTimeField("结束时间", null=True, blank=True)
    place = models.CharField("巡查地点", max_length=200)
    # WGS-84 degrees, as the browser's geolocation gives them.
    latitude = models.DecimalField(
        "纬度", max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        "经度", max_digits=9, decimal_places=6, null=True, blank=True
    )
    accuracy_m = models.PositiveIntegerField("定位精度（米）", null=True, blank=True)
    outside_cell = models.BooleanField(
        "定位在网格边界外", null=True, blank=True, help_text="无边界或无定位时为空。"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="周边企业（外部巡查）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    checklist_code = models.CharField("巡查清单", max_length=20)
    checklist = models.JSONField("巡查项目", default=list)
    findings = models.TextField("发现情况", blank=True)
    problem_found = models.BooleanField("发现问题", default=False)
    # C22: a problem found on patrol is reported within the level's report hours.
    report_due_at = models.DateTimeField("问题上报期限", null=True, blank=True)
    report_overdue_flagged_at = models.DateTimeField(
        "超时未上报提醒时间", null=True, blank=True
    )
    district = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    township = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "网格巡查"
        verbose_name_plural = "网格巡查"
        ordering = ["-started_at", "-pk"]
        permissions = [("record_patrol", "可记录网格巡查并上报问题")]
        indexes = [
            models.Index(fields=["cell", "started_at"], name="patrol_cell"),
            models.Index(fields=["officer", "started_at"], name="patrol_officer"),
            models.Index(fields=["district", "started_at"], name="patrol_district"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.place}"


class Problem(CaseModel):
    """A problem a cell reports (问题上报): a pollution or violation found on patrol,
    reported upward at once (seed 002 四(三)1(3) "发现环境违法行为及时上报") to the
    level above, or straight to the department whose duty it is. The level handles
    it, refers it to enforcement, or transfers it (移交、移送, 四(四)2); the result is
    fed back to the cell (反馈, 四(四)3)."""

    class Status(models.TextChoices):
        REPORTED = "reported", "待受理"
        HANDLING = "handling", "办理中"
        TRANSFERRED = "transferred", "已移交部门"
        REFERRED = "referred", "已转执法查处"
        CLOSED = "closed", "已办结（已反馈网格）"
        DISMISSED = "dismissed", "不予处理（已反馈网格）"

    class Category(models.TextChoices):
        AIR = "air", "废气、烟尘、异味"
        DUST = "dust", "扬尘"
        WATER = "water", "废水、污水"
        NOISE = "noise", "噪声"
        WASTE = "waste", "固体废物、危险废物"
        BURNING = "burning", "露天焚烧、秸秆焚烧"
        NEW_SOURCE = "new_source", "新污染源"
        ECOLOGY = "ecology", "生态破坏"
        OTHER = "other", "其他"

    OPEN_STATUSES = (
        Status.REPORTED,
        Status.HANDLING,
        Status.TRANSFERRED,
        Status.REFERRED,
    )

    status = models.CharField("状态", max_length=30, choices=Status, blank=True)
    cell = models.ForeignKey(
        "grid.GridCell",
        verbose_name="网格",
        on_delete=models.PROTECT,
        related_name="problems",
    )
    patrol = models.ForeignKey(
        Patrol,
        verbose_name="来源巡查",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上报人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    category = models.CharField("问题类别", max_length=12, choices=Category)
    description = models.TextField("问题描述")
    place = models.CharField("地点", max_length=200)
    latitude = models.DecimalField(
        "纬度", max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        "经度", max_digits=9, decimal_places=6, null=True, blank=True
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="涉及企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    stopped = models.BooleanField("已当场制止", default=False)
    reported_at = models.DateTimeField("上报时间")
    # C22: when the problem was found (the patrol's time unless given) and the
    # report-hours limit in force then; a report after `report_due_at` is late.
    found_at = models.DateTimeField("发现时间", null=True, blank=True)
    report_due_at = models.DateTimeField("上报期限", null=True, blank=True)
    reported_late = models.BooleanField("超时上报", default=False)
    result = models.TextField("处理结果", blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        verbose_name = "网格问题"
        verbose_name_plural = "网格问题"
        ordering = ["-reported_at", "-pk"]
        permissions = [("handle_problem", "可受理、办理和移交网格上报的问题")]
        indexes = [
            models.Index(fields=["district", "status"], name="problem_district"),
            models.Index(fields=["cell", "reported_at"], name="problem_cell"),
            models.Index(fields=["status", "reported_at"], name="problem_status"),
        ]

    def __str__(self) -> str:
        return f"网格问题 #{self.pk}（{self.get_category_display()}）"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class Transfer(CaseModel):
    """A problem handed to the department responsible (移交、移送): the receiving
    department must finish and report back within the time set (seed 002 四(四)2
    "受理单位要在规定时间内完成查处工作", 六(二)5 "及时反馈处理结果"). Feedback is
    mandatory; an overdue transfer escalates to the level above (督办, 六(二)8).

    `unit` (the case's handling unit) is the receiving department."""

    class Status(models.TextChoices):
        SENT = "sent", "待部门办理"
        ANSWERED = "answered", "部门已反馈"
        ACCEPTED = "accepted", "已确认办结"
        WITHDRAWN = "withdrawn", "已撤回"

    status = models.CharField("状态", max_length=30, choices=Status, blank=True)
    problem = models.ForeignKey(
        Problem,
        verbose_name="问题",
        on_delete=models.PROTECT,
        related_name="transfers",
    )
    from_unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="移交单位",
        on_delete=models.PROTECT,
        related_name="+",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="移交人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    request = models.TextField("移交事项与要求")
    limit_workdays = models.PositiveSmallIntegerField("办理时限（工作日）")
    sent_at = models.DateTimeField("移交时间")
    due_at = models.DateTimeField("反馈期限")
    feedback = models.TextField("办理结果反馈", blank=True)
    answered_at = models.DateTimeField("反馈时间", null=True, blank=True)
    review_note = models.TextField("确认意见", blank=True)
    escalation_level = models.PositiveSmallIntegerField("督办级别", default=0)
    escalated_at = models.DateTimeField("最近督办时间", null=True, blank=True)

    class Meta:
        verbose_name = "问题移交"
        verbose_name_plural = "问题移交"
        ordering = ["-sent_at", "-pk"]
        permissions = [("answer_transfer", "可办理移交本部门的网格问题并反馈")]
        indexes = [
            models.Index(fields=["unit", "status"], name="transfer_unit"),
            models.Index(
                fields=["status", "due_at"],
                name="transfer_open_due",
                condition=models.Q(status="sent"),
            ),
        ]

    def __str__(self) -> str:
        return f"问题移交 #{self.pk}"
