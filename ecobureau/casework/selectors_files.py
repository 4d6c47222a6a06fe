"""Reads of attachments and documents: fetched for a user only if the user may see
the object they belong to (`registry.target_get_for_user`), and the report of late
recordings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse

from ecobureau.accounts.models import User

from . import registry
from .models import Attachment, Document

RECORDING_KINDS = (Attachment.Kind.AUDIO, Attachment.Kind.VIDEO)


def attachment_get_for_user(user: User, pk: int) -> Attachment:
    """An attachment, if the user may see its target (else 404)."""
    attachment = get_object_or_404(
        Attachment.objects.select_related("blob", "uploaded_by"), pk=pk
    )
    registry.target_get_for_user(user, attachment.target_type, attachment.target_id)
    return attachment


def attachment_list_for_target(target: models.Model) -> QuerySet[Attachment]:
    """Attachments of an object the caller has already fetched for the user."""
    return Attachment.objects.filter(
        target_type=target._meta.label_lower, target_id=target.pk
    ).select_related("blob", "uploaded_by")


def document_get_for_user(user: User, pk: int) -> Document:
    """A document, if the user may see its target (else 404)."""
    document = get_object_or_404(
        Document.objects.select_related(
            "unit", "issued_by", "attachment", "attachment__blob"
        ),
        pk=pk,
    )
    registry.target_get_for_user(user, document.target_type, document.target_id)
    return document


def document_list_for_target(target: models.Model) -> QuerySet[Document]:
    """Documents about an object the caller has already fetched for the user."""
    return Document.objects.filter(
        target_type=target._meta.label_lower, target_id=target.pk
    ).select_related("unit", "attachment__blob")


# --- Late recordings (全过程记录实施办法 第三十二条, requirements A45, A48) ------------
# Unscoped: the report is for the legal section (法制科), whose views check the
# permission to see every unit.


def late_recording_list(
    *,
    unit_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[Attachment]:
    """Audio and video stored after their 24-hour limit, made in [since, until)."""
    recordings = _recordings(since=since, until=until).filter(late=True)
    if unit_id is not None:
        recordings = recordings.filter(unit_id=unit_id)
    return recordings.select_related("unit", "uploaded_by").order_by(
        "unit_id", "captured_at", "pk"
    )


@dataclass(frozen=True)
class UnitRecordings:
    unit_id: int | None
    unit_name: str
    recordings: int
    late: int


def late_recording_counts(*, since: datetime, until: datetime) -> list[UnitRecordings]:
    """Per uploading unit: recordings made in [since, until) and how many of them
    were stored late. Units with late recordings first."""
    rows = (
        _recordings(since=since, until=until)
        .order_by()
        .values("unit_id", "unit__name")
        .annotate(recordings=Count("pk"), late=Count("pk", filter=Q(late=True)))
    )
    result = [
        UnitRecordings(
            unit_id=row["unit_id"],
            unit_name=row["unit__name"] or "（未记录单位）",
            recordings=row["recordings"],
            late=row["late"],
        )
        for row in rows
    ]
    return sorted(result, key=lambda row: (-row.late, row.unit_name))


def _recordings(
    *, since: datetime | None, until: datetime | None
) -> QuerySet[Attachment]:
    recordings = Attachment.objects.filter(kind__in=RECORDING_KINDS)
    if since is not None:
        recordings = recordings.filter(captured_at__gte=since)
    if until is not None:
        recordings = recordings.filter(captured_at__lt=until)
    return recordings


def attachment_upload_url(target: models.Model) -> str:
    """The evidence upload page of an object, for `_attachment_list.html`."""
    return reverse(
        "casework:attachment-upload", args=[target._meta.label_lower, target.pk]
    )
