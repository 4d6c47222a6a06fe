"""Filings (备案) of installed or changed monitoring equipment (A11)."""

from django.conf import settings
from django.db import models

from ecobureau.casework.models import CaseModel

from .instruments import Instrument


class Filing(CaseModel):
    """自动监控设施安装及变更备案 (seed 000 其他行政权力 2; requirements A11): a
    key discharger files the installation or change of its automatic monitoring
    equipment within 5 working days of acceptance, with the acceptance report
    and opinion; the enforcement team or a sub-bureau decides the same day."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "待办理"
        FILED = "filed", "已备案"
        RETURNED = "returned", "已退回"

    class Kind(models.TextChoices):
        INSTALL = "install", "新建安装"
        CHANGE = "change", "变更（更新、更换）"

    number = models.CharField("备案编号", max_length=20, unique=True)
    kind = models.CharField("备案类型", max_length=10, choices=Kind)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        on_delete=models.PROTECT,
        related_name="+",
    )
    outlet = models.ForeignKey(
        "enterprises.Outlet",
        verbose_name="排放口",
        on_delete=models.PROTECT,
        related_name="+",
    )
    instrument = models.ForeignKey(
        Instrument,
        verbose_name="设施",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="filings",
    )
    mn = models.CharField("设备唯一标识MN", max_length=64)
    vendor = models.CharField("生产厂家", max_length=80)
    model_name = models.CharField("型号", max_length=60)
    operator_name = models.CharField("运营单位", max_length=120, blank=True)
    description = models.TextField("安装或变更内容")
    accepted_on = models.DateField("验收日期")
    due_on = models.DateField("应备案日期", help_text="验收后5个工作日内")
    late = models.BooleanField("逾期备案", default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField("提交时间")
    opinion = models.TextField("办理意见", blank=True)
    decided_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        verbose_name = "自动监控设施备案"
        verbose_name_plural = "自动监控设施备案"
        ordering = ["-submitted_at", "-pk"]
        permissions = [("decide_filings", "可办理自动监控设施备案")]

    def __str__(self) -> str:
        return f"{self.number} {self.get_kind_display()}备案"
