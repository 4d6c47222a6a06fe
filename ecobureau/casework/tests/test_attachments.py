import hashlib
import io
from datetime import datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from ecobureau.casework import selectors_files, services
from ecobureau.casework.models import Attachment, Blob
from ecobureau.core import records
from ecobureau.lib.dates import SHANGHAI

from .files_support import MP3, enterprise_target, media_root, png  # noqa: F401

pytestmark = [
    pytest.mark.urls("ecobureau.casework.tests.files_support"),
    pytest.mark.usefixtures("enterprise_target"),
]

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def add(
    target, by, data=None, *, kind=Attachment.Kind.PHOTO, name="现场照片.png", **kw
):
    return services.attachment_add(
        file=ContentFile(png() if data is None else data, name=name),
        target=target,
        kind=kind,
        by=by,
        **kw,
    )


def entries(target, action):
    return [
        records.payload_of(record)["data"]
        for record in records.history(target).filter(action=action)
    ]


# --- Storage --------------------------------------------------------------------


def test_identical_content_is_stored_once_under_its_hash(
    enterprise_a, enterprise_b, district_a_officer, settings
):
    # when: the same photo is attached twice, under two names, to two enterprises
    first = add(enterprise_a, district_a_officer, name="IMG_0001.png")
    second = add(enterprise_b, district_a_officer, name="复印件.png")

    # then: two attachments, one blob, one file at the blob's address
    media = settings.MEDIA_ROOT
    sha256 = hashlib.sha256(png()).hexdigest()
    assert first.blob_id == second.blob_id == sha256
    assert Blob.objects.count() == 1
    stored = media / first.blob.relative_path
    assert stored.read_bytes() == png()
    assert [p.name for p in media.rglob("*") if p.is_file()] == [sha256]
    assert (first.name, second.name) == ("IMG_0001.png", "复印件.png")
    assert first.blob.content_type == "image/png"
    assert first.unit_id == district_a_officer.unit_id


def test_stored_content_is_read_only_and_never_overwritten(
    enterprise_a, district_a_officer, settings
):
    first = add(enterprise_a, district_a_officer)
    stored = settings.MEDIA_ROOT / first.blob.relative_path
    before = stored.stat()

    add(enterprise_a, district_a_officer)

    after = stored.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert after.st_mode & 0o222 == 0


def test_every_attachment_is_recorded_with_its_hash_and_no_file_name(
    enterprise_a, district_a_officer
):
    attachment = add(enterprise_a, district_a_officer, name="张三询问笔录照片.png")

    (record,) = records.history(enterprise_a).filter(action="attachment.add")
    payload = records.payload_of(record)
    assert payload["data"]["sha256"] == [attachment.blob_id]
    assert payload["data"]["attachment"] == attachment.pk
    assert payload["actor"] == district_a_officer.pk
    assert "张三" not in record.payload


def test_attachment_open_returns_the_original_bytes(enterprise_a, district_a_officer):
    attachment = add(
        enterprise_a,
        district_a_officer,
        MP3,
        kind="audio",
        name="a.mp3",
        captured_at=NOW - timedelta(hours=1),
    )

    with services.attachment_open(attachment) as handle:
        assert handle.read() == MP3


# --- Refusals -------------------------------------------------------------------


