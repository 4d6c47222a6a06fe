from django.conf import settings
from django.db import models

from ecobureau.core.models import Division, TimeStampedModel


class Enterprise(TimeStampedModel):
    """A regulated enterprise (排污单位) and its one file (一企一档, seed 002
    四(二)5): every module hangs its records on this row."""

    class Size(models.TextChoices):
        LARGE = "large", "大型"
        MEDIUM = "medium", "中型"
        SMALL = "small", "小型"
        MICRO = "micro", "微型"

    class KeySource(models.TextChoices):
        NONE = "", "非重点"
        NATIONAL = "national", "国控"
        PROVINCIAL = "provincial", "省控"
        MUNICIPAL = "municipal", "市控"

    class Status(models.TextChoices):
        OPERATING = "operating", "正常生产"
        CONSTRUCTION = "construction", "在建"
        SUSPENDED = "suspended", "停产"
        CLOSED = "closed", "关闭"

    class PermitCategory(models.TextChoices):
        NONE = "", "未纳入"
        KEY = "key", "重点管理"
        SIMPLIFIED = "simplified", "简化管理"
        REGISTRATION = "registration", "登记管理"

    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    name = models.CharField("单位名称", max_length=120)
    address = models.CharField("生产经营场所地址", max_length=200)
    district = models.ForeignKey(
        Division,
        verbose_name="区县",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": 2},
    )
    township = models.ForeignKey(
        Division,
        verbose_name="乡镇街道",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": 3},
    )
    # WGS-84 degrees; maps that draw on GCJ-02 convert at the edge (glossary: 坐标系).
    longitude = models.DecimalField(
        "经度", max_digits=9, decimal_places=6, null=True, blank=True
    )
    latitude = models.DecimalField(
        "纬度", max_digits=9, decimal_places=6, null=True, blank=True
    )
    industry_code = models.CharField(
        "行业代码", max_length=5, blank=True, help_text="GB/T 4754"
    )
    industry_name = models.CharField("行业类别", max_length=60, blank=True)
    size = models.CharField("企业规模", max_length=10, choices=Size, default=Size.SMALL)
    legal_representative = models.CharField("法定代表人", max_length=40, blank=True)
    contact_name = models.CharField("环保联系人", max_length=40, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    key_source = models.CharField(
        "重点排污单位", max_length=12, choices=KeySource, blank=True
    )
    permit_category = models.CharField(
        "排污许可管理类别", max_length=12, choices=PermitCategory, blank=True
    )
    status = models.CharField(
        "状态", max_length=12, choices=Status, default=Status.OPERATING
    )
    supervising_unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="监管单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = "企业"
        ordering = ["name"]
        permissions = [
            ("import_enterprises", "可导入企业档案"),
            ("export_enterprises", "可导出企业档案"),
        ]
        indexes = [
            # The list pages order by name then id, so OFFSET pages are stable.
            models.Index(fields=["name", "id"], name="enterprise_name"),
            models.Index(fields=["district", "name"], name="enterprise_district"),
            models.Index(fields=["township", "name"], name="enterprise_township"),
            models.Index(fields=["supervising_unit", "name"], name="enterprise_unit"),
            # Serves the key-source filter and the list's name order together.
            models.Index(
                fields=["key_source", "name", "id"], name="enterprise_key_source_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_key_source(self) -> bool:
        return bool(self.key_source)


class Outlet(TimeStampedModel):
    """A discharge outlet (排放口) of an enterprise."""

    class Kind(models.TextChoices):
        WATER = "water", "废水"
        GAS = "gas", "废气"

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="outlets"
    )
    code = models.CharField("排放口编号", max_length=20, help_text="如 DW001、DA001")
    name = models.CharField("名称", max_length=60)
    kind = models.CharField("类型", max_length=10, choices=Kind)
    longitude = models.DecimalField(
        "经度", max_digits=9, decimal_places=6, null=True, blank=True
    )
    latitude = models.DecimalField(
        "纬度", max_digits=9, decimal_places=6, null=True, blank=True
    )
    is_active = models.BooleanField("在用", default=True)

    class Meta:
        verbose_name = "排放口"
        verbose_name_plural = "排放口"
        ordering = ["enterprise", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "code"], name="outlet_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class EmissionLimit(models.Model):
    """A pollutant's emission limit at an outlet, effective-dated because standards
    and permits change."""

    class Basis(models.TextChoices):
        MEASURED = "measured", "实测浓度"
        CONVERTED = "converted", "折算浓度"

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="limits")
    pollutant_code = models.CharField(
        "污染物编码", max_length=10, help_text="HJ 212 编码，如 w01018"
    )
    pollutant_name = models.CharField("污染物", max_length=40)
    limit_value = models.DecimalField("限值", max_digits=12, decimal_places=4)
    unit = models.CharField("单位", max_length=20, default="mg/L")
    basis = models.CharField(
        "比较对象", max_length=12, choices=Basis, default=Basis.MEASURED
    )
    standard = models.CharField("执行标准", max_length=120, blank=True)
    effective_from = models.DateField("生效日期")
    effective_to = models.DateField("失效日期", null=True, blank=True)

    class Meta:
        verbose_name = "排放限值"
        verbose_name_plural = "排放限值"
        ordering = ["outlet", "pollutant_code", "-effective_from"]

    def __str__(self) -> str:
        return f"{self.pollutant_name} ≤ {self.limit_text} {self.unit}"

    @property
    def limit_text(self) -> str:
        """The limit without trailing zeros: 50.0000 → "50", 0.5000 → "0.5"."""
        return format(self.limit_value.normalize(), "f")


class Permit(TimeStampedModel):
    """A permit or approval the enterprise holds (排污许可证, 环评批复, 验收 …)."""

    class Kind(models.TextChoices):
        DISCHARGE = "discharge", "排污许可证"
        DISCHARGE_REGISTRATION = "registration", "排污登记回执"
        EIA_APPROVAL = "eia_approval", "环评批复"
        ACCEPTANCE = "acceptance", "竣工环保验收"
        HAZARDOUS_WASTE = "hazardous_waste", "危险废物经营许可证"
        RADIATION = "radiation", "辐射安全许可证"
        OTHER = "other", "其他"

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="permits"
    )
    kind = models.CharField("类型", max_length=20, choices=Kind)
    number = models.CharField("证号/文号", max_length=60)
    issuer = models.CharField("发证机关", max_length=80, blank=True)
    issued_on = models.DateField("发证日期", null=True, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True)
    attachment = models.ForeignKey(
        "casework.Attachment",
        verbose_name="扫描件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "许可与批复"
        verbose_name_plural = "许可与批复"
        ordering = ["enterprise", "kind", "-issued_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class EnterpriseAccount(models.Model):
    """Which public account acts for which enterprise. An enterprise account sees
    its own file and nothing of any other enterprise."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="accounts"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enterprise_account",
    )
    verified = models.BooleanField("已核验", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "企业账户"
        verbose_name_plural = "企业账户"

    def __str__(self) -> str:
        return f"{self.enterprise} ← {self.user}"


class PositiveListEntry(models.Model):
    """One stay of an enterprise on the enforcement positive list (监督执法正面清单):
    added on a date for a reason, removed on a date for a reason (requirements A73,
    E13). Listed enterprises are mainly supervised off site; an on-site routine
    check needs the head of enforcement's approval (rules.md I3)."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="positive_list_entries"
    )
    added_on = models.DateField("列入日期")
    added_reason = models.CharField("列入理由", max_length=300)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    removed_on = models.DateField("移出日期", null=True, blank=True)
    removed_reason = models.CharField("移出理由", max_length=300, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "正面清单记录"
        verbose_name_plural = "正面清单记录"
        ordering = ["-added_on", "pk"]
        permissions = [("manage_positive_list", "可调整监督执法正面清单")]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=models.Q(removed_on__isnull=True),
                name="one_open_positive_list_entry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.added_on}–{self.removed_on or ''}"


class Facility(TimeStampedModel):
    """A pollution-control facility (污染防治设施) of an enterprise: what it treats,
    how, how much, and whether it runs. Disclosed per key discharger (requirement
    A92; seed 000 与群众互动 8 "依法公开……污染防治设施建设和运行情况").

    The status changes only through `services.facility_status_change`, which keeps
    every change in `FacilityStatusChange`: the law forbids running a facility
    abnormally to evade supervision (环境保护法 第四十二条; seed 000 举报奖励
    第六条（十一）（十二）), so when and why it stopped must stay on file."""

    class Kind(models.TextChoices):
        WATER = "water", "废水治理"
        GAS = "gas", "废气治理"
        NOISE = "noise", "噪声治理"
        SOLID = "solid", "固体废物"
        OTHER = "other", "其他"

    class Status(models.TextChoices):
        BUILDING = "building", "建设中"
        RUNNING = "running", "正常运行"
        STOPPED = "stopped", "停运"
        REMOVED = "removed", "拆除"

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="facilities"
    )
    name = models.CharField("设施名称", max_length=80)
    kind = models.CharField("类别", max_length=10, choices=Kind)
    pollutants = models.CharField(
        "治理污染物", max_length=200, help_text="如：化学需氧量、氨氮"
    )
    process = models.CharField("处理工艺", max_length=200, blank=True)
    capacity = models.DecimalField(
        "设计处理能力", max_digits=12, decimal_places=2, null=True, blank=True
    )
    capacity_unit = models.CharField(
        "能力单位", max_length=20, blank=True, help_text="如 t/d、m³/h"
    )
    outlet = models.ForeignKey(
        Outlet,
        verbose_name="对应排放口",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="facilities",
    )
    built_on = models.DateField("建成日期", null=True, blank=True)
    commissioned_on = models.DateField("投运日期", null=True, blank=True)
    status = models.CharField(
        "运行状态", max_length=10, choices=Status, default=Status.RUNNING
    )
    status_since = models.DateField("状态起始日期")

    class Meta:
        verbose_name = "污染防治设施"
        verbose_name_plural = "污染防治设施"
        ordering = ["enterprise", "kind", "name", "pk"]
        indexes = [
            models.Index(fields=["enterprise", "kind", "name"], name="facility_order"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def capacity_text(self) -> str:
        """The capacity without trailing zeros, with its unit, or ""."""
        if self.capacity is None:
            return ""
        return f"{format(self.capacity.normalize(), 'f')} {self.capacity_unit}".strip()


class FacilityStatusChange(models.Model):
    """One change of a facility's status: from what, to what, since when, why."""

    facility = models.ForeignKey(
        Facility, on_delete=models.CASCADE, related_name="status_changes"
    )
    old_status = models.CharField(
        "原状态", max_length=10, choices=Facility.Status, blank=True
    )
    new_status = models.CharField("新状态", max_length=10, choices=Facility.Status)
    changed_on = models.DateField("变更日期")
    reason = models.CharField("原因", max_length=300, blank=True)
    # A stop may name the facility-failure report (污染防治设施故障报告, A98) it
    # follows. An id, not a foreign key: monitoring sits above enterprises in the
    # module map, so the report is chosen through `selectors.failures_around`,
    # which monitoring fills; the text is what the recorder saw when linking.
    failure_id = models.BigIntegerField("故障报告编号", null=True, blank=True)
    failure_text = models.CharField("关联的故障报告", max_length=200, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "设施状态变更"
        verbose_name_plural = "设施状态变更"
        ordering = ["facility", "-changed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.facility} {self.changed_on} → {self.get_new_status_display()}"
