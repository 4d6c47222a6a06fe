"""Issuing the monthly bulletin (环境质量月报发布, issue 13 item 6): the public
figures of a month that is over are frozen with their PDF and its SHA-256, so
the published month no longer changes when its data are corrected; a correction
is a new revision with its reason, the earlier one kept and marked superseded.
One transaction, one record entry (ids, revision, hash; no personal data)."""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.lib.dates import local_date

from .. import bulletin
from ..models import BulletinIssue
from .common import _require_city_manager

NOTE_LIMIT = 500


@transaction.atomic
def bulletin_issue(
    *,
    actor: User | None,
    year: int,
    month: int,
    now: datetime,
    note: str = "",
    reason: str = "",
) -> BulletinIssue:
    """Issue the bulletin of `year`/`month` (a month that is over).

    `actor` None is the scheduler (command issue_bulletin). The bulletin is
    city-wide, so a person needs the quality management permission with city
    scope, like the other city-wide quality writes. A month already issued takes
    a new revision only with a reason (the correction).
    """
    if actor is not None:
        _require_city_manager(actor, "环境质量月报由市局质量管理人员发布")
    if not 1 <= month <= 12 or year < 2000:
        raise ValidationError("月份应为1～12，年份不早于2000年")
    if (year, month) > bulletin.last_published_month(local_date(now)):
        raise ValidationError(f"{year}年{month}月尚未结束，不能发布该月月报")
    note, reason = (note or "").strip(), (reason or "").strip()
    if len(note) > NOTE_LIMIT or len(reason) > NOTE_LIMIT:
        raise ValidationError(f"说明和更正理由各不超过{NOTE_LIMIT}字")
    issued = BulletinIssue.objects.select_for_update().filter(year=year, month=month)
    # Lock the month's revisions (FOR UPDATE takes no aggregate); two first
    # issues at once meet the unique (year, month, revision).
    latest = max(issued.values_list("revision", flat=True), default=0)
    if latest and not reason:
        raise ValidationError(
            f"{year}年{month}月月报已发布（第{latest}版），发布更正须填写更正理由"
        )
    revision = latest + 1
    if revision == 1:
        reason = ""  # the first issue corrects nothing
    # The official text is Chinese; the English figures are frozen beside it
    # for the public page's English reading.
    with translation.override("zh-hans"):
        items = bulletin.figures_public(year=year, month=month)
        notes = tuple(
            text for text in (bulletin.correction_text(revision, reason), note) if text
        )
        content = bulletin.pdf_bytes(
            items,
            year=year,
            month=month,
            issued_on=local_date(now),
            created_at=now,
            notes=notes,
        )
    with translation.override("en"):
        items_en = bulletin.figures_public(year=year, month=month)
    digest = hashlib.sha256(content).hexdigest()
    issued.filter(superseded_at__isnull=True).update(superseded_at=now)
    issue = BulletinIssue.objects.create(
        year=year,
        month=month,
        revision=revision,
        issued_at=now,
        issued_by=actor,
        figures=bulletin.to_json(items),
        figures_en=bulletin.to_json(items_en),
        pdf=content,
        sha256=digest,
        note=note,
        reason=reason,
    )
    records.append(
        action="quality.bulletin_issue",
        target=issue,
        actor=actor,
        data={
            "year": year,
            "month": month,
            "revision": revision,
            "reason": reason,
            "by_scheduler": actor is None,
        },
        sha256=[digest],
    )
    return issue
