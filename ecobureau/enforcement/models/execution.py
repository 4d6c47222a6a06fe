"""Compulsory execution by a method other than the surcharge and restoration
(全过程记录实施办法 第三十条第一款第三项 "其他强制执行方式", A43): 代履行, the sale or
lawful handling of sealed or seized property, removal of an obstruction, or another
method a law provides (行政强制法第十二条), each with the written record the seed
asks for ("应制作相应文书进行文字记录") issued as a numbered PDF."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_noop

from .cases import CompulsoryMeasure
from .decisions import ExecutionRecord, PenaltyDecision


class OtherExecution(ExecutionRecord):
    """One execution carried out after a served 催告书 (行政强制法第三十五、三十七条),
    on a written execution decision served on the party (第三十七、三十八条), not
    at night nor on a day off unless urgent (第四十三条), signed by the party or a
    witness; 代履行 with its performer, budget and cost (第五十、五十一条); the
    sale of seized property with the measure and the proceeds (第四十六条第三款,
    第四十八、四十九条)."""

    class Method(models.TextChoices):
        SUBSTITUTE = "substitute", gettext_noop("代履行")
        HANDLE_SEIZED = (
            "handle_seized",
            gettext_noop("拍卖或者依法处理查封、扣押的场所、设施或者财物"),
        )
        REMOVE = "remove", gettext_noop("排除妨碍")
        OTHER = "other", gettext_noop("其他强制执行方式")

    class Outcome(models.TextChoices):
        DONE = "done", gettext_noop("执行完毕")
        PARTY_COMPLIED = "party_complied", gettext_noop("当事人自行履行，停止执行")
        UNFINISHED = "unfinished", gettext_noop("未能执行完毕")

    decision = models.ForeignKey(
        PenaltyDecision, on_delete=models.PROTECT, related_name="other_executions"
    )
    method = models.CharField("强制执行方式", max_length=14, choices=Method)
    basis = models.CharField("法律依据", max_length=300)
    order_served_on = models.DateField("强制执行决定书送达日期")
    work = models.TextField("执行的标的、内容和方式")
    place = models.CharField("地点", max_length=200)
    started_at = models.DateTimeField("开始时间")
    ended_at = models.DateTimeField("结束时间")
    # 代履行 (第五十条): the consequence that allows it; the performer, the bureau
    # itself or a third party with no interest in the matter.
    harm = models.TextField("已经或者将造成的环境污染、自然资源破坏", blank=True)
    performer = models.CharField("代履行人或者拍卖机构", max_length=120, blank=True)
    cost_budget = models.DecimalField(
        "代履行费用预算（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    cost = models.DecimalField(
        "代履行费用（元，由当事人承担）",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    measure = models.ForeignKey(
        CompulsoryMeasure,
        verbose_name="所处理的查封、扣押",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proceeds = models.DecimalField(
        "拍卖或者处理所得款项（元）",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    outcome = models.CharField("执行结果", max_length=16, choices=Outcome)
    result = models.TextField("执行情况")
    party_signed = models.BooleanField("当事人已在执行文书上签名或盖章")
    witness = models.CharField("见证人（当事人未签名时）", max_length=120, blank=True)
    officers = models.JSONField("到场的执法人员", default=list)
    recording = models.ForeignKey(
        "casework.Attachment",
        verbose_name="音像记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    document = models.OneToOneField(
        "casework.Document",
        verbose_name="行政强制执行记录",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "其他强制执行方式"
        verbose_name_plural = "其他强制执行方式"
        ordering = ["started_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_method_display()}#{self.pk}"
