"""The evidence upload page for any registered object (全过程记录实施办法
第三十二条 for the recording times)."""

from datetime import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ecobureau.casework.models import Attachment
from ecobureau.core import records
from ecobureau.lib.dates import SHANGHAI

from .files_support import MP3, enterprise_target, media_root, png  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("enterprise_target")]

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=SHANGHAI)
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def upload_url(obj):
    return reverse(
        "casework:attachment-upload", args=["enterprises.enterprise", obj.pk]
    )


def photo(name="现场照片.png"):
    return SimpleUploadedFile(name, png(), content_type="image/png")


def test_the_form_is_shown_to_a_handler_of_the_object(
    client, enterprise_a, district_a_officer
):
    client.force_login(district_a_officer)

    response = client.get(upload_url(enterprise_a))

    page = response.content.decode()
    assert response.status_code == 200
    assert "录制时间" in page and "回到本单位时间" in page and "涉及国家秘密" in page


def test_a_photo_is_stored_and_the_user_goes_back(
    client, enterprise_a, district_a_officer
):
    client.force_login(district_a_officer)

    response = client.post(
        upload_url(enterprise_a),
        {"kind": "photo", "file": photo(), "note": "厂区东侧", "next": "/enterprises/"},
    )

    assert response.status_code == 302 and response["Location"] == "/enterprises/"
    attachment = Attachment.objects.get()
    assert (attachment.target_id, attachment.kind, attachment.note) == (
        enterprise_a.pk,
        "photo",
        "厂区东侧",
    )
    assert attachment.uploaded_by == district_a_officer
    (entry,) = records.history(enterprise_a).filter(action="attachment.add")
    assert entry.actor_id == district_a_officer.pk


def test_an_unsafe_next_goes_to_the_object_instead(
    client, enterprise_a, district_a_officer
):
    client.force_login(district_a_officer)

    response = client.post(
        upload_url(enterprise_a),
        {"kind": "photo", "file": photo(), "next": "https://evil.example/"},
    )

    assert response["Location"] == f"/enterprises/{enterprise_a.pk}/"


def test_htmx_gets_the_updated_list(client, enterprise_a, district_a_officer):
    client.force_login(district_a_officer)

    response = client.post(
        upload_url(enterprise_a),
        {"kind": "photo", "file": photo("东侧排口.png")},
        headers=HTMX,
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="attachments"' in page and "东侧排口.png" in page
    assert "<html" not in page


def test_a_recording_with_its_times_is_checked_against_24_hours(
    client, enterprise_a, district_a_officer
):
    client.force_login(district_a_officer)

    client.post(
        upload_url(enterprise_a),
        {
            "kind": "audio",
            "file": SimpleUploadedFile("询问.mp3", MP3),
            "captured_at": "2026-11-18T09:00",
            "returned_at": "2026-11-21T18:00",
        },
    )

    attachment = Attachment.objects.get()
    assert attachment.captured_at == datetime(2026, 11, 18, 9, 0, tzinfo=SHANGHAI)
    assert attachment.storage_due_at == datetime(2026, 11, 22, 18, 0, tzinfo=SHANGHAI)
    assert attachment.late is False


def test_a_recording_without_its_time_is_refused_with_the_fields_kept(
    client, enterprise_a, district_a_officer
):
    client.force_login(district_a_officer)

    response = client.post(
        upload_url(enterprise_a),
        {
            "kind": "video",
            "file": SimpleUploadedFile("现场.mp4", b"x"),
            "note": "夜间检查",
        },
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "录音录像须填写录制时间。" in page
    assert 'value="夜间检查"' in page and 'value="video" selected' in page
    assert not Attachment.objects.exists()


def test_the_services_refusals_are_shown_on_the_form(
    client, settings, enterprise_a, district_a_officer
):
    client.force_login(district_a_officer)

    wrong_type = client.post(
        upload_url(enterprise_a),
        {"kind": "audio", "file": photo("录音.mp3"), "captured_at": "2026-11-22T09:00"},
    )
    settings.UPLOAD_MAX_BYTES = 10
    too_big = client.post(
        upload_url(enterprise_a), {"kind": "photo", "file": photo(), "note": "留存"}
    )

    assert wrong_type.status_code == 400
    assert "文件类型不符：录音只接受" in wrong_type.content.decode()
    assert "文件过大：最大10字节" in too_big.content.decode()
    assert 'value="留存"' in too_big.content.decode()
    assert not Attachment.objects.exists()


def test_htmx_refusals_come_back_as_the_form(client, enterprise_a, district_a_officer):
    client.force_login(district_a_officer)

    response = client.post(
        upload_url(enterprise_a),
        {"kind": "audio", "file": SimpleUploadedFile("a.mp3", MP3)},
        headers=HTMX,
    )

    assert response.status_code == 200
    assert response["HX-Retarget"] == "#upload-form"
    assert response["HX-Reswap"] == "outerHTML"
    assert "录音录像须填写录制时间" in response.content.decode()


def test_upload_is_refused_outside_scope(client, enterprise_a, district_b_officer):
    client.force_login(district_b_officer)

    response = client.post(upload_url(enterprise_a), {"kind": "photo", "file": photo()})

    assert response.status_code == 404
    assert not Attachment.objects.exists()


def test_upload_is_refused_without_the_permission_and_to_the_public(
    client, enterprise_a, township_official, citizen, enterprise_user_a
):
    for person in (township_official, citizen, enterprise_user_a):
        client.force_login(person)
        response = client.post(
            upload_url(enterprise_a), {"kind": "photo", "file": photo()}
        )
        assert response.status_code == 403, person
    assert not Attachment.objects.exists()


def test_unregistered_objects_take_no_uploads(client, district_a_officer):
    client.force_login(district_a_officer)

    response = client.get(
        reverse("casework:attachment-upload", args=["accounts.user", 1])
    )

    assert response.status_code == 403


def test_the_attachment_list_links_to_the_upload_page(
    rf, enterprise_a, district_a_officer, township_official
):
    from django.template.loader import render_to_string

    from ecobureau.casework import selectors_files

    def render_for(user):
        request = rf.get("/enterprises/1/")
        request.user = user
        return render_to_string(
            "casework/_attachment_list.html",
            {
                "attachments": [],
                "upload_url": selectors_files.attachment_upload_url(enterprise_a),
            },
            request=request,
        )

    assert f"{upload_url(enterprise_a)}?next=/enterprises/1/" in render_for(
        district_a_officer
    )
    assert upload_url(enterprise_a) not in render_for(township_official)
