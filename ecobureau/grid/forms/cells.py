"""Forms of the cell pages: five fixes, people, boundaries, letters, evaluations, standards."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User
from ecobureau.lib import geo

from ..models import (
    CellEvaluation,
    GridCell,
    GridMember,
)
from ._common import DATE, TEXT, EnterpriseField, UserForm

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
