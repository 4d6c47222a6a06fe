from django.conf import settings
from django.db import models

from ecobureau.accounts.roles import HEAD_ROLES
from ecobureau.core.models import TimeStampedModel


class Approval(TimeStampedModel):
    """One internal approval (内部审批) about an object of any module, in the order
    全过程记录实施办法 第三十八条 prescribes: the handler (承办人) proposes with
    reasons, the reviewer (审核人) reviews, the approver (批准人) decides — three
    different people (requirements A49).

    Opinions are never rewritten: an approval returned to its handler ends there,
    and the revised proposal is a new approval naming this one as `previous`.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", "待审核"
        REVIEWED = "reviewed", "待批准"
        APPROVED = "approved", "已批准"
        REJECTED = "rejected", "不予批准"
        RETURNED = "returned", "已退回承办人"

    class Decision(models.TextChoices):
        APPROVE = "approve", "批准"
        REJECT = "reject", "不予批准"
        RETURN = "return", "退回承办人"

    OPEN_STATUSES = (Status.PROPOSED, Status.REVIEWED)

    target_type = models.CharField("对象类型", max_length=60)
    target_id = models.BigIntegerField("对象编号")
    # Shown on the workbench to the reviewer's unit: never personal data.
    subject = models.CharField("审批事项", max_length=120)
    status = models.CharField(
        "状态", max_length=10, choices=Status, default=Status.PROPOSED
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="承办单位",
        on_delete=models.PROTECT,
        related_name="+",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposal = models.TextField("承办人意见")
    reasons = models.TextField("理由")
    proposed_at = models.DateTimeField("提请时间")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_opinion = models.TextField("审核意见", blank=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="批准人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_opinion = models.TextField("批准意见", blank=True)
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    # Role codes the proposing module requires of the reviewer and the approver;
    # empty: a head of a unit (accounts.roles.HEAD_ROLES).
    reviewer_roles = models.JSONField("审核人角色", default=list, blank=True)
    approver_roles = models.JSONField("批准人角色", default=list, blank=True)
    previous = models.ForeignKey(
        "self",
        verbose_name="前次审批（已退回）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "内部审批"
        verbose_name_plural = "内部审批"
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["target_type", "target_id", "subject"],
                condition=models.Q(status__in=["proposed", "reviewed"]),
                name="one_open_approval_per_subject",
            ),
        ]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="approval_target"),
        ]

    def __str__(self) -> str:
        return f"{self.subject}（{self.get_status_display()}）"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def review_roles(self) -> frozenset[str]:
        return frozenset(self.reviewer_roles) or HEAD_ROLES

    def decide_roles(self) -> frozenset[str]:
        return frozenset(self.approver_roles) or HEAD_ROLES
