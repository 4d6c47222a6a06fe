"""The officers' handbook library (《“生态+营商”双优环境执法人员手册》; seed 004
"系统整合行政检查流程、服务规范等11项内容"; requirements E10).

Open to enforcement staff only (`may_read`). Each part keeps its versions: an
upload is a casework attachment of the part plus a numbered version with the
reviser's note; renaming a part or uploading a version is recorded (who changed
what). The 11 parts ship as example structure: seed 004 names two of them.
"""

from __future__ import annotations

from typing import BinaryIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_noop

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Attachment
from ecobureau.core import records

from ..models import HandbookPart, HandbookVersion
from .inspections import _text


def may_read(user: User) -> bool:
    """Enforcement staff: whoever may view enforcement cases (heads, officers,
    sub-bureau heads, bureau leaders); never the public."""
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff_member
        and user.has_perm("enforcement.view_enforcementcase")
    )


def may_edit(user: User) -> bool:
    """Enforcement staff who plan inspections or open cases keep the handbook."""
    return may_read(user) and user.has_perm("enforcement.open_case")


def _require_editor(by: User) -> None:
    if not may_edit(by):
        raise PermissionDenied("您不能修改执法人员手册。")


@transaction.atomic
def part_rename(
    *, part: HandbookPart, title: str, description: str, by: User
) -> HandbookPart:
    _require_editor(by)
    before = {"title": part.title, "description": part.description}
    part.title = _text(title, gettext_noop("篇目"))
    part.description = description.strip()
    part.save()
    records.append(
        action="enforcement.handbook_rename",
        target=part,
        actor=by,
        before=before,
        after={"title": part.title, "description": part.description},
    )
    return part


@transaction.atomic
def version_upload(
    *, part: HandbookPart, file: File[bytes], note: str, by: User
) -> HandbookVersion:
    """A new version of the part: the file stored by content, numbered."""
    _require_editor(by)
    note = _text(note, gettext_noop("修订说明"))
    part = HandbookPart.objects.select_for_update().get(pk=part.pk)
    attachment = casework_services.attachment_add(
        file=file, target=part, kind=Attachment.Kind.OTHER, by=by, note=note[:200]
    )
    latest = part.versions.aggregate(n=Max("version"))["n"] or 0
    version = HandbookVersion.objects.create(
        part=part,
        version=latest + 1,
        attachment=attachment,
        note=note,
        uploaded_by=by,
        uploaded_at=timezone.now(),
    )
    records.append(
        action="enforcement.handbook_upload",
        target=part,
        actor=by,
        after={"version": version.version, "file": attachment.name},
        sha256=[attachment.blob.sha256],
    )
    return version


def version_open(*, version: HandbookVersion, by: User) -> BinaryIO:
    if not may_read(by):
        raise PermissionDenied("执法人员手册仅向执法人员开放。")
    if version.attachment.target_id != version.part_id:
        raise ValidationError("版本与篇目不符。")
    return casework_services.attachment_open(version.attachment)
