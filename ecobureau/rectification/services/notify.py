"""Telling people about rectification flags through the notifications module
(its in-app copies at once, SMS through its outbox): overdue and at-risk items
(seed 001 六(四) 预警、督办), 督办函 and 约谈 (五5), and failing assessments.

Who is told about an item: its 承办人 and the heads of its 承办单位; an item
with neither goes to the city rectification office.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User
from ecobureau.notifications import services as notifications
from ecobureau.notifications.models import Notification

from ..processes import OFFICE_ROLES

LEVELS = {
    "late": Notification.Level.OVERDUE,
    "at_risk": Notification.Level.DUE_SOON,
}


def _office_ids() -> set[int]:
    return set(
        User.objects.filter(is_active=True, roles__code__in=OFFICE_ROLES)
        .values_list("pk", flat=True)
        .distinct()
    )


def recipients_for(items: Iterable[Any]) -> dict[int, set[int]]:
    """The people to tell about each item (keyed by the item's pk); the unit
    heads of all items are read in one query."""
    items = list(items)
    heads = account_selectors.unit_heads({i.unit_id for i in items if i.unit_id})
    office: set[int] | None = None
    people: dict[int, set[int]] = {}
    for item in items:
        found = set(heads.get(item.unit_id, ())) if item.unit_id else set()
        if item.assignee_id:
            found.add(item.assignee_id)
        if not found:
            office = _office_ids() if office is None else office
            found = set(office)
        people[item.pk] = found
    return people


def notify_items(
    items: Iterable[Any], *, title: str, level: str = Notification.Level.INFO
) -> int:
    """One in-app message per person per item; "{item}" in `title` names the item."""
    items = list(items)
    if not items:
        return 0
    people = recipients_for(items)
    messages = [
        notifications.Message(
            recipient_id=person,
            title=title.replace("{item}", str(item)),
            url=item.get_absolute_url(),
        )
        for item in items
        for person in sorted(people[item.pk])
    ]
    return notifications.send_many(messages, level=level)


def notify_people(
    *, people: set[int], title: str, url: str, urgent: bool = False
) -> None:
    """Tell named people; an urgent message (约谈) also goes by SMS where SMS is
    enabled (the notifications module decides)."""
    if not people:
        return
    channels = (
        (notifications.INBOX, notifications.SMS) if urgent else (notifications.INBOX,)
    )
    notifications.send(
        recipients=User.objects.filter(pk__in=people),
        title=title,
        url=url,
        channels=channels,
        dedupe_key=f"rectification:{url}:{title}",
    )
