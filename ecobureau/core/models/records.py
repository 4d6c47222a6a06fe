from django.db import models


class Record(models.Model):
    """One entry of the whole-process record (执法全过程记录, seed 000).

    Append-only: written only through `ecobureau.core.records.append`, inside the
    caller's transaction. The database refuses UPDATE, DELETE and TRUNCATE by
    triggers (migration 0002) unless `RecordGuard` is switched to maintenance.

    `payload` is canonical JSON text holding every other column's value; `hash` is
    SHA-256 over the previous entry's hash and this payload, so any change to a
    stored entry, or a removed entry, breaks the chain (`verify_records`).
    Personal data never appears here: actors are ids, confidential objects are
    referred to by id ("viewed reporter #123").
    """

    seq = models.BigIntegerField("序号", primary_key=True)
    at = models.DateTimeField("时间")
    actor_id = models.BigIntegerField("操作人", null=True, blank=True)
    unit_id = models.BigIntegerField("单位", null=True, blank=True)
    target_type = models.CharField("对象类型", max_length=60)
    target_id = models.CharField("对象编号", max_length=40)
    action = models.CharField("动作", max_length=60)
    payload = models.TextField("内容（规范JSON）")
    prev_hash = models.CharField("前一条哈希", max_length=64)
    hash = models.CharField("哈希", max_length=64, unique=True)

    class Meta:
        verbose_name = "全过程记录"
        verbose_name_plural = "全过程记录"
        ordering = ["seq"]
        indexes = [
            models.Index(
                fields=["target_type", "target_id", "seq"], name="record_target"
            ),
            models.Index(fields=["actor_id", "seq"], name="record_actor"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.target_type}:{self.target_id}"


class RecordGuard(models.Model):
    """The one-row switch the record triggers consult. `locked` refuses every change
    to `core_record`; `maintenance` lets the test harness clean its database and the
    documented restore procedure work. Each switch is itself a record entry."""

    class Mode(models.TextChoices):
        LOCKED = "locked", "锁定"
        MAINTENANCE = "maintenance", "维护"

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    mode = models.CharField(max_length=20, choices=Mode, default=Mode.LOCKED)
    changed_at = models.DateTimeField(auto_now=True)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "记录保护开关"
        verbose_name_plural = "记录保护开关"
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="guard_one_row")
        ]

    def __str__(self) -> str:
        return self.get_mode_display()
