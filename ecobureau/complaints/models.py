"""Complaints (投诉举报): 12369, 8890/12345, letters and visits, the portal, the
bureau's Weibo and WeChat accounts, 民心网 and inspection-team transfers, in one
closed loop: 诉求受理 → 流转 → 处置 → 反馈 → 回访 (seed 000 与群众互动 §2)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop

from ecobureau.casework.models import CaseModel
from ecobureau.core.models import TimeStampedModel


class Complaint(CaseModel):
    """One complaint and its handling. Status moves only through
    `casework.services.case_transition` with `processes.COMPLAINT`."""

    class Status(models.TextChoices):
        RECEIVED = "received", gettext_noop("待受理")
        ACCEPTED = "accepted", gettext_noop("已受理待派单")
        DISPATCHED = "dispatched", gettext_noop("办理中")
        HANDLED = "handled", gettext_noop("已办理待答复")
        CLOSED = "closed", gettext_noop("已办结")
        NOT_ACCEPTED = "not_accepted", gettext_noop("不予受理")
        MERGED = "merged", gettext_noop("重复件已并案")

    OPEN_STATUSES = (
        Status.RECEIVED,
        Status.ACCEPTED,
        Status.DISPATCHED,
        Status.HANDLED,
    )

    class Channel(models.TextChoices):
        PORTAL = "portal", "本局网站"
        OPEN311 = "open311", "Open311接口"
        PHONE_12369 = "phone_12369", "12369热线电话"
        LETTER = "letter", "来信"
        VISIT = "visit", "来访"
        PLATFORM_12369 = "platform_12369", "全国生态环境投诉举报平台"
        HOTLINE_8890 = "hotline_8890", "8890平台转办"
        HOTLINE_12345 = "hotline_12345", "12345热线转办"
        WEIBO = "weibo", "“鞍山生态环境”微博留言"
        WECHAT = "wechat", "“鞍山生态环境”微信公众号留言"
        MINXIN = "minxin", "民心网"
        INSPECTION_CENTRAL = "inspection_central", "中央生态环境保护督察交办"
        INSPECTION_PROVINCIAL = "inspection_provincial", "省生态环境保护督察交办"
        RECEPTION = "reception", "领导接访下访"

    # Channels whose complaints come from a higher office or an inspection team
    # (重复访 counts them, seed 001 附件1; rules.md J3).
    TRANSFER_CHANNELS = (
        Channel.PLATFORM_12369,
        Channel.HOTLINE_8890,
        Channel.HOTLINE_12345,
        Channel.INSPECTION_CENTRAL,
        Channel.INSPECTION_PROVINCIAL,
    )

    class Category(models.TextChoices):
        AIR = "air", gettext_noop("大气")
        WATER = "water", gettext_noop("水")
        NOISE = "noise", gettext_noop("噪声")
        WASTE = "waste", gettext_noop("固体废物")
        SOIL = "soil", gettext_noop("土壤与生态")
        OTHER = "other", gettext_noop("其他")

    class NoiseSource(models.TextChoices):
        NONE = "", "—"
        INDUSTRIAL = "industrial", gettext_noop("工业噪声")
        CONSTRUCTION = "construction", gettext_noop("建筑施工噪声")
        SOCIAL = "social", gettext_noop("社会生活噪声")
        PROCESSING = "processing", gettext_noop("加工行业噪声")
        TRAFFIC = "traffic", gettext_noop("交通运输噪声")

    class Finding(models.TextChoices):
        TRUE = "true", gettext_noop("属实")
        PARTLY = "partly", gettext_noop("部分属实")
        FALSE = "false", gettext_noop("不属实")

    class ReplyMethod(models.TextChoices):
        PHONE = "phone", "电话答复"
        WRITTEN = "written", "书面答复"
        SMS = "sms", "短信答复"
        IN_PERSON = "in_person", "当面答复"
        ONLINE = "online", "网上答复"

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", gettext_noop("满意")
        BASIC = "basic", gettext_noop("基本满意")
        UNSATISFIED = "unsatisfied", gettext_noop("不满意")
        UNREACHABLE = "unreachable", gettext_noop("未能联系")

    SATISFIED_VALUES = (Satisfaction.SATISFIED, Satisfaction.BASIC)

    status = models.CharField("状态", max_length=30, choices=Status, blank=True)

    tracking_code = models.CharField("查询码", max_length=16, unique=True)
    channel = models.CharField("来源渠道", max_length=30, choices=Channel)
    channel_reference = models.CharField(
        "来源编号", max_length=60, blank=True, help_text="平台或转办单上的编号。"
    )
    received_at = models.DateTimeField("受理时间（收到）")
    text = models.TextField("诉求内容")
    place = models.CharField("地点", max_length=200)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="被投诉企业",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    enterprise_name = models.CharField("被投诉单位（原文）", max_length=120, blank=True)
    # WGS-84 degrees, the platform's one coordinate system (glossary: 坐标系).
    latitude = models.DecimalField(
        "纬度", max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        "经度", max_digits=9, decimal_places=6, null=True, blank=True
    )
    category = models.CharField("类别", max_length=10, choices=Category, blank=True)
    noise_source = models.CharField(
        "噪声来源", max_length=20, choices=NoiseSource, blank=True
    )

    anonymous = models.BooleanField("匿名", default=False)
    contact_name = models.CharField("诉求人", max_length=40, blank=True)
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)
    contact_email = models.EmailField("电子邮箱", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="网上提交账户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    wants_written_reply = models.BooleanField("要求书面答复", default=False)
    reception = models.ForeignKey(
        "complaints.ReceptionEvent",
        verbose_name="接访下访活动",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
    )

    # Triage (seed 000 12369 常见问题 1, 3–5): the suggestion made at intake.
    triage_rule = models.ForeignKey(
        "complaints.TriageRule",
        verbose_name="分流规则",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    redirect_to = models.CharField("告知的受理途径", max_length=200, blank=True)
    not_accepted_reason = models.TextField("不予受理理由", blank=True)
    accepted_at = models.DateTimeField("受理决定时间", null=True, blank=True)
    handling_due_at = models.DateTimeField(
        "办结期限", null=True, blank=True, db_index=True
    )

    # Duplicates and repeats (12369 常见问题 2; seed 001 附件1 重复访).
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name="并入的投诉",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    match_score = models.FloatField("重复判定得分", null=True, blank=True)
    repeat_of = models.ForeignKey(
        "self",
        verbose_name="重复访对应的原件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="repeats",
    )
    repeat_visit = models.BooleanField("重复访", default=False)

    # Handling record.
    survey = models.TextField("现场调查情况", blank=True)
    finding = models.CharField("核查结论", max_length=10, choices=Finding, blank=True)
    measures = models.TextField("处理措施", blank=True)
    # A case of the enforcement module, once it exists: a plain reference, so this
    # module does not depend on one above it (docs/architecture.md).
    enforcement_case_id = models.BigIntegerField("执法案件编号", null=True, blank=True)
    handled_at = models.DateTimeField("办理完成时间", null=True, blank=True)

    # Reply, satisfaction.
    reply_text = models.TextField("答复意见", blank=True)
    reply_method = models.CharField(
        "答复方式", max_length=12, choices=ReplyMethod, blank=True
    )
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    # 全过程记录实施办法 第九条 (A32): a real-name complaint that does not lead to
    # an enforcement procedure — the complainant is told why, in writing.
    no_enforcement_reason = models.TextField(
        "不启动行政执法程序的理由和依据", blank=True
    )
    satisfaction = models.CharField(
        "满意度", max_length=12, choices=Satisfaction, blank=True
    )
    satisfaction_at = models.DateTimeField("满意度回访时间", null=True, blank=True)
    satisfaction_note = models.CharField("满意度说明", max_length=300, blank=True)

    # 有奖举报: set when a reward report is registered for this complaint
    # (rewards.services.registration). The complainant is then a reporter whose
    # identity only the reward handlers see (实施细则 第十一条, A126).
    reward_linked = models.BooleanField("已登记有奖举报", default=False)

    # Messages on the Weibo / WeChat accounts and 民心网 (A89): the designated
    # collector assigns each to a responsible unit; the reply is approved before
    # it is published (public-opinion procedure, A70).
    message_unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="留言责任单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    message_assigned_at = models.DateTimeField("留言分配时间", null=True, blank=True)

    class Meta:
        verbose_name = "投诉"
        verbose_name_plural = "投诉"
        ordering = ["-received_at", "-pk"]
        permissions = [
            ("handle_complaint", "可受理、派单、答复投诉"),
            ("view_complainant", "可查看诉求人联系方式"),
            ("import_complaints", "可导入平台转办投诉"),
            ("export_complaints", "可导出投诉统计与排名"),
            ("feedback_dispatch", "可反馈交办的投诉"),
            ("collect_messages", "可收集并分配微博、微信、民心网留言"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "channel_reference"],
                condition=~models.Q(channel_reference=""),
                name="complaint_one_per_channel_reference",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-received_at"], name="complaint_status"),
            models.Index(
                fields=["district", "-received_at"], name="complaint_district"
            ),
            models.Index(fields=["unit", "closed_at"], name="complaint_unit_closed"),
            models.Index(fields=["unit", "handling_due_at"], name="complaint_unit_due"),
            models.Index(fields=["-received_at", "-id"], name="complaint_received"),
        ]

    def __str__(self) -> str:
        return f"投诉{self.tracking_code}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_transfer(self) -> bool:
        return self.channel in self.TRANSFER_CHANNELS

    @property
    def is_inspection_transfer(self) -> bool:
        return self.channel in (
            self.Channel.INSPECTION_CENTRAL,
            self.Channel.INSPECTION_PROVINCIAL,
        )

    @property
    def is_message(self) -> bool:
        return self.channel in MESSAGE_CHANNELS

    @property
    def real_name(self) -> bool:
        return not self.anonymous and bool(self.contact_name or self.submitted_by_id)


MESSAGE_CHANNELS = (
    Complaint.Channel.WEIBO,
    Complaint.Channel.WECHAT,
    Complaint.Channel.MINXIN,
)


class ComplaintKey(models.Model):
    """The candidate index for duplicates: one row per key of a complaint — the
    brand of the enterprise named (e:), the map cell of the point (g:), each
    street, village, area or landmark of the place (p:). Two complaints the
    `complaint-match` rule can find at the same place share a key, so looking a new
    complaint's keys up inside the window finds every candidate without scanning.
    Plain strings and a (key, received_at) index: the same on SQLite and
    PostgreSQL."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="keys", db_index=False
    )
    key = models.CharField("键", max_length=60)
    received_at = models.DateTimeField("受理时间")

    class Meta:
        verbose_name = "投诉查重索引"
        verbose_name_plural = "投诉查重索引"
        indexes = [
            models.Index(fields=["key", "received_at"], name="complaintkey_lookup"),
            models.Index(fields=["complaint"], name="complaintkey_complaint"),
        ]

    def __str__(self) -> str:
        return self.key


