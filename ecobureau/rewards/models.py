"""The reporting reward (举报奖励, seed 000 《鞍山市生态环境违法行为举报奖励实施细则
（试行）》) and the protected identities of the reporters (第十一条)."""

from django.conf import settings
from django.db import models

from ecobureau.casework.models import CaseModel
from ecobureau.core.models import TimeStampedModel


class Reporter(TimeStampedModel):
    """A person who reported. Name, ID number, phone and bank account are stored
    only encrypted (`lib.identity_crypto`, key from REWARD_IDENTITY_KEY); the blind
    indexes find the same person again without decrypting; the masks are what
    everyone but the reward handlers sees."""

    name_enc = models.TextField("姓名（密文）")
    id_number_enc = models.TextField("身份证件号码（密文）")
    phone_enc = models.TextField("联系电话（密文）")
    bank_account_enc = models.TextField("银行账户（密文）", blank=True)
    key_version = models.CharField("密钥版本", max_length=16)
    id_index = models.CharField("证件号盲索引", max_length=64, db_index=True)
    phone_index = models.CharField("电话盲索引", max_length=64, db_index=True)
    name_mask = models.CharField("姓名（脱敏）", max_length=20)
    id_mask = models.CharField("证件号（脱敏）", max_length=24)
    phone_mask = models.CharField("电话（脱敏）", max_length=16)

    class Meta:
        verbose_name = "举报人"
        verbose_name_plural = "举报人"

    def __str__(self) -> str:
        return self.name_mask


class RewardMatter(TimeStampedModel):
    """One violation, which several people may report (同一违法行为被多人（次）
    举报, 第十条). Reports of the same reported party join its open matter; the
    handlers may move a report to another matter. `last_position` numbers the
    reports in the order the bureau registered them."""

    class Status(models.TextChoices):
        OPEN = "open", "查处中"
        CLOSED = "closed", "已办结"

    party_key = models.CharField("被举报单位规范名", max_length=60)
    reported_party = models.CharField("被举报单位", max_length=120)
    status = models.CharField(
        "状态", max_length=10, choices=Status, default=Status.OPEN
    )
    last_position = models.PositiveIntegerField("已登记举报数", default=0)

    class Meta:
        verbose_name = "被举报违法行为"
        verbose_name_plural = "被举报违法行为"
        constraints = [
            models.UniqueConstraint(
                fields=["party_key"],
                condition=models.Q(status="open"),
                name="one_open_matter_per_party",
            ),
        ]

    def __str__(self) -> str:
        return self.reported_party


