"""What the public sees of an environmental emergency (A91 "突发环境事件"): the
releases reviewed and published (`selectors.release_list_public`), as a list
that is searchable, paged and exportable with each release's publication date.

Columns: title, district, publication date, text. The text was written by staff
and reviewed before publication; ID and mobile numbers in it, and the names and
phone of the enterprise's legal representative and contact, are masked all the
same (`lib.deidentify.mask_text`). Nothing else of the incident is read: not who
reported it, who handled it, the casualties or the grade."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext_noop

from ecobureau.lib.dates import SHANGHAI
from ecobureau.lib.deidentify import mask_text

from . import selectors
from .models import Release

HEADERS = (
    gettext_noop("标题"),
    gettext_noop("区县"),
    gettext_noop("发布日期"),
    gettext_noop("发布内容"),
)
WIDTHS = (40, 12, 12, 80)


def release_list(q: str = "", district_id: int | None = None) -> QuerySet[Release]:
    """The published releases, searched in what the public sees: a release whose
    stored text matches only where it is masked (a name, a phone) is not found,
    so the search cannot tell whether someone is named in it."""
    qs = selectors.release_list_public(district_id=district_id)
    if not q:
        return qs
    needle = q.casefold()
    found = [
        release.pk
        for release in selectors.release_list_public(q, district_id)
        if needle in "\n".join(str(cell) for cell in cells(release)).casefold()
    ]
    return qs.filter(pk__in=found)


def published_on(release: Release) -> date | None:
    if release.published_at is None:
        return None
    return release.published_at.astimezone(SHANGHAI).date()


def body(release: Release) -> str:
    """The release's text as published, masked."""
    e = release.incident.enterprise
    names = (e.legal_representative, e.contact_name) if e is not None else ()
    phones = (e.contact_phone,) if e is not None else ()
    return mask_text(
        release.body,
        names=[n for n in names if n and len(n.strip()) >= 2],
        phones=[p for p in phones if p],
    )


def title(release: Release) -> str:
    return mask_text(release.title)


def cells(release: Release) -> list[object]:
    district = release.incident.district
    return [
        title(release),
        district.name if district is not None else "",
        published_on(release),
        body(release),
    ]


def export_rows(releases: Iterable[Release]) -> Iterable[list[object]]:
    for release in releases:
        row = cells(release)
        yield [v.isoformat() if isinstance(v, date) else v for v in row]
