import copy
from typing import Any, ClassVar

from django import forms
from django.db import models
from django.forms.models import fields_for_model
from django.urls import reverse

from ecobureau.accounts.models import User
from ecobureau.core.models import Division

from . import selectors, services
from .models import EmissionLimit, Enterprise, Facility, Outlet, Permit

_DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class TownshipChoiceField(forms.ModelChoiceField):
    """Township names repeat across districts; show the district too."""

    def label_from_instance(self, obj: Division) -> str:
        return f"{obj.parent.name} / {obj.name}" if obj.parent else obj.name


class _ModelFieldsForm(forms.Form):
    """A plain form with a model's fields and labels.

    Not a ModelForm on purpose: a ModelForm writes the typed values into the
    instance while validating, and the services compare the instance before and
    after a change to record what changed.
    """

    model: ClassVar[type[models.Model]]
    field_names: ClassVar[tuple[str, ...]]
    widgets: ClassVar[dict[str, type[forms.Widget] | forms.Widget]] = {}
    field_classes: ClassVar[dict[str, type[forms.Field]]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(
            fields_for_model(
                self.model,
                fields=self.field_names,
                widgets=self.widgets,
                field_classes=self.field_classes,
            )
        )


class EnterpriseForm(_ModelFieldsForm):
    model = Enterprise
    field_names = services.ENTERPRISE_FIELDS
    widgets = {"note": forms.Textarea(attrs={"rows": 3})}
    field_classes = {"township": TownshipChoiceField}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Longer than 18 on purpose: codes are pasted with spaces, which
        # clean_credit_code removes before it checks the length itself.
        self.fields["credit_code"] = forms.CharField(
            label="统一社会信用代码",
            max_length=40,
            help_text="18位；系统按GB 32100-2015核对校验位，小写字母和空格自动更正。",
        )
        district = self.fields["district"]
        township = self.fields["township"]
        assert isinstance(district, forms.ModelChoiceField)
        assert isinstance(township, forms.ModelChoiceField)
        district.queryset = selectors.district_choices_for_user(user)
        township.queryset = selectors.township_choices_for_user(user)
        unit = self.fields["supervising_unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = selectors.unit_choices()

    def clean_credit_code(self) -> str:
        return services.credit_code_check(self.cleaned_data["credit_code"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        district = cleaned.get("district")
        if district is not None:
            problem = services.township_error(district, cleaned.get("township"))
            if problem:
                self.add_error("township", problem)
        return cleaned

    def to_data(self) -> services.EnterpriseData:
        return services.EnterpriseData(**self.cleaned_data)


class OutletForm(_ModelFieldsForm):
    model = Outlet
    field_names = services.OUTLET_FIELDS


class EmissionLimitForm(_ModelFieldsForm):
    model = EmissionLimit
    field_names = services.LIMIT_FIELDS
    widgets = {"effective_from": _DATE, "effective_to": _DATE}


class PermitForm(_ModelFieldsForm):
    model = Permit
    field_names = services.PERMIT_FIELDS
    widgets = {"issued_on": _DATE, "valid_until": _DATE}


class FacilityForm(_ModelFieldsForm):
    """What describes a pollution-control facility; on a new facility also the
    status it is in and since when (`with_status`)."""

    model = Facility
    field_names = services.FACILITY_FIELDS
    widgets = {"built_on": _DATE, "commissioned_on": _DATE}

    def __init__(
        self, *args: Any, enterprise: Enterprise, with_status: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        outlet = self.fields["outlet"]
        assert isinstance(outlet, forms.ModelChoiceField)
        outlet.queryset = selectors.outlet_choices(enterprise)
        if with_status:
            self.fields.update(copy.deepcopy(FacilityStatusForm.base_fields))

    def to_data(self) -> services.FacilityData:
        return services.FacilityData(
            **{name: self.cleaned_data[name] for name in services.FACILITY_FIELDS}
        )


class FacilityStatusForm(forms.Form):
    status = forms.ChoiceField(label="运行状态", choices=Facility.Status.choices)
    on = forms.DateField(label="状态起始日期", widget=_DATE)
    reason = forms.CharField(
        label="原因",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="停运、拆除必须说明原因（环境保护法第四十二条）。",
    )

    def __init__(
        self,
        *args: Any,
        failures: list[selectors.FailureReport] | None = None,
        **kwargs: Any,
    ) -> None:
        """`failures`: the reports a stop may name; without them, no such field."""
        super().__init__(*args, **kwargs)
        if failures is None:
            return
        self.fields["failure_id"] = forms.TypedChoiceField(
            label="关联的设施故障报告",
            required=False,
            coerce=int,
            empty_value=None,
            choices=[("", "（不关联）"), *((r.id, r.label) for r in failures)],
            help_text=(
                "停运时可选择本企业报送的污染防治设施突发故障报告"
                f"（停运日期前{selectors.FAILURE_LEAD_DAYS}日起）。"
            ),
        )


class EnterpriseFilterForm(forms.Form):
    q = forms.CharField(
        label="名称或信用代码",
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    district = forms.ModelChoiceField(
        label="区县", queryset=Division.objects.none(), required=False
    )
    township = TownshipChoiceField(
        label="乡镇街道", queryset=Division.objects.none(), required=False
    )
    key_source = forms.ChoiceField(
        label="重点排污单位",
        required=False,
        choices=[
            ("", "全部"),
            (selectors.KEY_SOURCE_ANY, "重点排污单位（全部）"),
            *[(c.value, c.label) for c in Enterprise.KeySource if c.value],
            (selectors.KEY_SOURCE_NONE, "非重点"),
        ],
    )
    status = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部"), *Enterprise.Status.choices],
    )
    industry = forms.CharField(label="行业", required=False, max_length=60)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        district = self.fields["district"]
        township = self.fields["township"]
        assert isinstance(district, forms.ModelChoiceField)
        assert isinstance(township, forms.ModelChoiceField)
        district.queryset = selectors.district_choices_for_user(user)
        district.widget.attrs.update(
            {
                "hx-get": reverse("enterprises:township_options"),
                "hx-target": "#id_township",
                "hx-swap": "outerHTML",
                "hx-push-url": "false",
            }
        )
        # A city has hundreds of townships: offer those of the chosen district
        # (or of the user's own district), not one endless list.
        townships = selectors.township_choices_for_user(user)
        district_id = _number(self.data.get("district"))
        if district_id is not None:
            townships = townships.filter(parent_id=district_id)
        elif selectors.home_division(user) is None:
            townships = townships.filter(pk__in=_numbers(self.data.get("township")))
        township.queryset = townships

    def to_filters(self) -> selectors.EnterpriseFilters:
        """The valid part of what was asked; a bad value is shown and ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        district = data.get("district")
        township = data.get("township")
        return selectors.EnterpriseFilters(
            q=data.get("q", ""),
            district_id=district.pk if district else None,
            township_id=township.pk if township else None,
            key_source=data.get("key_source", ""),
            status=data.get("status", ""),
            industry=data.get("industry", ""),
        )


def _number(raw: object) -> int | None:
    return int(raw) if isinstance(raw, str) and raw.isdigit() else None


def _numbers(raw: object) -> list[int]:
    number = _number(raw)
    return [] if number is None else [number]


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Excel 文件（.xlsx）",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument"
                ".spreadsheetml.sheet"
            }
        ),
    )
    update_existing = forms.BooleanField(
        label="已登记的企业按表格内容更新",
        required=False,
        initial=True,
        help_text="不勾选时，表格中已登记的统一社会信用代码将作为错误列出。",
    )


class FacilityImportForm(forms.Form):
    file = forms.FileField(
        label="Excel 文件（.xlsx）",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument"
                ".spreadsheetml.sheet"
            }
        ),
    )
