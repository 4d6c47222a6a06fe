from django.conf import settings
from django.db import models

from .base import CaseModel


class UnrecordedStep(models.Model):
    """A step that required simultaneous audio/video, completed without a
    recording on the officer's stated reason (全过程记录实施办法 第十三条
    "不适宜音像记录的除外", requirements A36).

    The reason is also in the transition's record entry (`record_seq`); this row
    lets the legal section's report (requirements A48) list such steps per unit
    without reading the whole record.
    """

    target_type = models.CharField("对象类型", max_length=60)
    target_id = models.BigIntegerField("对象编号")
    transition = models.CharField("流转", max_length=100)  # "<process model>.<code>"
    step_label = models.CharField("环节", max_length=40)
    transition_label = models.CharField("操作", max_length=40)
    reason = models.TextField("不适宜音像记录的理由")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="执法人员",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The officer's unit when the step was done, so the report per unit does not
    # move when a person changes unit (as `Attachment.unit`).
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    record_seq = models.BigIntegerField("记录序号")
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "未音像记录的环节"
        verbose_name_plural = "未音像记录的环节"
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="unrecorded_target"),
        ]

    def __str__(self) -> str:
        return f"{self.step_label}（未音像记录）"


class RecordingCorrection(CaseModel):
    """A correction order (限期整改) the legal section issues to a unit for a
    finding of its recordings: a recording stored late, or a step done without
    one (全过程记录实施办法 第三十七条（一）(四), requirements A48).

    `ordered_unit` is the unit that must correct, and stays; `unit` (CaseModel) is
    whoever holds the case in its current step: the ordered unit while it
    corrects, the legal section while it checks the response.
    """

    class Status(models.TextChoices):
        ORDERED = "ordered", "整改中"
        RESPONDED = "responded", "待验收"
        ACCEPTED = "accepted", "已验收"
        WITHDRAWN = "withdrawn", "已撤销"

    class FindingType(models.TextChoices):
        LATE_RECORDING = "late_recording", "音像记录逾期存储"
        UNRECORDED_STEP = "unrecorded_step", "应音像记录而未记录"

    OPEN_STATUSES = (Status.ORDERED, Status.RESPONDED)

    finding_type = models.CharField("问题类型", max_length=20, choices=FindingType)
    # The late Attachment or the UnrecordedStep the order is about.
    finding_id = models.BigIntegerField("问题编号")
    finding = models.TextField("整改事项")
    ordered_unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="整改单位",
        on_delete=models.PROTECT,
        related_name="+",
    )
    issuing_unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="责令单位",
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="责令人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deadline_days = models.PositiveSmallIntegerField("整改期限（日）")
    response = models.TextField("整改情况", blank=True)
    responded_at = models.DateTimeField("报送时间", null=True, blank=True)
    review_opinion = models.TextField("验收意见", blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        verbose_name = "音像记录限期整改"
        verbose_name_plural = "音像记录限期整改"
        ordering = ["-created_at"]
        permissions = [
            ("review_recordings", "可查看音像记录情况报告并责令限期整改"),
        ]
        constraints = [
            # One open order per finding; a closed one may be followed by another.
            models.UniqueConstraint(
                fields=["finding_type", "finding_id"],
                condition=models.Q(status__in=["ordered", "responded"]),
                name="one_open_correction_per_finding",
            ),
        ]
        indexes = [
            models.Index(fields=["ordered_unit", "created_at"], name="correction_unit"),
        ]

    def __str__(self) -> str:
        unit = self.ordered_unit.short_name or self.ordered_unit.name
        return f"音像记录限期整改 #{self.pk}（{unit}）"
