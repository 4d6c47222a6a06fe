"""Close-out regulations held as dated references (seed 001 五4; B15): task
close-out follows 辽环督改办〔2018〕150号, petition cases 辽环督改办发〔2019〕50号,
"如果上级出台新的规定，按新规定执行" — a newer rule replaces the one in force from
its date, and each close-out records the regulation it followed."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q

from ecobureau.accounts.models import User
from ecobureau.core import records

from ..models import PetitionCase, RectificationTask, Regulation
from ._common import _require


def regulation_in_force(applies_to: str, on: date) -> Regulation | None:
    """The close-out regulation in force on a date (seed 001 五4: "如果上级出台新的
    规定，按新规定执行"): the newest one in effect by then and not yet replaced."""
    rows = Regulation.objects.filter(applies_to=applies_to).filter(
        Q(effective_from__isnull=True) | Q(effective_from__lte=on)
    )
    rows = rows.filter(Q(replaced_on__isnull=True) | Q(replaced_on__gt=on))
    return rows.order_by(F("effective_from").desc(nulls_last=True), "-pk").first()


@transaction.atomic
def regulation_add(
    *,
    by: User,
    applies_to: str,
    code: str,
    title: str,
    effective_from: date,
    note: str = "",
) -> Regulation:
    """A newer higher-level rule: it replaces the one in force from its date."""
    _require(by, "manage_ledger")
    if applies_to not in Regulation.AppliesTo.values:
        raise ValidationError("请选择适用范围（整改任务或信访案件销号）。")
    if not (code.strip() and title.strip()):
        raise ValidationError("请填写新规定的文号和名称。")
    current = regulation_in_force(applies_to, effective_from)
    if current is not None:
        current.replaced_on = effective_from
        current.save(update_fields=["replaced_on", "updated_at"])
    regulation = Regulation.objects.create(
        applies_to=applies_to,
        code=code.strip(),
        title=title.strip(),
        effective_from=effective_from,
        note=note.strip(),
    )
    records.append(
        action="rectification.regulation_add",
        target=regulation,
        actor=by,
        after={"code": regulation.code, "replaces": current.pk if current else None},
    )
    return regulation


def closeout_basis(item: RectificationTask | PetitionCase, on: date) -> str:
    kind = "task" if isinstance(item, RectificationTask) else "case"
    regulation = regulation_in_force(kind, on)
    return f"按{regulation}执行" if regulation else ""
