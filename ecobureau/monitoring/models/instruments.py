"""Instruments (数采仪) at outlets, the contractors running them, and their
online/offline events."""

import hashlib
import hmac
import secrets

from django.db import models

from ecobureau.core.models import TimeStampedModel

PASSWORD_LENGTH = 6  # HJ 212-2017 Table 3: PW is 9 characters with "PW=", so 6


class Operator(TimeStampedModel):
    """A contractor running automatic monitoring facilities as a service
    (自动监控设施社会化运营单位, requirements D16)."""

    name = models.CharField("单位名称", max_length=120, unique=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    contact_name = models.CharField("联系人", max_length=40, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "运营单位"
        verbose_name_plural = "运营单位"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Instrument(TimeStampedModel):
    """A data acquisition instrument (数采仪) at an outlet, known by its MN.

    The gateway accepts data only from an active instrument whose MN and
    password (PW) match. The password is kept as a salted SHA-256: instruments
    send it in clear in every packet, so a slow hash would protect little and
    would cost every reconnect of a thousand instruments after a restart.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", "在用"
        RETIRED = "retired", "停用"

    class Link(models.TextChoices):
        NEVER = "never", "未联网"
        ONLINE = "online", "在线"
        OFFLINE = "offline", "离线"

    mn = models.CharField("设备唯一标识MN", max_length=64, unique=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="企业",
        on_delete=models.PROTECT,
        related_name="instruments",
    )
    outlet = models.ForeignKey(
        "enterprises.Outlet",
        verbose_name="排放口",
        on_delete=models.PROTECT,
        related_name="instruments",
    )
    name = models.CharField("设施名称", max_length=80, blank=True)
    vendor = models.CharField("生产厂家", max_length=80, blank=True)
    model_name = models.CharField("型号", max_length=60, blank=True)
    system_code = models.CharField(
        "系统编码ST", max_length=5, default="32", help_text="32 废水，31 废气"
    )
    operator = models.ForeignKey(
        Operator,
        verbose_name="运营单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="instruments",
    )
    installed_on = models.DateField("安装日期", null=True, blank=True)
    accepted_on = models.DateField("验收日期", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=Status, default=Status.ACTIVE
    )
    password_salt = models.CharField(max_length=32, blank=True, editable=False)
    password_hash = models.CharField(max_length=64, blank=True, editable=False)
    link = models.CharField("联网状态", max_length=10, choices=Link, default=Link.NEVER)
    last_seen_at = models.DateTimeField("最近收到数据", null=True, blank=True)
    link_changed_at = models.DateTimeField("状态变化时间", null=True, blank=True)
    # Evaluation watermark: hours before this were checked for exceedances and
    # anomalies (the evaluation job claims the next hours with a conditional
    # update on this column).
    evaluated_until = models.DateTimeField(null=True, blank=True, editable=False)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "自动监控设施"
        verbose_name_plural = "自动监控设施"
        ordering = ["enterprise", "outlet", "mn"]
        permissions = [
            ("manage_instruments", "可登记和维护自动监控设施"),
            ("view_monitoring_data", "可查看自动监控数据"),
        ]
        indexes = [
            models.Index(fields=["status", "link"], name="instrument_status_link"),
        ]

    def __str__(self) -> str:
        return self.mn

    @property
    def has_password(self) -> bool:
        return bool(self.password_hash)

    def set_password(self, password: str) -> None:
        self.password_salt = secrets.token_hex(8)
        self.password_hash = password_digest(self.password_salt, password)

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and hmac.compare_digest(
            self.password_hash, password_digest(self.password_salt, password)
        )


def password_digest(salt: str, password: str) -> str:
    return hashlib.sha256(f"{salt}:{password}".encode()).hexdigest()


def new_password() -> str:
    """Six characters from digits and capital letters without look-alikes."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(PASSWORD_LENGTH))


class LinkEvent(models.Model):
    """An instrument went offline (data stopped) or came back (在线/离线记录)."""

    class Kind(models.TextChoices):
        OFFLINE = "offline", "离线报警"
        ONLINE = "online", "恢复在线"

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="link_events"
    )
    kind = models.CharField("事件", max_length=10, choices=Kind)
    at = models.DateTimeField("时间")
    last_seen_at = models.DateTimeField("最近收到数据", null=True, blank=True)

    class Meta:
        verbose_name = "联网状态记录"
        verbose_name_plural = "联网状态记录"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.instrument} {self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
