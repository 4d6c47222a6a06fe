"""Input shapes of the grid pages. No saving here: views call the services."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import Unit, User
from ecobureau.core.models import Division
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Enterprise
from ecobureau.lib import credit_code, geo

from . import checklists, selectors
from .models import (
    Campaign,
    CellEvaluation,
    EnterpriseSupervision,
    GridCell,
    GridMember,
    InspectionTask,
    JointReview,
    KeyEnterpriseDocument,
    Patrol,
    Problem,
    Project,
    ProjectEvent,
    SupervisionItem,
)

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(
    attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
)
TEXT = forms.Textarea(attrs={"rows": 3})
CLASS_CHOICES = [("A", "A类"), ("B", "B类"), ("C", "C类")]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos from one input (a phone's camera or gallery)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"}),
        )
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class EnterpriseField(forms.CharField):
    """An enterprise of the user's scope, by its credit code or its exact name."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 120)
        kwargs.setdefault("help_text", "统一社会信用代码或企业全称。")
        super().__init__(**kwargs)
        self.user: User | None = None

    def clean(self, value: Any) -> Enterprise | None:
        text = super().clean(value)
        if not text:
            return None
        assert self.user is not None  # set by the form
        visible = enterprise_selectors.enterprise_list_for_user(self.user)
        code = credit_code.normalize(text)
        found = list(visible.filter(credit_code=code)[:2]) or list(
            visible.filter(name=text.strip())[:2]
        )
        if len(found) != 1:
            raise ValidationError(
                "未找到该企业（或不在您的数据范围内），请核对信用代码或全称。"
            )
        return found[0]


class UserForm(forms.Form):
    """A form that knows who is filling it in (for scoped choices)."""

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field, EnterpriseField):
                field.user = user


# --- Cells ----------------------------------------------------------------------------


class CellFixesForm(forms.Form):
    area_text = forms.CharField(
        label="定区域：网格范围说明", widget=TEXT, required=False
    )
    duties_text = forms.CharField(label="定职责", widget=TEXT, required=False)
    tasks_text = forms.CharField(label="定任务", widget=TEXT, required=False)
    rewards_text = forms.CharField(label="定奖惩", widget=TEXT, required=False)
    sensitive_receptors = forms.CharField(
        label="周边敏感点", widget=TEXT, required=False
    )
    water_bodies = forms.CharField(label="周边水体", widget=TEXT, required=False)
    monitoring_network = forms.CharField(label="监控网络", widget=TEXT, required=False)


class MemberForm(UserForm):
    role = forms.ChoiceField(label="职责", choices=GridMember.Role.choices)
    name = forms.CharField(label="姓名", max_length=40)
    title = forms.CharField(label="职务", max_length=60, required=False)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    account = forms.ModelChoiceField(
        label="系统用户", queryset=User.objects.none(), required=False
    )
    organisation = forms.CharField(
        label="所在单位（村、社区、企业）", max_length=80, required=False
    )
    enterprise = EnterpriseField(label="所在企业", required=False)
    publish = forms.BooleanField(
        label="向社会公布姓名和电话", required=False, initial=True
    )
    since = forms.DateField(label="起始日期", widget=DATE)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["account"].queryset = account_selectors.staff_list_for_user(user)  # type: ignore[attr-defined]


