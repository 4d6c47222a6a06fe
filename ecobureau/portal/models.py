"""Public participation (与群众互动 §6, seed 000): opinion collection on draft
decisions (意见征集) and the director's mailbox / policy questions (局长信箱、政策咨询),
whose replies go through the disclosure approval step (答复 → 审核 → 发布).

The disclosure lists themselves own no tables: they read the owning modules."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop

from ecobureau.core.models import TimeStampedModel


def published_text(text: str, author: object = None) -> str:
    """Text staff typed for publication as the public sees it (个人信息保护法;
    政府信息公开条例第十五条): the writer's own name (two characters or more) and
    phone, and every resident ID and mobile number, masked."""
    from ecobureau.lib.deidentify import mask_text

    name = str(getattr(author, "full_name", "") or "")
    phone = str(getattr(author, "phone", "") or "")
    return mask_text(
        text or "",
        names=[name] if len(name.strip()) >= 2 else [],
        phones=[phone] if sum(c.isdigit() for c in phone) >= 7 else [],
    )


class Consultation(TimeStampedModel):
    """A draft decision put out for public comment, and the results published
    afterwards (seed 000 与群众互动 6: "公开征集群众意见 … 及时公布意见采用情况")."""

    class Status(models.TextChoices):
        DRAFT = "draft", gettext_noop("未发布")
        OPEN = "open", gettext_noop("征集中")
        RESULTS = "results", gettext_noop("已公布采纳情况")

    title = models.CharField("草案名称", max_length=200)
    summary = models.TextField("征集说明")
    draft_text = models.TextField("草案全文")
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="起草部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opens_on = models.DateField("征集开始日期")
    closes_on = models.DateField("征集截止日期")
    status = models.CharField(
        "状态", max_length=10, choices=Status, default=Status.DRAFT
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    results_text = models.TextField("意见采纳情况说明", blank=True)
    results_published_at = models.DateTimeField(
        "采纳情况公布时间", null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    is_demo = models.BooleanField("示例数据", default=False)

    class Meta:
        verbose_name = "意见征集"
        verbose_name_plural = "意见征集"
        ordering = ["-opens_on", "-pk"]
        permissions = [
            ("manage_consultation", "可发布意见征集、处理意见并公布采纳情况")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def published_results(self) -> str:
        return published_text(self.results_text)


class Opinion(TimeStampedModel):
    """One opinion from a member of the public. Its text stays private; what is
    published is the summary staff write when deciding (no personal data)."""

    class Status(models.TextChoices):
        RECEIVED = "received", gettext_noop("待研究")
        ADOPTED = "adopted", gettext_noop("采纳")
        PARTLY = "partly", gettext_noop("部分采纳")
        NOT_ADOPTED = "not_adopted", gettext_noop("未采纳")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="opinions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField("意见内容")
    status = models.CharField(
        "采纳情况", max_length=12, choices=Status, default=Status.RECEIVED
    )
    summary = models.CharField("意见摘要（公开）", max_length=300, blank=True)
    reason = models.CharField("采纳或不采纳的理由（公开）", max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("研究时间", null=True, blank=True)

    class Meta:
        verbose_name = "征集意见"
        verbose_name_plural = "征集意见"
        ordering = ["pk"]

    # Published summary and reason (staff-typed), masked when read.
    @property
    def published_summary(self) -> str:
        return published_text(self.summary, self.author)

    @property
    def published_reason(self) -> str:
        return published_text(self.reason, self.author)


class Letter(TimeStampedModel):
    """A letter to the director (局长信箱) or a policy question (政策咨询). The reply
    is drafted, reviewed by another person, then published (seed 000 与群众互动 6:
    "按照信息公开审批流程做好回复信息的答复、审核及发布工作")."""

    class Kind(models.TextChoices):
        MAILBOX = "mailbox", gettext_noop("局长信箱")
        POLICY = "policy", gettext_noop("政策咨询")

    class Status(models.TextChoices):
        RECEIVED = "received", gettext_noop("待答复")
        DRAFTED = "drafted", gettext_noop("答复待审核")
        PUBLISHED = "published", gettext_noop("已答复")

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", gettext_noop("满意")
        BASIC = "basic", gettext_noop("基本满意")
        UNSATISFIED = "unsatisfied", gettext_noop("不满意")

    kind = models.CharField("栏目", max_length=10, choices=Kind)
    code = models.CharField("查询码", max_length=20, unique=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField("标题", max_length=120)
    text = models.TextField("内容")
    publish_consent = models.BooleanField("同意公开（不含个人信息）", default=True)
    status = models.CharField(
        "状态", max_length=10, choices=Status, default=Status.RECEIVED
    )
    public_subject = models.CharField("公开标题", max_length=120, blank=True)
    public_text = models.TextField("公开内容（已去除个人信息）", blank=True)
    answer = models.TextField("答复", blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    drafted_at = models.DateTimeField("答复起草时间", null=True, blank=True)
    review_note = models.CharField("审核意见", max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    satisfaction = models.CharField(
        "满意度", max_length=12, choices=Satisfaction, blank=True
    )
    satisfaction_note = models.CharField("评价说明", max_length=300, blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)
    is_demo = models.BooleanField("示例数据", default=False)

    class Meta:
        verbose_name = "局长信箱和政策咨询"
        verbose_name_plural = "局长信箱和政策咨询"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "published_at"])]
        permissions = [
            ("answer_letter", "可起草局长信箱、政策咨询的答复"),
            ("review_letter", "可审核并发布局长信箱、政策咨询的答复"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.subject}"

    # What the public pages show: masked again when read, so a letter published
    # before masking was added shows no ID or mobile number either.
    @property
    def published_subject(self) -> str:
        return published_text(self.public_subject, self.author)

    @property
    def published_question(self) -> str:
        return published_text(self.public_text, self.author)

    @property
    def published_answer(self) -> str:
        return published_text(self.answer, self.author)


class PublicityPlan(TimeStampedModel):
    """The year's publicity plan (全年宣传工作计划, seed 000 与群众互动 9), published on
    the portal; its activities are planned around the publicity days and recorded
    when held."""

    class Status(models.TextChoices):
        DRAFT = "draft", "未发布"
        PUBLISHED = "published", "已发布"

    year = models.PositiveSmallIntegerField("年度", unique=True)
    title = models.CharField("标题", max_length=150)
    summary = models.TextField("工作目标和重点")
    status = models.CharField(
        "状态", max_length=10, choices=Status, default=Status.DRAFT
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    is_demo = models.BooleanField("示例数据", default=False)

    class Meta:
        verbose_name = "全年宣传工作计划"
        verbose_name_plural = "全年宣传工作计划"
        ordering = ["-year"]
        permissions = [("manage_publicity", "可编制、发布全年宣传工作计划并记录活动")]

    def __str__(self) -> str:
        return self.title


class PublicityActivity(TimeStampedModel):
    """One publicity activity of the plan: planned (on a publicity day or not),
    then held (with what was done) or cancelled (with the reason)."""

    class Day(models.TextChoices):
        EARTH = "earth", "“4.22”世界地球日"
        OPENNESS = "openness", "“5.15”政务公开日"
        BIODIVERSITY = "biodiversity", "“5.22”国际生物多样性日"
        ENVIRONMENT = "environment", "“六.五”环境日"
        OZONE = "ozone", "“9.16”世界保护臭氧层日"
        OTHER = "other", "其他宣传活动"

    class Status(models.TextChoices):
        PLANNED = "planned", "计划中"
        HELD = "held", "已开展"
        CANCELLED = "cancelled", "已取消"

    plan = models.ForeignKey(
        PublicityPlan, on_delete=models.PROTECT, related_name="activities"
    )
    day = models.CharField("宣传日", max_length=20, choices=Day, default=Day.OTHER)
    title = models.CharField("活动名称", max_length=150)
    planned_on = models.DateField("计划日期")
    lead_unit = models.CharField("牵头单位", max_length=100)
    content = models.TextField("活动内容", blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=Status, default=Status.PLANNED
    )
    held_on = models.DateField("开展日期", null=True, blank=True)
    held_summary = models.TextField("开展情况", blank=True)
    participants = models.PositiveIntegerField("参与人数", null=True, blank=True)
    cancel_reason = models.CharField("取消原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "宣传活动"
        verbose_name_plural = "宣传活动"
        ordering = ["planned_on", "pk"]

    def __str__(self) -> str:
        return self.title


class WorkList(TimeStampedModel):
    """A work list the bureau publishes (seed 003 (十八) "公开环境保护黑名单、落后淘汰
    名单等各类工作清单"; requirement D19): a blacklist, a phase-out list or another
    named list, kept by staff entry by entry and published per list (work_lists.py)."""

    class Kind(models.TextChoices):
        BLACKLIST = "blacklist", "环境保护黑名单"
        PHASE_OUT = "phase_out", "落后淘汰名单"
        OTHER = "other", "其他清单"

    kind = models.CharField("清单类别", max_length=12, choices=Kind)
    name = models.CharField("清单名称", max_length=120, unique=True)
    basis = models.CharField("制定依据", max_length=300, blank=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "工作清单"
        verbose_name_plural = "工作清单"
        ordering = ["kind", "name", "pk"]
        permissions = [
            ("manage_work_lists", "可维护并公开黑名单、落后淘汰名单等工作清单")
        ]

    def __str__(self) -> str:
        return self.name


class WorkListEntry(TimeStampedModel):
    """One unit on a work list: an enterprise of the register, or a unit named by
    hand; why, under which decision, when listed, and when and why removed."""

    work_list = models.ForeignKey(
        WorkList, on_delete=models.CASCADE, related_name="entries"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业（登记企业）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit_name = models.CharField("单位名称", max_length=200)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    reason = models.TextField("列入原因")
    document_no = models.CharField("决定文号", max_length=100, blank=True)
    listed_on = models.DateField("列入日期")
    removed_on = models.DateField("移出日期", null=True, blank=True)
    removed_reason = models.TextField("移出原因", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "工作清单条目"
        verbose_name_plural = "工作清单条目"
        ordering = ["-listed_on", "unit_name", "pk"]

    def __str__(self) -> str:
        return f"{self.unit_name}（{self.work_list}）"
