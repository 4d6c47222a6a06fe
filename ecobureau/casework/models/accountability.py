from django.db import models

from .base import CaseModel


class Accountability(CaseModel):
    """An accountability follow-up (责任追究): opened when a clock is missed or a
    work lapse is recorded; names the person responsible and records the outcome
    (seed 000 责任追究制度, requirements A27)."""

    class Status(models.TextChoices):
        OPEN = "open", "待核查"
        INVESTIGATING = "investigating", "核查中"
        CONCLUDED = "concluded", "已办结"
        DISMISSED = "dismissed", "不予追究"

    class Outcome(models.TextChoices):
        NONE = "", "—"
        CRITICISM = "criticism", "批评教育"
        WRITTEN_REVIEW = "written_review", "书面检查"
        NOTICE = "notice", "通报批评"
        ASSESSMENT = "assessment", "扣减考核分"
        REFERRAL = "referral", "移送纪检监察"

    source_type = models.CharField("来源对象类型", max_length=60)
    source_id = models.BigIntegerField("来源对象编号")
    source_label = models.CharField("来源", max_length=200)
    lapse = models.TextField("疏漏情形")
    person_responsible = models.ForeignKey(
        "accounts.User",
        verbose_name="当事人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    findings = models.TextField("核查情况", blank=True)
    outcome = models.CharField("处理结果", max_length=20, choices=Outcome, blank=True)
    concluded_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        verbose_name = "责任追究"
        verbose_name_plural = "责任追究"
        ordering = ["-created_at"]
        permissions = [("manage_accountability", "可办理责任追究")]
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id"], name="one_followup_per_source"
            ),
        ]

    def __str__(self) -> str:
        return f"责任追究：{self.source_label}"