class BoundaryForm(forms.Form):
    geojson = forms.CharField(
        label="边界（GeoJSON）",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text="Polygon或MultiPolygon，WGS-84经纬度（经度在前）。也可上传文件。",
    )
    file = forms.FileField(label="GeoJSON文件", required=False)
    is_demo = forms.BooleanField(label="示意边界（非真实边界）", required=False)
    source = forms.CharField(label="边界来源", max_length=120, required=False)
    gcj02 = forms.BooleanField(
        label="坐标取自高德、腾讯等国内地图（GCJ-02），保存时换算为WGS-84",
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = data.get("geojson") or ""
        upload = data.get("file")
        if upload:
            text = upload.read(2_000_000).decode("utf-8", errors="replace")
        if not text.strip():
            raise ValidationError("请粘贴或上传GeoJSON边界。")
        try:
            value = json.loads(text)
        except ValueError:
            raise ValidationError("边界不是有效的JSON。") from None
        try:
            geometry = geo.check_geometry(value)
        except geo.GeometryError as error:
            raise ValidationError(str(error)) from None
        if data.get("gcj02"):
            geometry = _to_wgs84(geometry)
        data["geometry"] = geometry
        return data


def _to_wgs84(geometry: dict[str, Any]) -> dict[str, Any]:
    def ring(points: list[list[float]]) -> list[list[float]]:
        out = []
        for point in points:
            lng, lat = geo.gcj02_to_wgs84(point[0], point[1])
            out.append([round(lng, 7), round(lat, 7)])
        return out

    if geometry["type"] == "Polygon":
        return {
            "type": "Polygon",
            "coordinates": [ring(r) for r in geometry["coordinates"]],
        }
    return {
        "type": "MultiPolygon",
        "coordinates": [[ring(r) for r in poly] for poly in geometry["coordinates"]],
    }


class UnitGridForm(forms.Form):
    name = forms.CharField(label="单元网格名称", max_length=80)
    code = forms.CharField(label="网格编码", max_length=30)
    kind = forms.ChoiceField(
        label="类型",
        choices=[
            (GridCell.Kind.KEY_AREA, GridCell.Kind.KEY_AREA.label),
            (GridCell.Kind.BASIN, GridCell.Kind.BASIN.label),
        ],
    )
    key_reason = forms.ChoiceField(
        label="重点监管理由", choices=GridCell.KeyReason.choices, required=False
    )
    supervising_level = forms.TypedChoiceField(
        label="监管层级", choices=GridCell.Level.choices, coerce=int
    )
    area_text = forms.CharField(label="范围说明", widget=TEXT, required=False)


class LetterForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2015, max_value=2100)
    tasks = forms.CharField(label="工作任务", widget=TEXT)
    rewards_penalties = forms.CharField(label="奖惩措施", widget=TEXT)


class LetterSignForm(forms.Form):
    upper_signatory = forms.CharField(label="上级签订人", max_length=40)
    lower_signatory = forms.CharField(label="下级签订人", max_length=40)
    signed_on = forms.DateField(label="签订日期", widget=DATE)
    scan = forms.FileField(label="签字盖章扫描件", required=False)


class TrainingForm(UserForm):
    held_on = forms.DateField(label="培训日期", widget=DATE)
    subject = forms.CharField(label="培训内容", max_length=200)
    attendees = forms.ModelMultipleChoiceField(
        label="参训人员",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, user: User, cell: GridCell, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        ids = cell.members.filter(until__isnull=True, user__isnull=False).values(
            "user_id"
        )
        self.fields["attendees"].queryset = User.objects.filter(pk__in=ids)  # type: ignore[attr-defined]


class EvaluationSelfForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2015, max_value=2100)
    grade = forms.ChoiceField(label="自评等级", choices=CellEvaluation.Grade.choices)
    comment = forms.CharField(label="自评情况", widget=TEXT)


class EvaluationUpperForm(forms.Form):
    grade = forms.ChoiceField(label="评价等级", choices=CellEvaluation.Grade.choices)
    comment = forms.CharField(label="评价意见", widget=TEXT)


# --- Patrols and problems --------------------------------------------------------------


class PositionMixin(forms.Form):
    latitude = forms.DecimalField(
        label="纬度",
        max_digits=9,
        decimal_places=6,
        required=False,
        min_value=Decimal(-90),
        max_value=Decimal(90),
    )
    longitude = forms.DecimalField(
        label="经度",
        max_digits=9,
        decimal_places=6,
        required=False,
        min_value=Decimal(-180),
        max_value=Decimal(180),
    )
    accuracy_m = forms.IntegerField(label="定位精度（米）", required=False, min_value=0)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise ValidationError("纬度和经度须同时填写，或都不填。")
        return data


