from django.conf import settings
from django.db import models

from ecobureau.core.models import Division, TimeStampedModel


class JointMeeting(TimeStampedModel):
    """The grid's joint meeting (联席会议), held in principle every six months and
    called by the leading group or a deputy on its behalf (seed 002 六(二)2, C23):
    agenda, decisions, and tasks handed out to units."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "已安排"
        HELD = "held", "已召开"

    cell = models.ForeignKey(
        "grid.GridCell", verbose_name="网格", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("会议名称", max_length=120)
    scheduled_on = models.DateField("计划日期")
    held_on = models.DateField("召开日期", null=True, blank=True)
    convener = models.CharField("召集人", max_length=60)
    agenda = models.TextField("议题")
    decisions = models.TextField("议定事项", blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=Status, default=Status.SCHEDULED
    )
    district = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    township = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "联席会议"
        verbose_name_plural = "联席会议"
        ordering = ["-scheduled_on", "-pk"]
        permissions = [("manage_coordination", "可组织联席会议、联合执法与专项行动")]

    def __str__(self) -> str:
        return self.title


class MeetingTask(models.Model):
    """A task a joint meeting hands to a unit, with its deadline and result."""

    meeting = models.ForeignKey(
        JointMeeting, on_delete=models.CASCADE, related_name="tasks"
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name="承办单位",
        on_delete=models.PROTECT,
        related_name="+",
    )
    task = models.TextField("任务")
    due_on = models.DateField("完成期限")
    done_on = models.DateField("完成日期", null=True, blank=True)
    result = models.TextField("完成情况", blank=True)

    class Meta:
        verbose_name = "会议交办任务"
        verbose_name_plural = "会议交办任务"
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.task[:30]


class Campaign(TimeStampedModel):
    """A joint enforcement operation or special campaign (联合执法、专项行动),
    organised by a cell's level with the departments (seed 002 六(二)3, C24)."""

    class Kind(models.TextChoices):
        KEY_ISSUE = "key_issue", "重点、难点、热点问题"
        HOLIDAY = "holiday", "重大节假日"
        EVENT = "event", "重大会议、重大社会活动"
        NATIONAL = "national", "国家专项行动"
        PROVINCIAL = "provincial", "省专项行动"
        CITY = "city", "市专项行动"
        EMERGENCY = "emergency", "突发或紧急环境安全事件"

    cell = models.ForeignKey(
        "grid.GridCell",
        verbose_name="组织网格",
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField("行动名称", max_length=120)
    kind = models.CharField("类型", max_length=12, choices=Kind)
    scope = models.TextField("范围与内容")
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    departments = models.ManyToManyField(
        "accounts.Unit", verbose_name="参加部门", blank=True, related_name="+"
    )
    enterprises = models.ManyToManyField(
        "enterprises.Enterprise", verbose_name="检查对象", blank=True, related_name="+"
    )
    results = models.TextField("行动结果", blank=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    district = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    township = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "联合执法与专项行动"
        verbose_name_plural = "联合执法与专项行动"
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return self.name


class Training(models.Model):
    """Job-skills training of a cell's people (seed 002 六(一)6, C21)."""

    cell = models.ForeignKey(
        "grid.GridCell", verbose_name="网格", on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField("培训日期")
    subject = models.CharField("培训内容", max_length=200)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="参训人员", related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "网格人员培训"
        verbose_name_plural = "网格人员培训"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.subject


class CellEvaluation(TimeStampedModel):
    """A cell's annual evaluation (评价, seed 002 四(四)4, C15): the figures of the
    year computed from its patrols, problems and transfers, the cell's own
    assessment, and the level above's assessment, reported upward."""

    class Status(models.TextChoices):
        SELF_ASSESSED = "self_assessed", "已自评"
        ASSESSED = "assessed", "上级已评价"

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", "优秀"
        GOOD = "good", "良好"
        PASS = "pass", "合格"
        FAIL = "fail", "不合格"

    cell = models.ForeignKey(
        "grid.GridCell",
        verbose_name="网格",
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    year = models.PositiveSmallIntegerField("年度")
    figures = models.JSONField("运行数据")
    suggested_grade = models.CharField("参考等级", max_length=10, choices=Grade)
    self_grade = models.CharField("自评等级", max_length=10, choices=Grade)
    self_comment = models.TextField("自评情况")
    self_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    upper_grade = models.CharField(
        "上级评价等级", max_length=10, choices=Grade, blank=True
    )
    upper_comment = models.TextField("上级评价意见", blank=True)
    upper_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        "状态", max_length=14, choices=Status, default=Status.SELF_ASSESSED
    )
    district = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    township = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "网格年度评价"
        verbose_name_plural = "网格年度评价"
        ordering = ["-year", "cell__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["cell", "year"], name="one_evaluation_per_cell_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.cell}运行评价"


class SupervisionItem(TimeStampedModel):
    """A matter the level above supervises in a cell below (督办事项). Seed 002
    六(二)8: "重要事项全程督办、紧急事项迅速督办、一般事项定期督办" (C28), each with its
    follow-up interval; 四(五)2: the level above supervises how the levels below run,
    findings recorded against the cell, and accountability by discipline bodies for
    neglect of supervision duty (依法依纪实施问责, C18)."""

    class Speed(models.TextChoices):
        IMPORTANT = "important", "重要事项（全程督办）"
        URGENT = "urgent", "紧急事项（迅速督办）"
        ORDINARY = "ordinary", "一般事项（定期督办）"

    class Status(models.TextChoices):
        OPEN = "open", "督办中"
        CLOSED = "closed", "已办结"

    cell = models.ForeignKey(
        "grid.GridCell",
        verbose_name="被督办网格",
        on_delete=models.PROTECT,
        related_name="supervision_items",
    )
    upper_cell = models.ForeignKey(
        "grid.GridCell",
        verbose_name="督办网格",
        on_delete=models.PROTECT,
        related_name="+",
    )
    speed = models.CharField("督办类别", max_length=10, choices=Speed)
    matter = models.TextField("督办事项")
    finding = models.TextField("发现的问题", blank=True)
    follow_up_days = models.PositiveSmallIntegerField("跟进间隔（天）")
    next_follow_up_on = models.DateField("下次跟进日期", db_index=True)
    reminded_for = models.DateField("已提醒的跟进日期", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=Status, default=Status.OPEN
    )
    result = models.TextField("办结情况", blank=True)
    accountability = models.TextField(
        "问责情况",
        blank=True,
        help_text="纪检监察机关对失职失责人员依法依纪问责的情况（四(五)2）。",
    )
    closed_on = models.DateField("办结日期", null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="督办人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    district = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    township = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "督办事项"
        verbose_name_plural = "督办事项"
        ordering = ["status", "next_follow_up_on", "pk"]

    def __str__(self) -> str:
        return f"{self.cell}：{self.matter[:30]}"


class SupervisionFollowUp(models.Model):
    """One follow-up of a supervision item: when, by whom, what was found."""

    item = models.ForeignKey(
        SupervisionItem, on_delete=models.CASCADE, related_name="follow_ups"
    )
    on = models.DateField("跟进日期")
    note = models.TextField("跟进情况")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "督办跟进"
        verbose_name_plural = "督办跟进"
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.on}：{self.note[:30]}"


class JointReview(TimeStampedModel):
    """The joint review (联合审查) of a major or heavily polluting project by 发改,
    经信, 国土, 规划 and 环保 for policy fit and siting (seed 002 六(二)4, C25)."""

    class Kind(models.TextChoices):
        MAJOR = "major", "重大项目"
        POLLUTING = "polluting", "重污染项目"

    class Department(models.TextChoices):
        FAGAI = "fagai", "发展改革"
        JINGXIN = "jingxin", "经济和信息化"
        GUOTU = "guotu", "国土资源"
        GUIHUA = "guihua", "城乡规划"
        HUANBAO = "huanbao", "环境保护"

    class Conclusion(models.TextChoices):
        AGREED = "agreed", "同意"
        CONDITIONAL = "conditional", "有条件同意"
        REJECTED = "rejected", "不同意"

    cell = models.ForeignKey(
        "grid.GridCell",
        verbose_name="组织网格",
        on_delete=models.PROTECT,
        related_name="+",
    )
    project_name = models.CharField("项目名称", max_length=120)
    kind = models.CharField("项目类别", max_length=10, choices=Kind)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="建设单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    departments = models.JSONField("参加审查部门", default=list)
    policy_opinion = models.TextField("产业政策符合性意见")
    siting_opinion = models.TextField("选址意见")
    conclusion = models.CharField("审查结论", max_length=12, choices=Conclusion)
    conditions = models.TextField("审查条件或理由", blank=True)
    reviewed_on = models.DateField("审查日期")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    district = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    township = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "重大项目联合审查"
        verbose_name_plural = "重大项目联合审查"
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.project_name}联合审查"

    def department_names(self) -> list[str]:
        labels = dict(self.Department.choices)
        return [str(labels.get(code, code)) for code in self.departments]

    def missing_departments(self) -> list[str]:
        return [
            str(label)
            for code, label in self.Department.choices
            if code not in self.departments
        ]


class ImplementationScheme(TimeStampedModel):
    """A county/district's or township's grid implementation scheme
    (《网格化环境监管体系建设实施方案》), filed with the government above and
    published (seed 002 七, C29). The document is a PDF attachment (casework)."""

    class Status(models.TextChoices):
        FILED = "filed", "已报送备案"
        ACCEPTED = "accepted", "已备案"
        RETURNED = "returned", "退回修改"

    cell = models.ForeignKey(
        "grid.GridCell",
        verbose_name="报送网格",
        on_delete=models.PROTECT,
        related_name="schemes",
    )
    filed_with = models.ForeignKey(
        "grid.GridCell",
        verbose_name="备案网格（上级）",
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField("方案名称", max_length=200)
    issued_on = models.DateField("印发日期")
    attachment = models.ForeignKey(
        "casework.Attachment",
        verbose_name="方案文件",
        on_delete=models.PROTECT,
        related_name="+",
    )
    filed_on = models.DateField("报送日期")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=10, choices=Status, default=Status.FILED
    )
    decided_on = models.DateField("备案或退回日期", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_note = models.TextField("备案意见", blank=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    district = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    township = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "网格化监管实施方案备案"
        verbose_name_plural = "网格化监管实施方案备案"
        ordering = ["-filed_on", "-pk"]

    def __str__(self) -> str:
        return self.title