class Dispatch(TimeStampedModel):
    """A complaint handed to a unit to handle (派单/转办): the district sub-bureau,
    the enforcement team, a section, a township with its grid cell, or another
    government department, each with its own deadline and feedback (seed 000
    与群众互动 §1–2; seed 002 四(三) department duties; requirements D11)."""

    class Kind(models.TextChoices):
        SUB_BUREAU = "sub_bureau", "区县分局"
        TEAM = "team", "综合行政执法队"
        SECTION = "section", "局机关科室"
        GRID = "grid", "乡镇街道（网格）"
        DEPARTMENT = "department", "其他政府部门"

    class Status(models.TextChoices):
        OPEN = "open", "办理中"
        ANSWERED = "answered", "已反馈"
        RETURNED = "returned", "已退回"
        WITHDRAWN = "withdrawn", "已撤回"

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="dispatches"
    )
    kind = models.CharField("承办类型", max_length=20, choices=Kind)
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="承办单位",
        on_delete=models.PROTECT,
        related_name="+",
    )
    grid_cell = models.CharField("网格", max_length=80, blank=True)
    lead = models.BooleanField("主办", default=False)
    instructions = models.TextField("交办要求", blank=True)
    days = models.PositiveSmallIntegerField("反馈时限（日）")
    due_at = models.DateTimeField("反馈期限")
    status = models.CharField(
        "状态", max_length=12, choices=Status, default=Status.OPEN
    )
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="派单人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    feedback = models.TextField("办理反馈", blank=True)
    finding = models.CharField(
        "核查结论", max_length=10, choices=Complaint.Finding, blank=True
    )
    fed_back_at = models.DateTimeField("反馈时间", null=True, blank=True)
    fed_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="反馈人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Copied from the complaint for the data scope of the dispatched unit's pages.
    district = models.ForeignKey(
        "core.Division",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    township = models.ForeignKey(
        "core.Division",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "投诉交办"
        verbose_name_plural = "投诉交办"
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["unit", "status"], name="dispatch_unit_status"),
        ]

    def __str__(self) -> str:
        return f"{self.complaint}交{self.unit}"


