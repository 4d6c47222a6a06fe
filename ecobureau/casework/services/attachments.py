"""Attachments: evidence, recordings, scans and document PDFs, hung on any object.

Content is stored once per SHA-256 under MEDIA_ROOT (`Blob.relative_path`) and is
never modified or overwritten afterwards: originals stay originals (全过程记录实施办法
第三十二条, 第三十七条（三）). Every attachment and every view of a confidential one
is written to the record.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, BinaryIO

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import models, transaction
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.lib import filetypes
from ecobureau.lib.filetypes import FileType

from ..models import Attachment, Blob

Kind = Attachment.Kind

# Types each kind of attachment accepts, decided from the content.
ALLOWED_TYPES: dict[str, tuple[FileType, ...]] = {
    Kind.PHOTO: (
        filetypes.JPEG,
        filetypes.PNG,
        filetypes.GIF,
        filetypes.WEBP,
        filetypes.HEIC,
        filetypes.AVIF,
    ),
    Kind.AUDIO: (
        filetypes.MP3,
        filetypes.WAV,
        filetypes.AMR,
        filetypes.M4A,
        filetypes.AAC,
        filetypes.OGG,
    ),
    Kind.VIDEO: (
        filetypes.MP4,
        filetypes.MOV,
        filetypes.WEBM,
        filetypes.MKV,
        filetypes.AVI,
        filetypes.OGV,
    ),
    Kind.DOCUMENT: (filetypes.PDF,),
    Kind.SCAN: (filetypes.PDF, filetypes.JPEG, filetypes.PNG, filetypes.TIFF),
    Kind.SPREADSHEET: (filetypes.XLSX, filetypes.CSV),
    Kind.OTHER: filetypes.ALL,
}

# 全过程记录实施办法 第三十二条: recordings are stored within 24 hours; after
# continuous work, work away from base or in remote areas, within 24 hours of the
# officer's return to the unit.
RECORDING_KINDS = (Kind.AUDIO, Kind.VIDEO)
STORAGE_LIMIT = timedelta(hours=24)
STORAGE_BASIS = "行政执法全过程记录实施办法第三十二条"
RULE_GENERAL = "一般情形"
RULE_RETURNED = "回到本单位后24小时"
# A device clock a few minutes ahead of the server is not a reason to refuse.
CLOCK_TOLERANCE = timedelta(minutes=5)

_CHUNK = 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class StorageRule:
    rule: str
    due_at: datetime
    late: bool


@transaction.atomic
def attachment_add(
    *,
    file: File[bytes],
    target: models.Model,
    kind: str,
    by: User,
    name: str | None = None,
    note: str = "",
    confidential: bool = False,
    captured_at: datetime | None = None,
    returned_at: datetime | None = None,
) -> Attachment:
    """Store `file` and attach it to `target`.

    1. Check the recording times (audio and video must say when they were made).
    2. Stream the file to a temporary file, refusing it once it is too large, and
       hash it on the way.
    3. Check its real type, from its content, against the kind.
    4. Move it to its content address, unless the same content is stored already.
    5. Create the attachment and append the record entry with its SHA-256.
    """
    if kind not in Kind.values:
        raise ValueError(f"unknown attachment kind {kind!r}")
    now = timezone.now()
    storage = _storage_rule(kind, captured_at, returned_at, now)
    _check_size(getattr(file, "size", None))
    tmp_path, sha256, size = _receive(file)
    try:
        file_type = _check_type(tmp_path, kind, size)
        blob = _blob_store(tmp_path, sha256=sha256, size=size, file_type=file_type)
    finally:
        tmp_path.unlink(missing_ok=True)
    attachment = Attachment.objects.create(
        blob=blob,
        target_type=target._meta.label_lower,
        target_id=target.pk,
        kind=kind,
        name=_clean_name(name or file.name or "", kind, file_type),
        note=note,
        confidential=confidential,
        uploaded_by=by,
        unit_id=by.unit_id,
        captured_at=captured_at,
        returned_at=returned_at,
        storage_due_at=storage.due_at if storage else None,
        late=storage.late if storage else False,
    )
    data: dict[str, Any] = {
        "attachment": attachment.pk,
        "kind": kind,
        "content_type": file_type.mime,
        "size": size,
        "confidential": confidential,
    }
    if storage:
        data["storage"] = {
            "rule": storage.rule,
            "basis": STORAGE_BASIS,
            "captured_at": captured_at,
            "returned_at": returned_at,
            "due_at": storage.due_at,
            "late": storage.late,
        }
    records.append(
        action="attachment.add", target=target, actor=by, sha256=[sha256], data=data
    )
    return attachment


def attachment_open(attachment: Attachment) -> BinaryIO:
    """The stored content, opened for reading. The caller closes it."""
    return blob_path(attachment.blob).open("rb")


def attachment_access(*, attachment: Attachment, by: User) -> BinaryIO:
    """Open an attachment for a person who may see its target (fetched through
    `attachment_get_for_user`).

    A confidential attachment needs the `casework.view_confidential` permission,
    and each opening is recorded (全过程记录实施办法 第三十五条, requirements A47).
    """
    if not attachment.confidential:
        return attachment_open(attachment)
    if not by.has_perm("casework.view_confidential"):
        raise PermissionDenied(
            "该附件涉及国家秘密、商业秘密或个人隐私，您没有查看权限。"
        )
    opened = attachment_open(attachment)
    try:
        with transaction.atomic():
            records.append(
                action="confidential.view",
                target=attachment,
                actor=by,
                data={
                    "target_type": attachment.target_type,
                    "target_id": attachment.target_id,
                },
            )
    except BaseException:
        opened.close()
        raise
    return opened


def blob_path(blob: Blob) -> Path:
    return Path(settings.MEDIA_ROOT) / blob.relative_path


# --- Steps ----------------------------------------------------------------------


def _storage_rule(
    kind: str,
    captured_at: datetime | None,
    returned_at: datetime | None,
    now: datetime,
) -> StorageRule | None:
    if kind not in RECORDING_KINDS:
        return None
    if captured_at is None:
        raise ValidationError("录音录像须填写录制时间，用于核对24小时内存储的要求。")
    if captured_at > now + CLOCK_TOLERANCE:
        raise ValidationError("录制时间不能晚于当前时间。")
    if returned_at is not None:
        if returned_at < captured_at:
            raise ValidationError("回到本单位时间不能早于录制时间。")
        if returned_at > now + CLOCK_TOLERANCE:
            raise ValidationError("回到本单位时间不能晚于当前时间。")
        due_at = returned_at + STORAGE_LIMIT
        return StorageRule(RULE_RETURNED, due_at, now > due_at)
    due_at = captured_at + STORAGE_LIMIT
    return StorageRule(RULE_GENERAL, due_at, now > due_at)


def _check_size(size: int | None) -> None:
    limit = settings.UPLOAD_MAX_BYTES
    if size is not None and size > limit:
        raise ValidationError(
            f"文件过大：最大{size_text(limit)}，当前{size_text(size)}。"
        )


def _receive(file: File[bytes]) -> tuple[Path, str, int]:
    """Copy the upload to a temporary file beside the blobs (so the final move is a
    rename on one file system), hashing it and counting its size on the way."""
    limit = settings.UPLOAD_MAX_BYTES
    tmp_dir = Path(settings.MEDIA_ROOT) / "blobs" / "tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    handle = tempfile.NamedTemporaryFile(dir=tmp_dir, delete=False)  # noqa: SIM115
    tmp_path = Path(handle.name)
    try:
        with handle:
            for chunk in file.chunks(_CHUNK):
                size += len(chunk)
                if size > limit:
                    # The declared size may be missing or wrong: count what arrives.
                    raise ValidationError(
                        f"文件过大：最大{size_text(limit)}，当前已超过{size_text(limit)}。"
                    )
                digest.update(chunk)
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise
    return tmp_path, digest.hexdigest(), size


def _check_type(path: Path, kind: str, size: int) -> FileType:
    if size == 0:
        raise ValidationError("文件为空。")
    with path.open("rb") as handle:
        file_type = filetypes.detect(handle)
    allowed = ALLOWED_TYPES[kind]
    if file_type is not None and file_type in allowed:
        return file_type
    actual = file_type.label if file_type else "无法识别的格式"
    if kind == Kind.OTHER:
        raise ValidationError(
            f"文件类型不符：只接受常见的图片、音视频、PDF、Office文档和文本文件，"
            f"该文件实际为{actual}。"
        )
    names = "、".join(file_type.name for file_type in allowed)
    raise ValidationError(
        f"文件类型不符：{Kind(kind).label}只接受{names}格式，该文件实际为{actual}。"
    )


def _blob_store(path: Path, *, sha256: str, size: int, file_type: FileType) -> Blob:
    """The blob for this content, storing the file if it is new.

    `os.link` puts the file at its address atomically and fails if something is
    there already, so an existing blob is never overwritten, not even by two
    uploads of the same content at the same moment.
    """
    blob, _ = Blob.objects.get_or_create(
        sha256=sha256, defaults={"size": size, "content_type": file_type.mime}
    )
    final = blob_path(blob)
    if not final.exists():
        final.parent.mkdir(parents=True, exist_ok=True)
        path.chmod(0o444)  # stored content is read-only
        # FileExistsError: the same content arrived at the same moment.
        with contextlib.suppress(FileExistsError):
            os.link(path, final)
    return blob


def _clean_name(name: str, kind: str, file_type: FileType) -> str:
    # Keep the uploader's file name as it was (it is part of the evidence), without
    # folders or control characters.
    base = PureWindowsPath(PurePosixPath(name).name).name
    base = _CONTROL.sub("", base).strip()
    if not base:
        base = f"{Kind(kind).label}.{file_type.extension}"
    if len(base) > 200:
        stem, dot, extension = base.rpartition(".")
        if dot and len(extension) <= 10:
            base = stem[: 199 - len(extension)] + "." + extension
        else:
            base = base[:200]
    return base


def size_text(size: int) -> str:
    """A size for messages: 200MB, 1.5MB, 300KB, 12字节."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            value = f"{size / factor:.1f}".removesuffix(".0")
            return f"{value}{unit}"
    return f"{size}字节"