def test_file_over_the_limit_is_refused_with_both_sizes(
    settings, enterprise_a, district_a_officer
):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024

    with pytest.raises(ValidationError) as refused:
        add(enterprise_a, district_a_officer, b"\x00" * (3 * 1024 * 1024 // 2))

    assert refused.value.messages == ["文件过大：最大1MB，当前1.5MB。"]
    assert not Attachment.objects.exists()


def test_size_is_counted_while_streaming_when_the_declared_size_is_wrong(
    settings, enterprise_a, district_a_officer
):
    # given: an upload that claims to be small
    settings.UPLOAD_MAX_BYTES = 1024
    upload = ContentFile(png() + b"\x00" * 4096, name="x.png")
    upload.size = 10

    with pytest.raises(ValidationError) as refused:
        services.attachment_add(
            file=upload, target=enterprise_a, kind="photo", by=district_a_officer
        )

    assert refused.value.messages == ["文件过大：最大1KB，当前已超过1KB。"]
    assert not [
        p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()
    ]  # no temp file left


def test_type_is_decided_by_content_not_by_name(enterprise_a, district_a_officer):
    with pytest.raises(ValidationError) as refused:
        add(
            enterprise_a,
            district_a_officer,
            png(),
            kind="audio",
            name="录音.mp3",
            captured_at=NOW,
        )

    assert refused.value.messages == [
        "文件类型不符：录音只接受MP3、WAV、AMR、M4A、AAC、OGG格式，该文件实际为PNG图片。"
    ]


def test_unrecognised_content_is_refused(enterprise_a, district_a_officer):
    with pytest.raises(ValidationError) as refused:
        add(enterprise_a, district_a_officer, b"MZ\x90\x00\x03\x00", name="照片.jpg")

    assert refused.value.messages == [
        "文件类型不符：照片只接受JPEG、PNG、GIF、WebP、HEIC、AVIF格式，"
        "该文件实际为无法识别的格式。"
    ]


def test_empty_file_is_refused(enterprise_a, district_a_officer):
    with pytest.raises(ValidationError) as refused:
        add(enterprise_a, district_a_officer, b"")

    assert refused.value.messages == ["文件为空。"]


# --- 24-hour rule for recordings (全过程记录实施办法 第三十二条) -------------------


def recording(target, by, **times):
    return add(target, by, MP3, kind="audio", name="执法记录仪.mp3", **times)


@pytest.mark.parametrize(
    ("captured_hours_ago", "late"), [(23, False), (24, False), (25, True)]
)
def test_general_rule_recording_is_due_24_hours_after_it_was_made(
    enterprise_a, district_a_officer, captured_hours_ago, late
):
    captured_at = NOW - timedelta(hours=captured_hours_ago)

    attachment = recording(enterprise_a, district_a_officer, captured_at=captured_at)

    assert attachment.storage_due_at == captured_at + timedelta(hours=24)
    assert attachment.late is late
    (data,) = entries(enterprise_a, "attachment.add")
    assert data["storage"]["rule"] == "一般情形"
    assert data["storage"]["late"] is late
    assert data["storage"]["basis"] == "行政执法全过程记录实施办法第三十二条"
    assert data["sha256"] == [attachment.blob_id]


@pytest.mark.parametrize(("returned_hours_ago", "late"), [(20, False), (30, True)])
def test_after_work_away_the_24_hours_run_from_the_return_to_the_unit(
    enterprise_a, district_a_officer, returned_hours_ago, late
):
    # given: recorded three days ago on a trip to a remote area
    captured_at = NOW - timedelta(days=3)
    returned_at = NOW - timedelta(hours=returned_hours_ago)

    attachment = recording(
        enterprise_a,
        district_a_officer,
        captured_at=captured_at,
        returned_at=returned_at,
    )

    assert attachment.storage_due_at == returned_at + timedelta(hours=24)
    assert attachment.late is late
    (data,) = entries(enterprise_a, "attachment.add")
    assert data["storage"]["rule"] == "回到本单位后24小时"
    assert data["storage"]["late"] is late


def test_recording_must_say_when_it_was_made(enterprise_a, district_a_officer):
    with pytest.raises(ValidationError) as refused:
        recording(enterprise_a, district_a_officer)

    assert "录制时间" in refused.value.messages[0]


def test_return_cannot_precede_the_recording(enterprise_a, district_a_officer):
    with pytest.raises(ValidationError) as refused:
        recording(
            enterprise_a,
            district_a_officer,
            captured_at=NOW,
            returned_at=NOW - timedelta(hours=1),
        )

    assert refused.value.messages == ["回到本单位时间不能早于录制时间。"]


def test_photos_have_no_storage_deadline(enterprise_a, district_a_officer):
    attachment = add(
        enterprise_a, district_a_officer, captured_at=NOW - timedelta(days=9)
    )

    assert (attachment.storage_due_at, attachment.late) == (None, False)
    (data,) = entries(enterprise_a, "attachment.add")
    assert "storage" not in data


def test_late_recordings_are_counted_per_unit(
    enterprise_a, district_a_officer, district_b_officer
):
    # given: a late and a timely recording from district A, a late one from B
    recording(enterprise_a, district_a_officer, captured_at=NOW - timedelta(days=2))
    add(
        enterprise_a,
        district_a_officer,
        MP3 + b"\x00",
        kind="audio",
        captured_at=NOW - timedelta(hours=1),
    )
    add(
        enterprise_a,
        district_b_officer,
        MP3 + b"\x01",
        kind="audio",
        captured_at=NOW - timedelta(days=3),
    )

    counts = selectors_files.late_recording_counts(
        since=NOW - timedelta(days=30), until=NOW
    )

    assert [(row.unit_name, row.recordings, row.late) for row in counts] == [
        ("鞍山市生态环境局铁东分局", 2, 1),
        ("鞍山市生态环境局铁西分局", 1, 1),
    ]
    late_a = selectors_files.late_recording_list(unit_id=district_a_officer.unit_id)
    assert [a.captured_at for a in late_a] == [NOW - timedelta(days=2)]


# --- Download -------------------------------------------------------------------


def test_download_gives_the_original_to_someone_who_may_see_the_target(
    client, enterprise_a, district_a_officer
):
    attachment = add(enterprise_a, district_a_officer, name="现场照片.png")
    client.force_login(district_a_officer)

    response = client.get(reverse("casework:attachment-download", args=[attachment.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png()
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")


def test_download_is_refused_outside_the_targets_scope(
    client, enterprise_a, district_a_officer, district_b_officer
):
    attachment = add(enterprise_a, district_a_officer)
    client.force_login(district_b_officer)

    response = client.get(reverse("casework:attachment-download", args=[attachment.pk]))

    assert response.status_code == 404


def test_download_is_refused_to_the_public(
    client, enterprise_a, district_a_officer, enterprise_user_a
):
    attachment = add(enterprise_a, district_a_officer)
    client.force_login(enterprise_user_a)

    response = client.get(reverse("casework:attachment-download", args=[attachment.pk]))

    assert response.status_code == 403


def test_confidential_attachment_needs_the_permission(
    client, enterprise_a, district_a_officer
):
    attachment = add(enterprise_a, district_a_officer, confidential=True)
    client.force_login(district_a_officer)

    response = client.get(reverse("casework:attachment-download", args=[attachment.pk]))

    assert response.status_code == 403
    assert not records.history(attachment).filter(action="confidential.view").exists()


def test_every_view_of_a_confidential_attachment_is_recorded(
    client, enterprise_a, district_a_officer, district_a_leader
):
    # given: a leader allowed to see confidential files
    attachment = add(enterprise_a, district_a_officer, confidential=True)
    district_a_leader.user_permissions.add(
        Permission.objects.get(codename="view_confidential")
    )
    client.force_login(district_a_leader)
    url = reverse("casework:attachment-download", args=[attachment.pk])

    # when: opened twice
    first = client.get(url)
    second = client.get(url)

    # then
    assert first.status_code == second.status_code == 200
    assert first["Cache-Control"] == "private, no-store"
    views = records.history(attachment).filter(action="confidential.view")
    assert [record.actor_id for record in views] == [district_a_leader.pk] * 2
    assert records.payload_of(views[0])["data"] == {
        "target_type": "enterprises.enterprise",
        "target_id": enterprise_a.pk,
    }


def test_access_service_refuses_confidential_without_permission(
    enterprise_a, district_a_officer
):
    attachment = add(enterprise_a, district_a_officer, confidential=True)

    with pytest.raises(PermissionDenied):
        services.attachment_access(attachment=attachment, by=district_a_officer)
    with services.attachment_access(
        attachment=add(enterprise_a, district_a_officer, png("red")),
        by=district_a_officer,
    ) as handle:
        assert io.BytesIO(handle.read()).getvalue() == png("red")