class PatrolForm(PositionMixin, UserForm):
    cell = forms.ModelChoiceField(label="网格", queryset=GridCell.objects.none())
    kind = forms.ChoiceField(label="巡查类型", choices=Patrol.Kind.choices)
    started_at = forms.DateTimeField(label="巡查时间", widget=DATETIME)
    place = forms.CharField(label="巡查地点", max_length=200)
    enterprise = EnterpriseField(
        label="周边企业（外部巡查，可不填）",
        required=False,
        help_text="网格员在企业外部巡查，不入企开展行政检查。填写信用代码或企业全称。",
    )
    checklist_code = forms.ChoiceField(label="巡查清单", choices=[])
    findings = forms.CharField(label="发现情况", widget=TEXT, required=False)
    photos = PhotosField(label="现场照片")

    def __init__(
        self, *args: Any, user: User, checklist_code: str = "general", **kwargs: Any
    ) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["cell"].queryset = selectors.patrol_cells_for_user(user)  # type: ignore[attr-defined]
        self.fields["checklist_code"].choices = [  # type: ignore[attr-defined]
            (c.code, c.title) for c in checklists.CHECKLISTS.values()
        ]
        code = self.data.get("checklist_code") or checklist_code
        self.checklist = checklists.CHECKLISTS.get(
            code, checklists.CHECKLISTS["general"]
        )
        self.fields["checklist_code"].initial = self.checklist.code
        for number, item in enumerate(self.checklist.items):
            self.fields[f"check_{number}"] = forms.ChoiceField(
                label=item,
                choices=list(checklists.RESULTS.items()),
                initial="ok",
                widget=forms.RadioSelect,
            )

    def check_fields(self) -> list[forms.BoundField]:
        return [self[f"check_{n}"] for n in range(len(self.checklist.items))]

    def answers(self) -> dict[str, str]:
        return {
            item: self.cleaned_data[f"check_{n}"]
            for n, item in enumerate(self.checklist.items)
        }


class ProblemForm(PositionMixin, UserForm):
    category = forms.ChoiceField(label="问题类别", choices=Problem.Category.choices)
    description = forms.CharField(label="问题描述", widget=TEXT)
    place = forms.CharField(label="地点", max_length=200)
    enterprise = EnterpriseField(label="涉及企业（可不填）", required=False)
    stopped = forms.BooleanField(label="已当场制止", required=False)
    department = forms.ModelChoiceField(
        label="直接报送部门（可不选）",
        queryset=Unit.objects.none(),
        required=False,
        help_text="不选则上报上级网格（区县生态环境分局）受理；属其他部门职责的可直接报送该部门。",
    )
    photos = PhotosField(label="现场照片")

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["department"].queryset = selectors.departments()  # type: ignore[attr-defined]


class ProblemActForm(forms.Form):
    transition = forms.CharField(widget=forms.HiddenInput)
    result = forms.CharField(
        label="处理结果（办结、不予处理时必填，将反馈网格）",
        widget=TEXT,
        required=False,
    )
    note = forms.CharField(label="备注", max_length=300, required=False)


class TransferForm(forms.Form):
    department = forms.ModelChoiceField(label="移交部门", queryset=Unit.objects.none())
    request = forms.CharField(label="移交事项与要求", widget=TEXT)
    limit_workdays = forms.IntegerField(
        label="办理时限（工作日）", min_value=1, max_value=60
    )

    def __init__(self, *args: Any, cell: GridCell | None = None, **kwargs: Any) -> None:
        from .processes import transfer_limit_default

        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = selectors.departments()  # type: ignore[attr-defined]
        self.fields["limit_workdays"].initial = transfer_limit_default(cell)


class TransferAnswerForm(forms.Form):
    feedback = forms.CharField(label="办理结果反馈", widget=TEXT)


class TransferReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("accept", "确认办结"),
            ("return", "退回重新办理"),
            ("withdraw", "撤回移交"),
        ]
    )
    note = forms.CharField(
        label="意见（退回、撤回时必填）", widget=TEXT, required=False
    )


# --- Classes and planning -----------------------------------------------------------


class OverrideForm(forms.Form):
    klass = forms.ChoiceField(label="调整为", choices=CLASS_CHOICES)
    reason = forms.CharField(label="调整理由", widget=TEXT)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", widget=TEXT)


class PollutionForm(forms.Form):
    pollution = forms.ChoiceField(
        label="污染程度", choices=EnterpriseSupervision.Pollution.choices
    )
    reason = forms.CharField(label="认定理由", widget=TEXT)