class TriageRule(TimeStampedModel):
    """One row of the triage table (分流规则), administered as data: what a
    complaint mentioning these words goes to (seed 000 12369 常见问题 1, 3–5;
    requirements A19, D11 — the routing differs by city, so it is data). The
    first active rule in order whose words or noise source match decides the
    suggestion; staff confirm it when they accept."""

    class Outcome(models.TextChoices):
        BUREAU = "bureau", "本局受理办理"
        TRANSFER = "transfer", "受理并转交其他部门办理"
        REDIRECT = "redirect", "不予受理，告知向有关部门反映"
        NOT_ACCEPTED = "not_accepted", "不予受理（依法应通过其他途径解决）"

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=80)
    order = models.PositiveIntegerField("顺序", default=100)
    keywords = models.TextField(
        "关键词", blank=True, help_text="每行一个；繁体、全角会先规范化再匹配。"
    )
    noise_sources = models.CharField(
        "噪声来源", max_length=120, blank=True, help_text="以逗号分隔的噪声来源代码。"
    )
    outcome = models.CharField("分流结果", max_length=20, choices=Outcome)
    target_unit_code = models.CharField(
        "承办部门代码", max_length=40, blank=True, help_text="转交时的单位代码。"
    )
    channel_text = models.CharField(
        "告知的受理途径",
        max_length=200,
        blank=True,
        help_text="向诉求人说明的部门或途径。",
    )
    basis = models.CharField("依据", max_length=200)
    is_active = models.BooleanField("启用", default=True)
    example_configuration = models.BooleanField(
        "示例配置", default=True, help_text="随系统提供、尚待本地确认的配置。"
    )

    class Meta:
        verbose_name = "投诉分流规则"
        verbose_name_plural = "投诉分流规则"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    def keyword_list(self) -> list[str]:
        return [word.strip() for word in self.keywords.splitlines() if word.strip()]

    def noise_source_list(self) -> list[str]:
        return [s.strip() for s in self.noise_sources.split(",") if s.strip()]


