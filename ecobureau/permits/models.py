"""The service catalogue (政务服务事项) and the applications made under it.

The catalogue is data (`catalogue/items.json`, loaded by `reference.load`); staff
edit items in the UI and every edit is a record entry. An application is a case
(`casework.CaseModel`): its status is moved only by `casework.services.
case_transition` along its item's own process (`processes.py`).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop

from ecobureau.casework.models import CaseModel
from ecobureau.core.models import TimeStampedModel


class ServiceItem(TimeStampedModel):
    """One item of the catalogue with every field of its standard sheet (seed 000
    办事标准, requirements A1, A2)."""

    class Category(models.TextChoices):
        LICENCE = "licence", gettext_noop("行政许可")
        CONFIRMATION = "confirmation", gettext_noop("行政确认")
        REWARD = "reward", gettext_noop("行政奖励")
        OTHER_POWER = "other_power", gettext_noop("其他行政权力")
        PUBLIC_SERVICE = "public_service", gettext_noop("公共服务")

    class LimitUnit(models.TextChoices):
        WORKDAYS = "workdays", "个工作日"
        DAYS = "days", "日"
        NONE = "", "无固定时限"

    code = models.SlugField("代码", max_length=60, unique=True)
    category = models.CharField("事项类别", max_length=20, choices=Category)
    number = models.PositiveSmallIntegerField("类别内序号")
    name = models.CharField("事项名称", max_length=200)
    list_name = models.CharField("事项清单中的名称", max_length=200)
    aliases = models.JSONField("别名", default=list, blank=True)
    applicable_parties = models.TextField("适用对象", blank=True)
    legal_basis_text = models.TextField("设立依据（原文）", blank=True)
    accepting_body = models.CharField("受理机构", max_length=120, blank=True)
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="承办单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    place_and_hours = models.TextField("受理地点和时间", blank=True)
    materials_text = models.TextField("办理要件（原文）", blank=True)
    procedure_text = models.TextField("办理基本流程（原文）", blank=True)
    time_limit_text = models.TextField("办结时限（原文）", blank=True)
    time_limit_amount = models.PositiveSmallIntegerField(
        "办结时限",
        null=True,
        blank=True,
        help_text="0表示即办件（当场/当日办结）；为空表示无固定时限。",
    )
    time_limit_unit = models.CharField(
        "时限单位", max_length=10, choices=LimitUnit, blank=True
    )
    result = models.TextField("办理结果", blank=True)
    fees = models.TextField("收费依据及标准", blank=True)
    sample_forms = models.TextField("申请材料示范文本", blank=True)
    faq = models.TextField("常见错误示例、常见问题解答", blank=True)
    complaint_channel = models.TextField("监督投诉渠道", blank=True)
    condition_question = models.CharField(
        "材料条件问题",
        max_length=120,
        blank=True,
        help_text="部分材料取决于申请情形时，向申请人提出的问题，如“夜间施工原因”。",
    )
    condition_choices = models.JSONField("情形选项", default=list, blank=True)
    season_start_month = models.PositiveSmallIntegerField(
        "受理期起始月", null=True, blank=True
    )
    season_end_month = models.PositiveSmallIntegerField(
        "受理期结束月", null=True, blank=True
    )
    season_workdays_only = models.BooleanField("仅工作日受理", default=False)
    accepts_enterprises = models.BooleanField("企业可网上申请", default=False)
    accepts_citizens = models.BooleanField("个人可网上申请", default=False)
    handled_by = models.CharField(
        "由其他模块办理",
        max_length=40,
        blank=True,
        help_text="不在本模块网上申请的事项：complaints、rewards、air。",
    )
    handover_unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="办结后移交单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handover_label = models.CharField("移交事项", max_length=80, blank=True)
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    # The values the catalogue file shipped for this row when it was last loaded;
    # `reference.load` updates a row only while it still equals them, so a staff
    # edit is never undone (see reference.py).
    shipped = models.JSONField("载入内容", default=dict, editable=False)

    class Meta:
        verbose_name = "政务服务事项"
        verbose_name_plural = "政务服务事项"
        ordering = ["sort_order", "pk"]
        permissions = [
            ("edit_catalogue", "可编辑政务服务事项"),
            ("view_statistics", "可查看办件统计"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def online(self) -> bool:
        """Whether the platform takes applications for this item."""
        return self.is_active and not self.handled_by

    @property
    def seasonal(self) -> bool:
        return bool(self.season_start_month and self.season_end_month)

    @property
    def on_the_spot(self) -> bool:
        """即办件: decided on the spot (a time limit of zero)."""
        return self.time_limit_amount == 0

    def time_limit_display(self) -> str:
        if self.time_limit_amount is None:
            return self.time_limit_text or "无"
        if self.time_limit_amount == 0:
            return "即办（当日办结）"
        return f"{self.time_limit_amount}{self.get_time_limit_unit_display()}"


class LegalBasis(models.Model):
    """One cited provision, valid for a span of dates (reference/rules.md §0: the
    Ecological Environment Code replaced several laws on 2026-08-15; both are kept
    and the one in force is shown)."""

    class Status(models.TextChoices):
        OK = "ok", gettext_noop("已核对原文")
        SECONDARY = "2nd", gettext_noop("仅见二手来源")
        NOT_CONFIRMED = "unconfirmed", gettext_noop("待核实")

    item = models.ForeignKey(
        ServiceItem, on_delete=models.CASCADE, related_name="legal_bases"
    )
    law = models.CharField("法律法规或文件", max_length=200)
    articles = models.CharField("条款", max_length=200, blank=True)
    text = models.TextField("条文或说明", blank=True)
    valid_from = models.DateField("施行日期", null=True, blank=True)
    valid_to = models.DateField("失效日期", null=True, blank=True)
    status = models.CharField(
        "核实情况", max_length=12, choices=Status, default=Status.SECONDARY
    )
    note = models.CharField("备注", max_length=300, blank=True)
    position = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "设立依据"
        verbose_name_plural = "设立依据"
        ordering = ["item", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.law}{self.articles}"

    def in_force(self, on: date) -> bool:
        after_start = self.valid_from is None or self.valid_from <= on
        before_end = self.valid_to is None or on <= self.valid_to
        return after_start and before_end

    def citation(self) -> str:
        return f"{self.law}{self.articles}"


class Material(models.Model):
    """One entry of an item's checklist (办理要件), uploaded per entry by the
    applicant (一次性告知, requirements A24)."""

    class Kind(models.TextChoices):
        UPLOAD = "upload", "上传文件"
        FORM = "form", "网上填报"

    item = models.ForeignKey(
        ServiceItem, on_delete=models.CASCADE, related_name="materials"
    )
    code = models.SlugField("代码", max_length=40)
    name = models.CharField("材料名称", max_length=300)
    kind = models.CharField(
        "提交方式", max_length=10, choices=Kind, default=Kind.UPLOAD
    )
    required = models.BooleanField("必需", default=True)
    condition = models.CharField(
        "适用情形", max_length=60, blank=True, help_text="为空表示所有情形都需要。"
    )
    note = models.CharField("份数与要求", max_length=200, blank=True)
    position = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "办理要件"
        verbose_name_plural = "办理要件"
        ordering = ["item", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "code"], name="material_code"),
        ]

    def __str__(self) -> str:
        return self.name

    def applies(self, condition: str) -> bool:
        return not self.condition or self.condition == condition


class CatalogueLoad(models.Model):
    """One application of the catalogue file (`manage.py load_reference`)."""

    version = models.CharField("版本", max_length=40)
    digest = models.CharField("内容摘要", max_length=64)
    result = models.JSONField("载入结果", default=dict)
    loaded_at = models.DateTimeField("载入时间", auto_now_add=True)

    class Meta:
        verbose_name = "事项目录载入记录"
        verbose_name_plural = "事项目录载入记录"
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.version} {self.loaded_at:%Y-%m-%d %H:%M}"


class Application(CaseModel):
    """An application (办件) for one catalogue item by an enterprise or a citizen,
    online or taken at the window. `status` is the step of the item's process."""

    class Channel(models.TextChoices):
        ONLINE = "online", "网上申请"
        WINDOW = "window", "窗口申请"
        LETTER = "letter", "信函申请"
        ORAL = "oral", "口头申请（工作人员记录）"

    DRAFT = "draft"

    item = models.ForeignKey(
        ServiceItem, verbose_name="事项", on_delete=models.PROTECT, related_name="+"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申请账户",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="申请企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applicant_name = models.CharField("申请人", max_length=120)
    contact_name = models.CharField("联系人", max_length=40, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    channel = models.CharField(
        "申请方式", max_length=10, choices=Channel, default=Channel.ONLINE
    )
    condition = models.CharField("申请情形", max_length=60, blank=True)
    details = models.JSONField("申请内容", default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="填报人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The form's one-time key: a second submission of the same form finds the
    # application the first one created instead of making another.
    submission_key = models.CharField(max_length=40, editable=False)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    # When the bureau received the materials: the submission for an online
    # application, the day a letter arrived for one sent by post (行政许可法
    # 第二十九条第三款). The five days to accept run from here.
    received_at = models.DateTimeField("收到申请材料时间", null=True, blank=True)
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    # 行政许可法 第三十二条第一款第（四）项: not told within five days → accepted
    # from the day the materials were received.
    deemed_accepted = models.BooleanField("逾期未告知视为受理", default=False)
    decided_at = models.DateTimeField("办结时间", null=True, blank=True)
    outcome = models.CharField("办理结果", max_length=20, blank=True)
    reasons = models.TextField("不予受理/不予许可理由", blank=True)
    opinion = models.TextField("审查意见", blank=True)
    province_opinion = models.TextField("省厅审定意见", blank=True)
    customs_opinion = models.TextField("海关意见", blank=True)
    inspectors = models.CharField("核查人员", max_length=200, blank=True)
    site_findings = models.TextField("现场核查情况", blank=True)
    excluded_reason = models.CharField("不计时程序", max_length=20, blank=True)
    supplements = models.PositiveSmallIntegerField("补正次数", default=0)
    supplement_items = models.JSONField("需补正材料", default=list, blank=True)
    # 首问负责制 (seed 000 相关制度 三, requirements A25): the first staff member
    # who handles the application owns it until they hand it over.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="首问负责人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_since = models.DateTimeField("首问负责起始", null=True, blank=True)

    class Meta:
        verbose_name = "办件"
        verbose_name_plural = "办件"
        ordering = ["-created_at"]
        permissions = [
            ("handle_application", "可办理政务服务办件"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "submission_key"],
                name="application_submission_once",
            ),
        ]
        indexes = [
            models.Index(fields=["item", "status"], name="application_item_status"),
            models.Index(fields=["applicant", "-created_at"], name="application_mine"),
            models.Index(fields=["status", "-created_at"], name="application_status"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.item.name}"

    @property
    def number(self) -> str:
        """申请编号: the day it was created and its id, e.g. SQ20261122-000123."""
        return (
            f"SQ{self.created_at:%Y%m%d}-{self.pk:06d}" if self.pk else "SQ（未保存）"
        )

    @property
    def is_draft(self) -> bool:
        return self.status == self.DRAFT


class ApplicationMaterial(models.Model):
    """A file an applicant (or the window, for a paper application) gave for one
    checklist entry; the file itself is a casework attachment of the application."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="files"
    )
    material = models.ForeignKey(
        Material, on_delete=models.PROTECT, related_name="+", verbose_name="材料"
    )
    attachment = models.ForeignKey(
        "casework.Attachment", on_delete=models.PROTECT, related_name="+"
    )
    round = models.PositiveSmallIntegerField("提交轮次", default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "申请材料"
        verbose_name_plural = "申请材料"
        ordering = ["material__position", "created_at"]

    def __str__(self) -> str:
        return f"{self.material.name}: {self.attachment.name}"


class Enquiry(TimeStampedModel):
    """A question about an item (or an application), answered by staff; the first
    staff member who takes it owns it until handed over (首问负责制, A25)."""

    class Status(models.TextChoices):
        OPEN = "open", gettext_noop("待答复")
        ANSWERED = "answered", gettext_noop("已答复")

    item = models.ForeignKey(
        ServiceItem, verbose_name="事项", on_delete=models.PROTECT, related_name="+"
    )
    application = models.ForeignKey(
        Application,
        verbose_name="办件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enquiries",
    )
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="咨询人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    question = models.TextField("咨询内容")
    answer = models.TextField("答复", blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=Status, default=Status.OPEN
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="首问负责人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_since = models.DateTimeField("首问负责起始", null=True, blank=True)

    class Meta:
        verbose_name = "咨询"
        verbose_name_plural = "咨询"
        ordering = ["-created_at"]
        permissions = [("answer_enquiry", "可答复政务服务咨询")]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="enquiry_status"),
            models.Index(fields=["asker", "-created_at"], name="enquiry_mine"),
        ]

    def __str__(self) -> str:
        return f"咨询 {self.pk}：{self.item.name}"


class Rating(models.Model):
    """The applicant's evaluation of the handling of an application or the answer
    to an enquiry (好差评), one per object."""

    application = models.OneToOneField(
        Application,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rating",
    )
    enquiry = models.OneToOneField(
        Enquiry, null=True, blank=True, on_delete=models.CASCADE, related_name="rating"
    )
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField("评分")
    comment = models.CharField("评价意见", max_length=500, blank=True)
    created_at = models.DateTimeField("评价时间", auto_now_add=True)

    class Meta:
        verbose_name = "评价"
        verbose_name_plural = "评价"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="rating_1_to_5"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(application__isnull=False, enquiry__isnull=True)
                    | models.Q(application__isnull=True, enquiry__isnull=False)
                ),
                name="rating_one_object",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.score}分"


class RadiationLicence(TimeStampedModel):
    """A radiation-safety licence (辐射安全许可证) held by an enterprise for its
    radioactive sources and ray equipment, kept current with its validity,
    changes and inspections (seed 003 (十三) "严格执行放射源和射线装置辐射工作安全
    许可制度，强化动态监管"; requirements D15; 法典 第六百二十三条)."""

    class Status(models.TextChoices):
        VALID = "valid", "有效"
        SUSPENDED = "suspended", "暂扣"
        REVOKED = "revoked", "吊销"
        CANCELLED = "cancelled", "注销"

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="持证单位",
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = models.CharField("证书编号", max_length=60)
    scope = models.TextField(
        "种类和范围", help_text="如：使用Ⅴ类放射源；使用Ⅲ类射线装置"
    )
    issuer = models.CharField("发证机关", max_length=80, default="辽宁省生态环境厅")
    issued_on = models.DateField("发证日期")
    valid_until = models.DateField("有效期至")
    status = models.CharField(
        "状态", max_length=12, choices=Status, default=Status.VALID
    )
    note = models.CharField("备注", max_length=300, blank=True)

    class Meta:
        verbose_name = "辐射安全许可证"
        verbose_name_plural = "辐射安全许可证"
        ordering = ["valid_until", "pk"]
        permissions = [("manage_radiation", "可管理辐射安全许可证台账")]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="radiation_licence_number"),
        ]
        indexes = [models.Index(fields=["status", "valid_until"], name="radiation_due")]

    def __str__(self) -> str:
        return f"辐射安全许可证 {self.number}"


class RadiationEvent(models.Model):
    """A change, renewal, inspection or status change of a radiation licence."""

    class Kind(models.TextChoices):
        CHANGE = "change", "变更"
        RENEWAL = "renewal", "延续"
        INSPECTION = "inspection", "监督检查"
        STATUS = "status", "状态变更"

    licence = models.ForeignKey(
        RadiationLicence, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField("类型", max_length=12, choices=Kind)
    on = models.DateField("日期")
    note = models.TextField("内容")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "辐射安全许可证动态"
        verbose_name_plural = "辐射安全许可证动态"
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"


class WasteAssessment(TimeStampedModel):
    """The yearly standardised-management assessment (规范化管理评估) of an
    enterprise producing hazardous or medical waste, linked to its declaration
    and management plan (seed 003 (十二) "加强危险废物和医疗废物产生企业规范化
    管理"; requirements D12, A8, A9). The result grades are example configuration
    (示例配置), as the bureau's own assessment sheet is not in the seeds."""

    class Kind(models.TextChoices):
        HAZARDOUS = "hazardous", "危险废物产生单位"
        MEDICAL = "medical", "医疗废物产生单位"

    class Result(models.TextChoices):
        PASS = "pass", "达标"
        BASIC = "basic", "基本达标"
        FAIL = "fail", "不达标"

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField("评估年度")
    kind = models.CharField("单位类别", max_length=12, choices=Kind)
    result = models.CharField("评估结果", max_length=8, choices=Result)
    score = models.PositiveSmallIntegerField("得分", null=True, blank=True)
    findings = models.TextField("主要问题和整改要求", blank=True)
    declaration = models.ForeignKey(
        Application,
        verbose_name="危险废物申报登记",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    plan = models.ForeignKey(
        Application,
        verbose_name="危险废物管理计划备案",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assessed_on = models.DateField("评估日期")
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "规范化管理评估"
        verbose_name_plural = "规范化管理评估"
        ordering = ["-year", "enterprise_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year", "kind"], name="waste_assessment_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年规范化管理评估"
