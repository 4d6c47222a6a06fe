"""The legal review and the collective deliberation of a major seal or seizure
(集体审议规则 第三条2, 法制审核制度 第二条（二）; requirements A38, A65b).

`LegalReview` and `Deliberation` belong to the case's penalty decision, which does
not exist while the investigation runs (a measure is proposed then), so a measure
keeps its own: the three reviewers' collective opinion signed by the leader in
charge of legal work (第五、六、十一条), and the 审委会 meeting on the measure with the
roster's members, quorum and outcome (第六、七、九条); the team's 集体审议申请表
and the office's notices before the meeting (第九条1、2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop

from .cases import CompulsoryMeasure
from .committee import MeetingNotice
from .decisions import LegalReview


class MeasureReview(models.Model):
    """One legal review of a major measure: three reviewers (第五条), the 第三条
    checklist item by item, one of six opinions (第十一条), the leader's signature
    (第六条)."""

    Opinion = LegalReview.Opinion

    measure = models.ForeignKey(
        CompulsoryMeasure, on_delete=models.PROTECT, related_name="reviews"
    )
    round = models.PositiveSmallIntegerField("审核次序")
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="审核人员", related_name="+"
    )
    # 法制审核制度 第三条, the items that bear on a measure, each with its verdict
    # ({"code", "item", "ok"}; `services.reviews.MEASURE_REVIEW_CHECKLIST`).
    checklist = models.JSONField("审核内容", default=list, blank=True)
    opinion = models.CharField("审核意见", max_length=14, choices=LegalReview.Opinion)
    opinion_text = models.TextField("审核意见说明")
    opinion_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opinion_at = models.DateTimeField("提出意见时间")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField("局领导签批时间", null=True, blank=True)

    class Meta:
        verbose_name = "查封、扣押法制审核"
        verbose_name_plural = "查封、扣押法制审核"
        ordering = ["measure", "round"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "round"], name="measure_review_round"
            )
        ]

    def __str__(self) -> str:
        return f"法制审核（{self.measure}，第{self.round}次）"


class MeasureDeliberation(models.Model):
    """One 审委会 meeting on a major measure. `members` lists every voting member
    due on the day: {"member", "attendance", "proxy_to", "vote", "opinion"}."""

    class Outcome(models.TextChoices):
        AGREE = "agree", gettext_noop("同意实施")
        DISAGREE = "disagree", gettext_noop("不同意实施")

    measure = models.ForeignKey(
        CompulsoryMeasure, on_delete=models.PROTECT, related_name="deliberations"
    )
    held_at = models.DateTimeField("会议时间")
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="主持人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    chair_entrusted = models.BooleanField("受主任委托主持", default=False)
    expected = models.PositiveSmallIntegerField("应参加委员人数")
    attending = models.PositiveSmallIntegerField("参会人数（含委托表决）")
    quorum_met = models.BooleanField("达到2/3以上")
    members = models.JSONField("委员出席和表决情况", default=list)
    minutes = models.TextField("会议记录")
    unanimous = models.BooleanField("意见一致", default=False)
    outcome = models.CharField("审议决定", max_length=10, choices=Outcome, blank=True)
    outcome_text = models.TextField("决定意见", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "查封、扣押集体审议"
        verbose_name_plural = "查封、扣押集体审议"
        ordering = ["measure", "held_at", "pk"]

    def __str__(self) -> str:
        return f"集体审议（{self.measure}）#{self.pk}"


class MeasureDeliberationApplication(models.Model):
    """The 集体审议申请表 the case team submits for a major measure (集体审议规则
    第九条1), a numbered document; concluded by the meeting that reached its
    quorum (第七条). The penalty path's `DeliberationApplication` hangs on the
    penalty decision, so the measure keeps its own, as its review does."""

    measure = models.ForeignKey(
        CompulsoryMeasure,
        on_delete=models.PROTECT,
        related_name="deliberation_applications",
    )
    document = models.OneToOneField(
        "casework.Document",
        verbose_name="集体审议申请表",
        on_delete=models.PROTECT,
        related_name="+",
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    applied_at = models.DateTimeField("提交时间")
    concluded_by = models.OneToOneField(
        MeasureDeliberation,
        verbose_name="审议会议",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="application",
    )

    class Meta:
        verbose_name = "查封、扣押集体审议申请"
        verbose_name_plural = "查封、扣押集体审议申请"
        ordering = ["applied_at", "pk"]

    def __str__(self) -> str:
        return f"集体审议申请（{self.measure}）#{self.pk}"


class MeasureDeliberationNotice(MeetingNotice):
    """The office's notice of time, place and agenda once the director agreed the
    date (集体审议规则 第九条2), sent to the participants' inboxes."""

    application = models.ForeignKey(
        MeasureDeliberationApplication,
        on_delete=models.PROTECT,
        related_name="notices",
    )

    class Meta:
        verbose_name = "查封、扣押审委会会议通知"
        verbose_name_plural = "查封、扣押审委会会议通知"
        ordering = ["issued_at", "pk"]

    def __str__(self) -> str:
        return f"会议通知（{self.application.measure}）#{self.pk}"
