from django.conf import settings
from django.db import models

from ecobureau.core.models import Division, TimeStampedModel


class Project(TimeStampedModel):
    """A construction project tracked under "three simultaneities" (三同时: pollution
    controls designed, built and put into use together with the main works), from
    the EIA approval to the completion acceptance (seed 002 附件1 二3, C34–C38).

    Industrial projects with large emissions that need treatment facilities get
    class-A key tracking: the builder reports quarterly while building and monthly
    during trial production, and the bureau checks at the same intervals — by phone
    while neither the facilities nor the main works have started, on site once they
    have. Large treatment works and projects with a large ecological impact file
    engineering environmental supervision (工程环境监理) reports. Service-sector,
    real-estate and essentially non-polluting projects get simple tracking and a
    simplified acceptance.
    """

    class Track(models.TextChoices):
        KEY = "key", "A类重点跟踪"
        SIMPLE = "simple", "简单跟踪（简易验收）"

    class Phase(models.TextChoices):
        DESIGN = "design", "环评设计"
        CONSTRUCTION = "construction", "施工建设"
        TRIAL = "trial", "试生产"
        ACCEPTED = "accepted", "已竣工验收"

    OPEN_PHASES = (Phase.DESIGN, Phase.CONSTRUCTION, Phase.TRIAL)

    name = models.CharField("项目名称", max_length=120)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="建设单位",
        on_delete=models.PROTECT,
        related_name="+",
    )
    cell = models.ForeignKey(
        "grid.GridCell",
        verbose_name="所在网格",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    eia_approval_no = models.CharField("环评批复文号", max_length=60)
    eia_approved_on = models.DateField("环评批复日期")
    track = models.CharField("跟踪类别", max_length=10, choices=Track)
    phase = models.CharField("阶段", max_length=14, choices=Phase, default=Phase.DESIGN)
    works_started = models.BooleanField(
        "治理设施或主体工程已开工",
        default=False,
        help_text="未开工的项目电话查询，已开工的现场检查（种子002 附件1 二3）。",
    )
    needs_supervision = models.BooleanField(
        "须开展工程环境监理",
        default=False,
        help_text="治理工程规模较大或可能对生态环境产生较大影响的建设项目。",
    )
    supervision_org = models.CharField("环境监理单位", max_length=80, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="跟踪责任人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    next_report_due = models.DateField("下次进展申报期限", null=True, blank=True)
    next_check_due = models.DateField("下次跟踪检查期限", null=True, blank=True)
    next_supervision_due = models.DateField("下次监理报告期限", null=True, blank=True)
    accepted_on = models.DateField("竣工验收日期", null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    district = models.ForeignKey(
        Division, on_delete=models.PROTECT, related_name="+", verbose_name="区县"
    )
    township = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "三同时项目"
        verbose_name_plural = "三同时项目"
        ordering = ["phase", "next_check_due", "pk"]
        permissions = [("manage_projects", "可跟踪三同时项目")]
        indexes = [
            models.Index(fields=["district", "phase"], name="project_district"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.phase in self.OPEN_PHASES


class ProjectEvent(models.Model):
    """One step of a project's tracking: a builder's progress report, a phone or
    on-site check, a supervision report, or a change of phase."""

    class Kind(models.TextChoices):
        REPORT = "report", "建设单位进展申报"
        PHONE_CHECK = "phone_check", "电话查询"
        SITE_CHECK = "site_check", "现场检查"
        SUPERVISION_REPORT = "supervision_report", "工程环境监理报告"
        PHASE = "phase", "阶段变更"

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField("类型", max_length=20, choices=Kind)
    on = models.DateField("日期")
    summary = models.TextField("内容")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "三同时跟踪记录"
        verbose_name_plural = "三同时跟踪记录"
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"