class RevisitDraw(models.Model):
    """One monthly draw of one unit's closed complaints to revisit (回访)."""

    unit = models.ForeignKey(
        "accounts.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField("月份", help_text="该月第一日。")
    seed = models.CharField("随机种子", max_length=80)
    rate = models.CharField("抽取比例", max_length=20)
    closed = models.PositiveIntegerField("当月办结数")
    drawn = models.PositiveIntegerField("抽取数")
    drawn_at = models.DateTimeField("抽取时间", auto_now_add=True)

    class Meta:
        verbose_name = "回访抽取"
        verbose_name_plural = "回访抽取"
        ordering = ["-month", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "month"], name="one_draw_per_unit_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.month:%Y-%m}"


class Revisit(TimeStampedModel):
    """A closed complaint drawn for a revisit, and what the revisit found."""

    class Status(models.TextChoices):
        PENDING = "pending", "待回访"
        DONE = "done", "已回访"

    class Outcome(models.TextChoices):
        RESOLVED = "resolved", "问题已解决"
        RECURRED = "recurred", "问题反弹"
        UNRESOLVED = "unresolved", "问题未解决"
        UNREACHABLE = "unreachable", "未能联系"

    draw = models.ForeignKey(
        RevisitDraw, on_delete=models.PROTECT, related_name="revisits"
    )
    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="revisits"
    )
    unit = models.ForeignKey(
        "accounts.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=10, choices=Status, default=Status.PENDING
    )
    outcome = models.CharField("回访结果", max_length=12, choices=Outcome, blank=True)
    satisfaction = models.CharField(
        "满意度", max_length=12, choices=Complaint.Satisfaction, blank=True
    )
    notes = models.TextField("回访记录", blank=True)
    done_at = models.DateTimeField("回访时间", null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回访人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    district = models.ForeignKey(
        "core.Division",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    township = models.ForeignKey(
        "core.Division",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "回访"
        verbose_name_plural = "回访"
        ordering = ["status", "-draw__month", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["draw", "complaint"], name="one_revisit_per_draw"
            )
        ]

    def __str__(self) -> str:
        return f"回访{self.complaint}"


class ReceptionEvent(TimeStampedModel):
    """The cadres' rota at the 8890 platform, the leaders' monthly reception and
    visits (接访下访), and the sub-bureaus' monthly visits to their petition office,
    scheduled and recorded (seed 000 与群众互动 §1; requirements A81)."""

    class Kind(models.TextChoices):
        ROTA_8890 = "rota_8890", "党员干部赴8890平台轮值"
        LEADER_RECEPTION = "leader_reception", "局领导接访"
        LEADER_VISIT = "leader_visit", "局领导下访"
        SUB_BUREAU_VISIT = "sub_bureau_visit", "分局走访属地信访单位"

    class Status(models.TextChoices):
        PLANNED = "planned", "已安排"
        DONE = "done", "已完成"
        CANCELLED = "cancelled", "已取消"

    kind = models.CharField("类型", max_length=20, choices=Kind)
    scheduled_on = models.DateField("日期")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="参加人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "accounts.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField("地点", max_length=120)
    status = models.CharField(
        "状态", max_length=10, choices=Status, default=Status.PLANNED
    )
    summary = models.TextField("情况记录", blank=True)
    recorded_at = models.DateTimeField("记录时间", null=True, blank=True)
    district = models.ForeignKey(
        "core.Division",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "接访下访与8890轮值"
        verbose_name_plural = "接访下访与8890轮值"
        ordering = ["-scheduled_on", "pk"]
        permissions = [("manage_reception", "可安排和记录接访下访、8890轮值")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.scheduled_on}"


class MessageReply(TimeStampedModel):
    """The public reply to a message left on the Weibo / WeChat accounts or 民心网
    (seed 000 与群众互动 §7 "按照舆情应对工作程序做好留言回复工作"): drafted by the
    responsible unit, reviewed and approved (`casework.approval_*`), then
    published. Only an approved reply can be published."""

    class Status(models.TextChoices):
        APPROVING = "approving", "审核中"
        APPROVED = "approved", "已批准待发布"
        RETURNED = "returned", "未通过审核"
        PUBLISHED = "published", "已发布"

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="message_replies"
    )
    text = models.TextField("回复内容")
    status = models.CharField(
        "状态", max_length=12, choices=Status, default=Status.APPROVING
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="拟稿人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_where = models.CharField("发布位置", max_length=200, blank=True)
    # Copied from the complaint for the data scope.
    district = models.ForeignKey(
        "core.Division",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    township = models.ForeignKey(
        "core.Division",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "留言回复"
        verbose_name_plural = "留言回复"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"留言回复（{self.complaint}）"


class FollowUp(CaseModel):
    """A tracked follow-up (跟踪督办) opened on a hot spot of complaints (seed 000
    与群众互动 §2 "重点梳理群众反映的热点、难点、堵点问题，开展跟踪督办"; A82): the
    responsible unit (`unit`), a deadline kept by a casework clock, progress
    reports, and closure (销号) by the supervisor."""

    class Status(models.TextChoices):
        SUPERVISING = "supervising", "督办中"
        CLOSED = "closed", "已办结销号"

    class Dimension(models.TextChoices):
        DISTRICT = "district", "区县"
        CATEGORY = "category", "类别"
        ENTERPRISE = "enterprise", "被投诉单位"
        PLACE = "place", "地点"

    status = models.CharField("状态", max_length=20, choices=Status, blank=True)
    title = models.CharField("督办事项", max_length=120)
    dimension = models.CharField("热点维度", max_length=12, choices=Dimension)
    hotspot = models.CharField("热点", max_length=120)
    complaint_count = models.PositiveIntegerField("开启时投诉件数", default=0)
    complaints = models.ManyToManyField(
        Complaint, verbose_name="涉及投诉", related_name="follow_ups", blank=True
    )
    requirement = models.TextField("督办要求")
    days = models.PositiveSmallIntegerField("办理时限（工作日）")
    due_at = models.DateTimeField("办理期限", null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="督办人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    closure_note = models.TextField("办结情况", blank=True)
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)

    class Meta:
        verbose_name = "投诉热点跟踪督办"
        verbose_name_plural = "投诉热点跟踪督办"
        ordering = ["-created_at", "-pk"]
        permissions = [("supervise_hotspot", "可对投诉热点开启和销号跟踪督办")]

    def __str__(self) -> str:
        return f"督办：{self.title}"


class FollowUpReport(models.Model):
    """One progress report of the responsible unit on a follow-up."""

    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="reports"
    )
    text = models.TextField("进展情况")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报告人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    reported_at = models.DateTimeField("报告时间")

    class Meta:
        verbose_name = "督办进展"
        verbose_name_plural = "督办进展"
        ordering = ["reported_at", "pk"]

    def __str__(self) -> str:
        return f"{self.follow_up}进展"
