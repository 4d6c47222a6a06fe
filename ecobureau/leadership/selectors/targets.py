"""Environmental targets for leaders (C10, D6): the year's responsibility letters
(目标责任状) of district governments and departments, met, unmet or still in force,
and the environmental-responsibility audits (环境保护责任审计) reported in the
period.

Both are narrowed from the quality module's scoped lists, `letter_list_for_user`
and `audit_list_for_user`, so a figure counts only what the viewer may open and
its drill-down lists exactly what it counts. A letter or an audit belongs to a
district (its `district`) or to the city as a whole; a bureau unit has none, so a
unit's page shows none of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from ecobureau.accounts.models import User
from ecobureau.quality import selectors as quality_selectors
from ecobureau.quality.models import Letter

from .base import Drill, _name
from .levels import Level
from .periods import Period

SECTION = "环境目标责任与审计"


def _at_level(qs: QuerySet[Any], level: Level) -> QuerySet[Any]:
    return qs.none() if level.unit is not None else qs.filter(level.q())


def letters(user: User, level: Level, period: Period) -> QuerySet[Any]:
    """The letters of the period's year (a letter is signed for a year)."""
    qs = quality_selectors.letter_list_for_user(user, year=period.start.year)
    return _at_level(qs, level).order_by("unit_name", "pk")


def audits(user: User, level: Level, period: Period) -> QuerySet[Any]:
    """Audits whose report date (审计报告日期) falls in the period."""
    qs = quality_selectors.audit_list_for_user(user).filter(
        reported_on__gte=period.start, reported_on__lt=period.end
    )
    return _at_level(qs, level).order_by("reported_on", "unit_name", "pk")


@dataclass(frozen=True)
class Counts:
    letters: int
    met: int
    unmet: int
    signed: int
    published: int
    audits: int


def counts(user: User, level: Level, period: Period) -> Counts:
    found = letters(user, level, period).aggregate(
        n=Count("pk"),
        met=Count("pk", filter=Q(status=Letter.Status.MET)),
        unmet=Count("pk", filter=Q(status=Letter.Status.UNMET)),
        published=Count("pk", filter=Q(published_at__isnull=False)),
    )
    return Counts(
        letters=found["n"],
        met=found["met"],
        unmet=found["unmet"],
        signed=found["n"] - found["met"] - found["unmet"],
        published=found["published"],
        audits=audits(user, level, period).count(),
    )


DRILLS: dict[str, Drill] = {
    "target-letters": Drill(
        SECTION,
        "目标责任状",
        letters,
        ("责任单位", "年度", "区县", "下达单位", "考核结论", "已公开"),
        lambda letter: (
            letter.unit_name,
            letter.year,
            _name(letter.district),
            letter.issuer,
            letter.get_status_display(),
            "是" if letter.published_at else "否",
        ),
        lambda letter: letter.get_absolute_url(),
    ),
    "responsibility-audits": Drill(
        SECTION,
        "环境保护责任审计",
        audits,
        ("被审计单位", "审计年度", "区县", "审计机关", "审计报告日期", "已公开"),
        lambda audit: (
            audit.unit_name,
            audit.year,
            _name(audit.district),
            audit.auditor,
            audit.reported_on,
            "是" if audit.published_at else "否",
        ),
        lambda audit: reverse("quality:audits"),
    ),
}

FILTERS = {
    "target-letters": {
        "met": lambda qs: qs.filter(status=Letter.Status.MET),
        "unmet": lambda qs: qs.filter(status=Letter.Status.UNMET),
        "signed": lambda qs: qs.filter(status=Letter.Status.SIGNED),
    }
}
