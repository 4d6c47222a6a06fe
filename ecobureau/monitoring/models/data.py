"""Data written by the HJ 212 gateway.

The three data tables (`Frame`, `Reading`, `SummaryReading`) are written only by
the gateway's group commit and are created by migration 0002 themselves
(monthly partitions on PostgreSQL, plain tables on SQLite), so their models are
unmanaged. Each row's key is the unique key of the data it holds: a packet sent
again is stored once.
"""

from django.db import models

from .instruments import Instrument


class Frame(models.Model):
    """A packet as received, beside the values decoded from it, so a decoder fix
    can be replayed (`hj212 replay`). One row per (instrument, command, data
    time, sub-packet): a resent packet is stored once."""

    pk = models.CompositePrimaryKey("instrument", "cn", "data_time", "pno")
    instrument = models.ForeignKey(
        Instrument, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    cn = models.PositiveSmallIntegerField("命令编码")
    data_time = models.DateTimeField("数据时间")
    pno = models.PositiveSmallIntegerField("包号", default=0)
    qn = models.CharField("请求编码", max_length=20, null=True)
    raw = models.TextField("原始报文")
    received_at = models.DateTimeField("接收时间")
    peer = models.CharField("来源地址", max_length=64)

    class Meta:
        managed = False
        db_table = "monitoring_frame"
        verbose_name = "原始报文"
        verbose_name_plural = "原始报文"

    def __str__(self) -> str:
        return f"{self.cn} {self.data_time:%Y-%m-%d %H:%M:%S}"


class ReadingBase(models.Model):
    pk = models.CompositePrimaryKey(
        "instrument", "code", "cn", "data_time", "pno", "field"
    )
    instrument = models.ForeignKey(
        Instrument, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    code = models.CharField("污染物编码", max_length=20)
    cn = models.PositiveSmallIntegerField("命令编码")
    data_time = models.DateTimeField("数据时间")
    pno = models.PositiveSmallIntegerField("包号", default=0)
    field = models.CharField("字段", max_length=12)
    value = models.FloatField("数值", null=True)
    text = models.CharField("文本值", max_length=1000, null=True)
    flag = models.CharField("数据标记", max_length=4)
    received_at = models.DateTimeField("接收时间")

    class Meta:
        abstract = True


class Reading(ReadingBase):
    """Real-time (2011), running-state (2021) and minute (2051) values: the high
    volume, kept for `HJ212_DETAIL_RETENTION_MONTHS`."""

    class Meta:
        managed = False
        db_table = "monitoring_reading"
        verbose_name = "实时和分钟数据"
        verbose_name_plural = "实时和分钟数据"

    def __str__(self) -> str:
        return f"{self.code}-{self.field} {self.data_time:%Y-%m-%d %H:%M:%S}"


class SummaryReading(ReadingBase):
    """Hourly (2061), daily (2031) and every other upload's values (2041, 2081,
    3020 …): fewer rows, kept for `HJ212_SUMMARY_RETENTION_MONTHS`."""

    class Meta:
        managed = False
        db_table = "monitoring_summary"
        verbose_name = "小时和日数据"
        verbose_name_plural = "小时和日数据"

    def __str__(self) -> str:
        return f"{self.code}-{self.field} {self.data_time:%Y-%m-%d %H:%M:%S}"


class RejectedFrame(models.Model):
    """A piece of a stream the gateway did not store as data: malformed, a bad
    CRC, an unknown MN or a wrong password. Kept (bounded by the gateway's rate
    limit and the retention job) for diagnosis and for `hj212 replay --rejected`
    after a decoder fix."""

    class Reason(models.TextChoices):
        DECODE = "decode", "报文无法解析"
        UNKNOWN_MN = "unknown_mn", "未登记的MN"
        BAD_PASSWORD = "bad_password", "密码错误"
        RETIRED = "retired", "设施已停用"
        NO_DATA_TIME = "no_data_time", "缺少数据时间"

    received_at = models.DateTimeField("接收时间", db_index=True)
    peer = models.CharField("来源地址", max_length=64)
    reason = models.CharField("原因", max_length=20, choices=Reason)
    status = models.CharField("解析结果", max_length=12)
    error = models.CharField("说明", max_length=300)
    mn = models.CharField("MN", max_length=64, blank=True, db_index=True)
    cn = models.CharField("CN", max_length=4, blank=True)
    raw = models.BinaryField("原始字节")
    replayed_at = models.DateTimeField("重放入库时间", null=True, blank=True)

    class Meta:
        verbose_name = "未入库报文"
        verbose_name_plural = "未入库报文"
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return (
            f"{self.get_reason_display()} {self.mn} {self.received_at:%Y-%m-%d %H:%M}"
        )


class GatewayState(models.Model):
    """What each running gateway process reports every few seconds: shown on the
    monitoring dashboard so staff can see the listeners are alive."""

    name = models.CharField("网关", max_length=80, unique=True)
    started_at = models.DateTimeField("启动时间")
    beat_at = models.DateTimeField("最近心跳")
    connections = models.PositiveIntegerField("当前连接数", default=0)
    counters = models.JSONField("计数", default=dict)

    class Meta:
        verbose_name = "数据网关"
        verbose_name_plural = "数据网关"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
