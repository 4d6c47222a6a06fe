from django.contrib.auth.models import AbstractUser, Permission
from django.db import models

from ecobureau.core.models import Division, TimeStampedModel


class Unit(TimeStampedModel):
    """An organisation people act for: the bureau's own sections, team, sub-bureaus
    and centres; township, street and park governments; the other government
    departments that share environmental duties (seed 002 四(三)3); the province."""

    class Kind(models.TextChoices):
        BUREAU = "bureau", "局领导"
        SECTION = "section", "局机关科室"
        TEAM = "team", "执法队"
        SUB_BUREAU = "sub_bureau", "分局"
        CENTRE = "centre", "直属中心"
        GOVERNMENT = "government", "人民政府/管委会"
        TOWNSHIP = "township", "乡镇街道园区"
        DEPARTMENT = "department", "其他政府部门"
        PROVINCE = "province", "省级单位"
        OTHER = "other", "其他"

    name = models.CharField("名称", max_length=80)
    short_name = models.CharField("简称", max_length=30, blank=True)
    kind = models.CharField("类型", max_length=20, choices=Kind)
    code = models.SlugField("代码", max_length=40, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    division = models.ForeignKey(
        Division,
        verbose_name="所辖区域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    document_prefix = models.CharField(
        "文号代字",
        max_length=20,
        blank=True,
        help_text="如“鞍环罚”，用于本单位文书编号。",
    )
    phone = models.CharField("电话", max_length=40, blank=True)
    address = models.CharField("地址", max_length=120, blank=True)
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class DepartmentDuty(TimeStampedModel):
    """One environmental duty of a department, as seed 002 四(三)3 lists them; each
    place may add, remove or change them (requirements C11)."""

    unit = models.ForeignKey(
        Unit, verbose_name="部门", on_delete=models.CASCADE, related_name="duties"
    )
    text = models.TextField("职责")
    source = models.CharField("依据", max_length=120, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "部门环保职责"
        verbose_name_plural = "部门环保职责"
        ordering = ["unit", "sort_order"]

    def __str__(self) -> str:
        return f"{self.unit}: {self.text[:30]}"


class UnitLeader(TimeStampedModel):
    """The three kinds of leader of a government or department (seed 003 (四),
    requirements D2)."""

    class Kind(models.TextChoices):
        PRINCIPAL = "principal", "主要负责人（第一责任人）"
        ENVIRONMENT = "environment", "分管环境保护负责人（综合监管领导责任）"
        OTHER = "other", "其他负责人（分管业务直接领导责任）"

    unit = models.ForeignKey(
        Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="leaders"
    )
    kind = models.CharField("类型", max_length=20, choices=Kind)
    name = models.CharField("姓名", max_length=40)
    title = models.CharField("职务", max_length=60, blank=True)
    business = models.CharField("分管业务", max_length=200, blank=True)
    user = models.ForeignKey(
        "accounts.User",
        verbose_name="系统用户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )

    class Meta:
        verbose_name = "单位负责人"
        verbose_name_plural = "单位负责人"
        ordering = ["unit", "kind", "name"]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_kind_display()} {self.name}"


class Role(models.Model):
    """A role a person holds (科员, 分局负责人, 法制审核人, 省厅审核人 …) with the
    permissions it grants. Administered in the UI and in Django admin."""

    class Kind(models.TextChoices):
        STAFF = "staff", "局内人员"
        EXTERNAL = "external", "局外协同人员"
        PUBLIC = "public", "公众账户"

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=40)
    kind = models.CharField("类型", max_length=20, choices=Kind, default=Kind.STAFF)
    description = models.CharField("说明", max_length=200, blank=True)
    permissions = models.ManyToManyField(Permission, verbose_name="权限", blank=True)

    class Meta:
        verbose_name = "角色"
        verbose_name_plural = "角色"
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """Anyone who logs in. Staff and external collaborators belong to a unit and have
    a data scope; enterprises log in with their 统一社会信用代码, citizens with a
    phone number (the username holds either)."""

    class Kind(models.TextChoices):
        STAFF = "staff", "局内人员"
        EXTERNAL = "external", "局外协同人员"
        ENTERPRISE = "enterprise", "企业"
        CITIZEN = "citizen", "公众"

    class Scope(models.TextChoices):
        CITY = "city", "全市"
        DIVISION = "division", "本辖区"
        UNIT = "unit", "本单位事项"
        OWN = "own", "本人事项"

    kind = models.CharField("账户类型", max_length=20, choices=Kind, default=Kind.STAFF)
    full_name = models.CharField("姓名/名称", max_length=80, blank=True)
    phone = models.CharField("手机号", max_length=20, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name="所属单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    title = models.CharField("职务", max_length=40, blank=True)
    roles = models.ManyToManyField(
        Role, verbose_name="角色", blank=True, related_name="users"
    )
    scope = models.CharField(
        "数据范围", max_length=20, choices=Scope, default=Scope.OWN
    )
    scope_division = models.ForeignKey(
        Division,
        verbose_name="辖区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="数据范围为“本辖区”时必填：区县或乡镇街道。",
    )
    credential_no = models.CharField("执法证号", max_length=40, blank=True)
    must_change_password = models.BooleanField("须修改密码", default=False)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        permissions = [("manage_users", "可管理用户、角色与数据范围")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(scope="division")
                | models.Q(scope_division__isnull=False),
                name="division_scope_names_division",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def is_staff_member(self) -> bool:
        return self.kind in (self.Kind.STAFF, self.Kind.EXTERNAL)

    @property
    def is_public(self) -> bool:
        return self.kind in (self.Kind.ENTERPRISE, self.Kind.CITIZEN)


class LoginEvent(models.Model):
    """Every log-in attempt, kept for the audit and read by the throttle."""

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    username = models.CharField("登录名", max_length=150)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)
    address = models.GenericIPAddressField("来源地址", null=True, blank=True)
    success = models.BooleanField("成功")
    reason = models.CharField("说明", max_length=40, blank=True)
    user_agent = models.CharField("浏览器", max_length=200, blank=True)

    class Meta:
        verbose_name = "登录记录"
        verbose_name_plural = "登录记录"
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["username", "at"], name="login_username_at"),
            models.Index(fields=["address", "at"], name="login_address_at"),
        ]

    def __str__(self) -> str:
        outcome = "成功" if self.success else "失败"
        return f"{self.username} {outcome} {self.at:%Y-%m-%d %H:%M}"


class ReferenceLoad(models.Model):
    """One application of a reference dataset by `manage.py load_reference`.

    `shipped` keeps the values the dataset shipped for each row, so the next version
    can tell a row an administrator changed (left alone) from one still as shipped
    (updated); see `ecobureau.accounts.reference.loader`.
    """

    dataset = models.CharField("数据集", max_length=40)
    version = models.CharField("版本", max_length=40)
    digest = models.CharField("内容摘要", max_length=64)
    shipped = models.JSONField("载入内容", default=dict)
    result = models.JSONField("载入结果", default=dict)
    loaded_at = models.DateTimeField("载入时间", auto_now_add=True)

    class Meta:
        verbose_name = "基础数据载入记录"
        verbose_name_plural = "基础数据载入记录"
        ordering = ["-loaded_at", "-pk"]
        indexes = [
            models.Index(fields=["dataset", "-id"], name="referenceload_dataset")
        ]

    def __str__(self) -> str:
        return f"{self.dataset} {self.version}"