class OfficerForm(forms.Form):
    officer = forms.ModelChoiceField(
        label="监管责任人", queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = selectors.inspector_list_for_user(user)  # type: ignore[attr-defined]


class ViolationForm(forms.Form):
    occurred_on = forms.DateField(label="违法行为日期", widget=DATE)
    description = forms.CharField(label="违法行为", max_length=300)
    source = forms.CharField(
        label="来源（处罚决定书文号等）", max_length=40, required=False
    )


class PolicyForm(forms.Form):
    supervision_months = forms.IntegerField(
        label="监管频次（每几个月一次）", min_value=1, max_value=36
    )
    draw_percent = forms.DecimalField(
        label="双随机抽查比例（%）", min_value=0, max_value=100, decimal_places=2
    )
    basis = forms.CharField(label="依据", max_length=200)


class DrawForm(forms.Form):
    title = forms.CharField(label="抽查名称", max_length=120)
    year = forms.IntegerField(label="年度", min_value=2015, max_value=2100)
    division = forms.ModelChoiceField(
        label="抽查范围", queryset=Division.objects.none()
    )
    due_by = forms.DateField(label="检查完成期限", widget=DATE)
    percent_C = forms.DecimalField(
        label="C类抽查比例（%）", min_value=0, max_value=100, decimal_places=2
    )
    percent_B = forms.DecimalField(
        label="B类抽查比例（%）", min_value=0, max_value=100, decimal_places=2
    )
    percent_A = forms.DecimalField(
        label="A类抽查比例（%）", min_value=0, max_value=100, decimal_places=2
    )
    team_size = forms.IntegerField(label="每组检查人数", min_value=2, max_value=6)
    embargo_until = forms.DateField(
        label="结果公开日期（可空）",
        widget=DATE,
        required=False,
        help_text="为空则抽取后立即公开种子、名录和结果；需检查前保密的，填检查完成后的日期。",
    )
    inspectors = forms.ModelMultipleChoiceField(
        label="检查人员库",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="不选则为您范围内全部持证执法人员。",
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = account_selectors.division_list_for_user(  # type: ignore[attr-defined]
            user
        ).filter(level__lte=2)
        self.fields["inspectors"].queryset = selectors.inspector_list_for_user(user)  # type: ignore[attr-defined]
        policies = selectors.policies()
        for klass in ("A", "B", "C"):
            self.fields[f"percent_{klass}"].initial = policies[klass].draw_percent
        self.fields["team_size"].initial = selectors.team_size()
        self.fields["year"].initial = timezone.localdate().year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        due_by = data.get("due_by")
        if isinstance(due_by, date) and due_by < timezone.localdate():
            self.add_error("due_by", "检查完成期限不能早于今天。")
        return data


class DrawExecuteForm(forms.Form):
    public_entropy = forms.CharField(
        label="公开随机数（可空）",
        max_length=80,
        required=False,
        help_text="封存后才公布的数字，如抽取当日体育彩票开奖号码；与封存的种子共同决定结果。",
    )


class TaskForm(UserForm):
    enterprise = EnterpriseField(label="企业")
    kind = forms.ChoiceField(
        label="检查类型",
        choices=[
            c
            for c in InspectionTask.Kind.choices
            if c[0] != InspectionTask.Kind.ROUTINE
        ],
    )
    inspectors = forms.ModelMultipleChoiceField(
        label="检查人员",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    due_by = forms.DateField(label="完成期限", widget=DATE)
    source_type = forms.CharField(
        label="来源类型（如 complaints.complaint）", max_length=60, required=False
    )
    source_id = forms.CharField(label="来源编号", max_length=40, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["inspectors"].queryset = selectors.inspector_list_for_user(user)  # type: ignore[attr-defined]


class TaskCompleteForm(forms.Form):
    done_on = forms.DateField(label="检查日期", widget=DATE)
    result = forms.CharField(label="检查结果", widget=TEXT)


class NonsiteForm(UserForm):
    on = forms.DateField(label="检查日期", widget=DATE)
    summary = forms.CharField(label="检查情况（在线数据、视频、用电等）", widget=TEXT)


class ConflictForm(UserForm):
    inspector = forms.ModelChoiceField(label="执法人员", queryset=User.objects.none())
    enterprise = EnterpriseField(label="企业")
    reason = forms.CharField(label="回避理由", max_length=200)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["inspector"].queryset = selectors.inspector_list_for_user(user)  # type: ignore[attr-defined]


class ListedRequestForm(UserForm):
    enterprise = EnterpriseField(label="正面清单企业")
    year = forms.IntegerField(label="年度", min_value=2015, max_value=2100)
    reason = forms.CharField(label="现场检查的必要性说明", widget=TEXT)


# --- Projects and coordination -------------------------------------------------------


class ProjectForm(UserForm):
    name = forms.CharField(label="项目名称", max_length=120)
    enterprise = EnterpriseField(label="建设单位")
    eia_approval_no = forms.CharField(label="环评批复文号", max_length=60)
    eia_approved_on = forms.DateField(label="环评批复日期", widget=DATE)
    track = forms.ChoiceField(label="跟踪类别", choices=Project.Track.choices)
    needs_supervision = forms.BooleanField(label="须开展工程环境监理", required=False)
    supervision_org = forms.CharField(
        label="环境监理单位", max_length=80, required=False
    )


class ProjectEventForm(forms.Form):
    kind = forms.ChoiceField(
        label="类型",
        choices=[
            c for c in ProjectEvent.Kind.choices if c[0] != ProjectEvent.Kind.PHASE
        ],
    )
    on = forms.DateField(label="日期", widget=DATE)
    summary = forms.CharField(label="内容", widget=TEXT)


class ProjectAdvanceForm(forms.Form):
    phase = forms.ChoiceField(label="阶段", choices=Project.Phase.choices)
    on = forms.DateField(label="日期", widget=DATE)
    works_started = forms.BooleanField(label="治理设施或主体工程已开工", required=False)
    note = forms.CharField(label="说明", max_length=300, required=False)


class MeetingForm(forms.Form):
    title = forms.CharField(label="会议名称", max_length=120)
    scheduled_on = forms.DateField(label="计划日期", widget=DATE)
    convener = forms.CharField(
        label="召集人", max_length=60, help_text="领导小组组长，或受委托的副组长。"
    )
    agenda = forms.CharField(label="议题", widget=TEXT)


class MeetingRecordForm(forms.Form):
    held_on = forms.DateField(label="召开日期", widget=DATE)
    decisions = forms.CharField(label="议定事项", widget=TEXT)

    def __init__(self, *args: Any, rows: int = 3, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for n in range(rows):
            self.fields[f"unit_{n}"] = forms.ModelChoiceField(
                label=f"交办单位{n + 1}",
                queryset=account_selectors.unit_list(),
                required=False,
            )
            self.fields[f"task_{n}"] = forms.CharField(
                label=f"交办任务{n + 1}", max_length=300, required=False
            )
            self.fields[f"due_{n}"] = forms.DateField(
                label=f"完成期限{n + 1}", widget=DATE, required=False
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        tasks = []
        for n in range(self.rows):
            unit, task, due = (
                data.get(f"unit_{n}"),
                data.get(f"task_{n}"),
                data.get(f"due_{n}"),
            )
            if not (unit or task or due):
                continue
            if not (unit and task and due):
                raise ValidationError(f"交办任务{n + 1}：单位、任务和期限须同时填写。")
            tasks.append((unit, task, due))
        data["tasks"] = tasks
        return data

    def task_rows(
        self,
    ) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (self[f"unit_{n}"], self[f"task_{n}"], self[f"due_{n}"])
            for n in range(self.rows)
        ]


class CampaignForm(UserForm):
    name = forms.CharField(label="行动名称", max_length=120)
    kind = forms.ChoiceField(label="类型", choices=Campaign.Kind.choices)
    scope = forms.CharField(label="范围与内容", widget=TEXT)
    starts_on = forms.DateField(label="开始日期", widget=DATE)
    ends_on = forms.DateField(label="结束日期", widget=DATE)
    departments = forms.ModelMultipleChoiceField(
        label="参加部门",
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    enterprises = forms.CharField(
        label="检查对象（每行一个信用代码或企业全称）", widget=TEXT, required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["departments"].queryset = selectors.departments()  # type: ignore[attr-defined]

    def clean_enterprises(self) -> list[Enterprise]:
        found = []
        visible = enterprise_selectors.enterprise_list_for_user(self.user)
        for line in self.cleaned_data["enterprises"].splitlines():
            text = line.strip()
            if not text:
                continue
            match = visible.filter(credit_code=credit_code.normalize(text)).first() or (
                visible.filter(name=text).first()
            )
            if match is None:
                raise ValidationError(f"未找到企业“{text}”（或不在您的数据范围内）。")
            found.append(match)
        return found


class CampaignConcludeForm(forms.Form):
    results = forms.CharField(label="行动结果", widget=TEXT)
    publish = forms.BooleanField(label="向社会公开", required=False)


class SupervisionItemForm(forms.Form):
    speed = forms.ChoiceField(
        label="督办类别",
        choices=SupervisionItem.Speed.choices,
        help_text="重要事项全程督办、紧急事项迅速督办、一般事项定期督办（六(二)8）。",
    )
    matter = forms.CharField(label="督办事项", widget=TEXT)
    finding = forms.CharField(
        label="发现的问题",
        widget=TEXT,
        required=False,
        help_text="对下级网格运行情况的监督发现。",
    )
    follow_up_days = forms.IntegerField(
        label="跟进间隔（天）",
        min_value=1,
        max_value=365,
        required=False,
        help_text="不填则按类别：紧急1天、重要7天、一般30天（示例配置）。",
    )


class SupervisionFollowUpForm(forms.Form):
    on = forms.DateField(label="跟进日期", widget=DATE)
    note = forms.CharField(label="跟进情况", widget=TEXT)


class SupervisionCloseForm(forms.Form):
    result = forms.CharField(label="办结情况", widget=TEXT)
    accountability = forms.CharField(
        label="问责情况",
        widget=TEXT,
        required=False,
        help_text="纪检监察机关依法依纪问责的，记录问责对象、方式和文号。",
    )


class KeyDocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label="文件类别", choices=KeyEnterpriseDocument.Kind.choices
    )
    title = forms.CharField(label="标题", max_length=200)
    issued_on = forms.DateField(label="编制日期", widget=DATE)
    file = forms.FileField(label="文件（PDF）")


class LinkEnterpriseForm(forms.Form):
    credit_code = forms.CharField(
        label="统一社会信用代码",
        max_length=18,
        min_length=18,
        help_text="新污染源：先在企业档案中新建，再在此关联。",
    )


class ReviewForm(UserForm):
    project_name = forms.CharField(label="项目名称", max_length=120)
    kind = forms.ChoiceField(label="项目类别", choices=JointReview.Kind.choices)
    enterprise = EnterpriseField(label="建设单位（已登记企业，可不填）", required=False)
    departments = forms.MultipleChoiceField(
        label="参加审查部门",
        choices=JointReview.Department.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="发改、经信、国土、规划、环保等部门协同审查（六(二)4）。",
    )
    policy_opinion = forms.CharField(label="产业政策符合性意见", widget=TEXT)
    siting_opinion = forms.CharField(label="选址意见", widget=TEXT)
    conclusion = forms.ChoiceField(
        label="审查结论", choices=JointReview.Conclusion.choices
    )
    conditions = forms.CharField(
        label="审查条件或理由",
        widget=TEXT,
        required=False,
        help_text="有条件同意或不同意的须填写。",
    )
    reviewed_on = forms.DateField(label="审查日期", widget=DATE)


class SchemeForm(forms.Form):
    title = forms.CharField(
        label="方案名称",
        max_length=200,
        help_text="例如：XX区网格化环境监管体系建设实施方案。",
    )
    issued_on = forms.DateField(label="印发日期", widget=DATE)
    file = forms.FileField(label="方案文件（PDF）")


class SchemeDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="备案意见",
        choices=[("accept", "予以备案"), ("return", "退回修改")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="意见", widget=TEXT, required=False, help_text="退回修改须填写。"
    )


class CampaignTaskForm(UserForm):
    enterprise = EnterpriseField(label="检查对象")
    inspectors = forms.ModelMultipleChoiceField(
        label="检查人员",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="现场检查须有2名以上持证执法人员。",
    )
    due_by = forms.DateField(label="完成期限", widget=DATE)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["inspectors"].queryset = selectors.inspector_list_for_user(user)  # type: ignore[attr-defined]


class StandardForm(forms.Form):
    patrol_days = forms.IntegerField(
        label="巡查周期（天）",
        min_value=1,
        max_value=90,
        help_text="辖区内每个三级网格至少每多少天巡查一次；超过即提示巡查逾期。",
    )
    report_hours = forms.IntegerField(
        label="发现问题上报时限（小时）", min_value=1, max_value=168
    )
    accept_workdays = forms.IntegerField(
        label="受理时限（工作日）",
        min_value=1,
        max_value=30,
        help_text="下级网格上报的问题，本级受理的时限。",
    )
    handle_workdays = forms.IntegerField(
        label="办理时限（工作日）", min_value=1, max_value=90
    )
    transfer_workdays = forms.IntegerField(
        label="移交部门办理时限（工作日）", min_value=1, max_value=60
    )
    work_report_day = forms.IntegerField(
        label="工作情况上报日",
        min_value=1,
        max_value=28,
        help_text="每月几日前向上级报送上月工作开展情况。",
    )
    standards = forms.CharField(label="工作标准", widget=TEXT)
    rewards_penalties = forms.CharField(label="奖惩措施", widget=TEXT)