class RewardReport(CaseModel):
    """One real-name report by letter or visit (第二条、第五条) and its reward
    procedure (第九条). Status moves only through `casework.services.case_transition`
    with `processes.REWARD`."""

    class Status(models.TextChoices):
        REGISTERED = "registered", "已登记待交办"
        DISPATCHED = "dispatched", "待现场勘验"
        SURVEYED = "surveyed", "已勘验待查处结果"
        EXCLUDING = "excluding", "待告知不予奖励"
        EXCLUDED = "excluded", "不予奖励（已告知）"
        PENALTY_DECIDED = "penalty_decided", "待填报审批表"
        APPROVING = "approving", "审批中"
        APPROVED = "approved", "待制作通知书"
        NOTIFIED = "notified", "待领取"
        PAID = "paid", "已发放"
        FORFEITED = "forfeited", "逾期未领视为放弃"
        REDIRECTED = "redirected", "非本局职能（已告知途径）"

    class Channel(models.TextChoices):
        LETTER = "letter", "来信"
        VISIT = "visit", "来访"

    class Service(models.TextChoices):
        WRITTEN = "written", "书面送达"
        PUBLICATION = "publication", "网站公示送达"

    class ClaimBy(models.TextChoices):
        SELF = "self", "本人领取"
        PROXY = "proxy", "委托他人代领"

    status = models.CharField("状态", max_length=30, choices=Status, blank=True)
    registration_no = models.CharField("登记号", max_length=20, unique=True)
    registered_at = models.DateTimeField("登记时间")
    channel = models.CharField("举报方式", max_length=10, choices=Channel)
    matter = models.ForeignKey(
        RewardMatter,
        verbose_name="违法行为",
        on_delete=models.PROTECT,
        related_name="reports",
    )
    position = models.PositiveIntegerField("登记次序")
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name="同一举报人重复举报",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reporters: models.ManyToManyField[Reporter, "ReportReporter"] = (
        models.ManyToManyField(
            Reporter, through="ReportReporter", related_name="reports"
        )
    )
    reported_party = models.CharField("被举报单位", max_length=120)
    reported_address = models.CharField("详细地址", max_length=200)
    facts = models.TextField("违法事实")
    occurred = models.CharField("发生时间", max_length=80, blank=True)
    evidence_note = models.TextField("提供的证据", blank=True)
    complaint_id = models.BigIntegerField("对应投诉编号", null=True, blank=True)
    redirect_to = models.CharField("告知的举报途径", max_length=200, blank=True)

    survey_note = models.TextField("现场勘验情况", blank=True)
    surveyed_at = models.DateTimeField("勘验完成时间", null=True, blank=True)
    exclusions = models.JSONField("不予奖励情形（第八条）", default=list, blank=True)
    not_first = models.BooleanField("非第一有效举报人（第十条）", default=False)
    exclusion_note = models.TextField("不予奖励说明", blank=True)

    penalty_decided_on = models.DateField("处罚决定日期", null=True, blank=True)
    decision_reference = models.CharField("处罚决定书文号", max_length=60, blank=True)
    judicial = models.BooleanField("司法机关追究法律责任", default=False)
    enforcement_case_id = models.BigIntegerField("执法案件编号", null=True, blank=True)
    categories = models.JSONField("查实的违法情形（第六条）", default=list, blank=True)
    # 第六条第（九）项: the stop-production / stop-discharge order (emergencies)
    # the reported party broke. An id, not a foreign key: emergencies sits above
    # rewards; the text is what the handler saw when linking.
    stop_order_id = models.BigIntegerField("停产、停排令编号", null=True, blank=True)
    stop_order_text = models.CharField("停产、停排令", max_length=300, blank=True)
    approved_amount = models.DecimalField(
        "特别情形核定金额", max_digits=9, decimal_places=2, null=True, blank=True
    )
    amount = models.DecimalField(
        "奖励金额", max_digits=9, decimal_places=2, null=True, blank=True
    )

    service = models.CharField("送达方式", max_length=12, choices=Service, blank=True)
    served_on = models.DateField("送达或公示日期", null=True, blank=True)
    claim_due_at = models.DateTimeField("领取期限", null=True, blank=True)
    claim_extension_reason = models.CharField("顺延理由", max_length=200, blank=True)
    claimed_by = models.CharField(
        "领取方式", max_length=10, choices=ClaimBy, blank=True
    )
    proxy_papers = models.JSONField("代领材料核对", default=list, blank=True)
    proxy_name_enc = models.TextField("受托人姓名（密文）", blank=True)
    proxy_id_enc = models.TextField("受托人证件号（密文）", blank=True)
    paid_at = models.DateTimeField("发放时间", null=True, blank=True)
    forfeited_at = models.DateTimeField("视为放弃时间", null=True, blank=True)

    class Meta:
        verbose_name = "有奖举报"
        verbose_name_plural = "有奖举报"
        ordering = ["-registered_at", "-pk"]
        permissions = [
            ("manage_reward", "可登记、审核和发放举报奖励"),
            ("view_identity", "可查看举报人身份信息"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["matter", "position"], name="one_position_per_matter"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-registered_at"], name="reward_status"),
        ]

    def __str__(self) -> str:
        return f"有奖举报{self.registration_no}"


class ReportReporter(models.Model):
    """A reporter of one report (joint reports: several), with the share they
    agreed, or the equal share when they could not agree (第十条)."""

    report = models.ForeignKey(
        RewardReport, on_delete=models.CASCADE, related_name="report_reporters"
    )
    reporter = models.ForeignKey(Reporter, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField("顺序")
    agreed_share = models.DecimalField(
        "协商份额", max_digits=9, decimal_places=2, null=True, blank=True
    )
    share = models.DecimalField(
        "奖金份额", max_digits=9, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = "举报人（本件）"
        verbose_name_plural = "举报人（本件）"
        ordering = ["report", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "reporter"], name="reporter_once_per_report"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report}·{self.order}"


class Publication(TimeStampedModel):
    """A notice served by publication on the bureau's website (第九条 "网站公示"),
    naming the report only by its registration number: never the reporter."""

    class Kind(models.TextChoices):
        NOTICE = "notice", "举报奖励通知书"
        EXCLUSION = "exclusion", "不予奖励告知书"

    report = models.ForeignKey(
        RewardReport, on_delete=models.PROTECT, related_name="publications"
    )
    kind = models.CharField("公示文书", max_length=12, choices=Kind)
    title = models.CharField("标题", max_length=120)
    body = models.TextField("公示内容")
    published_on = models.DateField("公示日期")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "网站公示"
        verbose_name_plural = "网站公示"
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class RulesEdition(TimeStampedModel):
    """When the implementing rules were published: 第十五条 "本办法自发布之日起施行。
    有效期1年". The seed does not give the date, so it is entered (requirements
    A128); reports registered outside the year are flagged."""

    published_on = models.DateField("发布日期")
    title = models.CharField(
        "名称", max_length=120, default="鞍山市生态环境违法行为举报奖励实施细则（试行）"
    )
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "举报奖励实施细则版本"
        verbose_name_plural = "举报奖励实施细则版本"
        ordering = ["-published_on"]

    def __str__(self) -> str:
        return f"{self.title}（{self.published_on}发布）"


class RewardDossier(TimeStampedModel):
    """有奖举报奖金核发管理档案 (实施细则 第十二条, A127): after payment, the
    registration, acceptance (交办), investigation, approval, notice and payment
    papers of one report assembled into one numbered PDF. Its own object, so that
    only the reward handlers (`rewards.view_identity`) can see it and its PDF
    (`casework.registry`)."""

    report = models.OneToOneField(
        RewardReport, on_delete=models.PROTECT, related_name="dossier"
    )
    document = models.ForeignKey(
        "casework.Document",
        verbose_name="档案PDF",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    papers = models.JSONField("卷内材料", default=list)
    assembled_at = models.DateTimeField("归档时间")
    assembled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="归档人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Copied from the report for the data scope.
    district = models.ForeignKey(
        "core.Division",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "有奖举报奖金核发管理档案"
        verbose_name_plural = "有奖举报奖金核发管理档案"

    def __str__(self) -> str:
        return f"奖金核发管理档案（{self.report.registration_no}）"
