"""C7: entering the records the scoring reads into the enterprise's credit
record (记分登记), timed against 10 working days from their arising."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.enterprises import selectors as enterprise_selectors

from .. import selectors, selectors_entries
from ..models import FactEntry
from .common import _require, _today


@transaction.atomic
def facts_enter(
    *, year: int, selected: Mapping[int, Sequence[str]], by: User
) -> list[FactEntry]:
    """Enter records arisen in `year` (enterprise id → refs of
    `facts.facts_for`) into each enterprise's credit record. Each must be a
    record the scoring reads, of an enterprise in the user's scope, that has
    arisen and is not yet entered — otherwise nothing is written. Each row keeps
    its due day and whether it came late; one record entry per enterprise."""
    _require(
        selectors.may_manage(by) or selectors.may_prescore(by),
        "您不能录入信用信息。",
    )
    wanted = {
        pk: list(dict.fromkeys(r for r in refs if r))
        for pk, refs in selected.items()
        if any(refs)
    }
    if not wanted:
        raise ValidationError("请选择要录入的信息。")
    enterprises = enterprise_selectors.enterprise_list_for_user(by).in_bulk(
        list(wanted)
    )
    if set(wanted) - set(enterprises):
        raise ValidationError("所选信息的企业不在您的数据范围内。")
    today = _today()
    arisen = selectors_entries.arisen_facts(list(wanted), year, today)
    errors = []
    for pk, refs in wanted.items():
        known = {f.ref for f in arisen.get(pk, [])}
        unknown = [r for r in refs if r not in known]
        if unknown:
            errors.append(
                f"{enterprises[pk].name}：以下信息不是{year}年度已产生的评价信息："
                + "、".join(unknown)
            )
    all_refs = [r for refs in wanted.values() for r in refs]
    done = sorted(
        FactEntry.objects.filter(year=year, ref__in=all_refs).values_list(
            "ref", flat=True
        )
    )
    if done:
        errors.append("以下信息已录入：" + "、".join(done))
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    rows: list[FactEntry] = []
    for pk, refs in wanted.items():
        facts = {f.ref: f for f in arisen[pk]}
        made = []
        for ref in refs:
            fact = facts[ref]
            assert fact.on is not None
            due = selectors_entries.entry_due(fact.on)
            made.append(
                FactEntry(
                    enterprise_id=pk,
                    year=year,
                    source=fact.source,
                    ref=ref,
                    label=fact.label[:200],
                    arose_on=fact.on,
                    due_on=due,
                    entered_at=now,
                    entered_by=by,
                    late=today > due,
                )
            )
        FactEntry.objects.bulk_create(made)
        records.append(
            action="credit.fact.enter",
            target=enterprises[pk],
            actor=by,
            data={
                "year": year,
                "entries": [
                    {"ref": r.ref, "due": r.due_on.isoformat(), "late": r.late}
                    for r in made
                ],
                "basis": selectors_entries.entry_basis(),
            },
        )
        rows.extend(made)
    return rows
