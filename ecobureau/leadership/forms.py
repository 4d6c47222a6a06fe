from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from ecobureau.accounts.models import Unit

from . import scoring, selectors


class ConfirmForm(forms.Form):
    """Confirm a period's result; for a quarter, one 与基层互动督查扣分 field per
    unit (A80: the supervision results count in the performance assessment; the
    monthly ranking is by the complaint figures only, A84)."""

    note = forms.CharField(
        label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args: Any,
        scores: list[scoring.UnitScore],
        with_supervision: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cap = Decimal(str(scoring.EXAMPLE_SCHEME["supervision_cap"]))
        self.unit_fields: list[tuple[str, str]] = []
        for s in scores if with_supervision else []:
            name = f"supervision_{s.facts.unit_id}"
            self.fields[name] = forms.DecimalField(
                label=f"{s.facts.unit_name} 与基层互动督查扣分",
                required=False,
                min_value=Decimal(0),
                max_value=cap,
                decimal_places=1,
                initial=Decimal(0),
            )
            self.unit_fields.append((name, s.facts.unit_name))

    def supervision(self) -> dict[int, Decimal]:
        out: dict[int, Decimal] = {}
        for name, value in self.cleaned_data.items():
            if name.startswith("supervision_") and value:
                out[int(name.removeprefix("supervision_"))] = value
        return out


class FindingForm(forms.Form):
    """A supervision finding of a member unit in the quarter (A96)."""

    unit = forms.ModelChoiceField(
        label="被督查单位", queryset=Unit.objects.none(), empty_label="请选择"
    )
    found_on = forms.DateField(
        label="督查日期", widget=forms.DateInput(attrs={"type": "date"})
    )
    finding = forms.CharField(
        label="发现的问题", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    rectification = forms.CharField(
        label="整改要求", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    rectification_due = forms.DateField(
        label="整改期限",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = selectors.member_units()
