"""Reads of the enforcement cases linked to rectification items (seed 001 四(一)4,
四(二)3): their state for the rectification pages and evidence checks, and the
other way, the items a case serves for the enforcement case page."""

from __future__ import annotations

from dataclasses import dataclass

from ecobureau.accounts.models import User

from .models import EnforcementLink
from .selectors import case_list_for_user, task_list_for_user

# The enforcement case steps that count as "reached a decision": a penalty
# decision made (and later served, executed), or a recorded 不予立案 / 不予行政处罚.
# Read here, not added to enforcement (its selectors are scoped to a user; this
# check runs for whoever reports the rectification evidence).
ENFORCEMENT_DECIDED = {
    "decided": "已作出处罚决定",
    "served": "处罚决定已送达",
    "executed": "执行完毕",
    "not_filed": "不予立案",
    "not_punished": "不予行政处罚",
}


@dataclass(frozen=True)
class EnforcementRow:
    pk: int
    party: str
    state: str
    decided: bool


def enforcement_rows(links: list[EnforcementLink]) -> list[EnforcementRow]:
    """The linked enforcement cases with their state, in one read-only query."""
    from ecobureau.enforcement.models import EnforcementCase

    ids = [link.enforcement_case_id for link in links]
    rows = EnforcementCase.objects.filter(pk__in=ids).values_list(
        "pk", "status", "enterprise__name"
    )
    return [
        EnforcementRow(
            pk=pk,
            party=party,
            state=ENFORCEMENT_DECIDED.get(status, "尚未作出决定"),
            decided=status in ENFORCEMENT_DECIDED,
        )
        for pk, status, party in sorted(rows)
    ]


@dataclass(frozen=True)
class LinkedItem:
    """A rectification item an enforcement case was linked to, as the case page
    shows it: `pk` only when the reader may open the item (its own scope)."""

    kind: str  # "task" or "petition"
    number: str
    label: str
    pk: int | None


def items_linked_to_enforcement_case(user: User, case_id: int) -> list[LinkedItem]:
    """The 案件查处 measures and petition cases the enforcement case serves (seed
    001 四(一)4, 四(二)3), for the case page. The case page's reader already
    may see the case; the item's number and problem are shown to them, the link
    only when rectification's own scope lets them open it."""
    links = list(
        EnforcementLink.objects.filter(enforcement_case_id=case_id)
        .select_related("measure__task", "petition")
        .order_by("pk")
    )
    if not links:
        return []
    task_ids = {link.measure.task_id for link in links if link.measure is not None}
    petition_ids = {link.petition_id for link in links if link.petition_id}
    tasks = set(
        task_list_for_user(user).filter(pk__in=task_ids).values_list("pk", flat=True)
    )
    cases = set(
        case_list_for_user(user)
        .filter(pk__in=petition_ids)
        .values_list("pk", flat=True)
    )
    items = []
    for link in links:
        if link.measure is not None:
            task = link.measure.task
            items.append(
                LinkedItem(
                    kind="task",
                    number=task.number,
                    label=f"措施{link.measure.seq}：{link.measure.content}",
                    pk=task.pk if task.pk in tasks else None,
                )
            )
        elif link.petition is not None:
            petition = link.petition
            items.append(
                LinkedItem(
                    kind="petition",
                    number=petition.number,
                    label=petition.get_category_display(),
                    pk=petition.pk if petition.pk in cases else None,
                )
            )
    return items
