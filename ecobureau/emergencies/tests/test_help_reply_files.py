"""The enterprise attaches files to its reply on its own help record: checked for
number, size and type, stored as casework attachments of the reply, downloadable
by the enterprise itself and by staff who see the record — nobody else."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from ecobureau.accounts.models import User
from ecobureau.casework.models import Attachment
from ecobureau.core import records
from ecobureau.core.models import Record
from ecobureau.emergencies.models import EnterpriseHelp, HelpReply
from ecobureau.enterprises.models import EnterpriseAccount

from .test_enterprise_help_pages import _help

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TEXT = "附上企业自行监测报告和现场照片。"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def help_a(duty_officer, district_a_officer, enterprise_a, district_a):
    """Enterprise A's open help record; 铁东分局's officer helps."""
    return _help(
        duty_officer, district_a_officer, enterprise_a, district_a, "华信偷排视频"
    )


def _post(client: Client, record: EnterpriseHelp, *files: SimpleUploadedFile):
    return client.post(
        reverse("emergencies:my-help-reply", args=[record.pk]),
        {"text": TEXT, "attachments": list(files)},
    )


def _upload(client: Client, record: EnterpriseHelp, user: User) -> Attachment:
    client.force_login(user)
    response = _post(client, record, SimpleUploadedFile("监测报告.pdf", PDF))
    assert response.status_code == 302
    client.logout()
    return Attachment.objects.get()


def _my_url(record: EnterpriseHelp, attachment: Attachment) -> str:
    return reverse("emergencies:my-help-file", args=[record.pk, attachment.pk])


def _staff_url(record: EnterpriseHelp, attachment: Attachment) -> str:
    return reverse("emergencies:help-file", args=[record.pk, attachment.pk])


def test_the_enterprise_attaches_files_both_sides_download_them(
    client: Client,
    enterprise_user_a: User,
    duty_officer: User,
    district_a_officer: User,
    help_a: EnterpriseHelp,
) -> None:
    client.force_login(enterprise_user_a)
    page = client.get(reverse("emergencies:my-help-detail", args=[help_a.pk]))
    assert 'enctype="multipart/form-data"' in page.content.decode()

    response = _post(
        client,
        help_a,
        SimpleUploadedFile("监测报告.pdf", PDF),
        SimpleUploadedFile("现场.png", _png()),
    )

    assert response.status_code == 302
    reply = HelpReply.objects.get()
    files = list(Attachment.objects.order_by("pk"))
    assert [(f.name, f.target_type, f.target_id) for f in files] == [
        ("监测报告.pdf", "emergencies.helpreply", reply.pk),
        ("现场.png", "emergencies.helpreply", reply.pk),
    ]
    assert [f.uploaded_by for f in files] == [enterprise_user_a] * 2
    entry = Record.objects.get(action="emergencies.help.reply")
    assert records.payload_of(entry)["data"]["after"]["files"] == [f.pk for f in files]
    assert records.verify() == (Record.objects.count(), None)
    # the enterprise sees and downloads its files
    body = client.get(
        reverse("emergencies:my-help-detail", args=[help_a.pk])
    ).content.decode()
    assert _my_url(help_a, files[0]) in body and "监测报告.pdf" in body
    download = client.get(_my_url(help_a, files[0]))
    assert download.status_code == 200
    assert download.getvalue() == PDF
    assert download["Content-Disposition"].startswith("attachment")
    # staff who see the record: listed in the timeline, downloadable
    for user in (duty_officer, district_a_officer):
        client.force_login(user)
        body = client.get(help_a.get_absolute_url()).content.decode()
        assert _staff_url(help_a, files[1]) in body
        download = client.get(_staff_url(help_a, files[1]))
        assert download.status_code == 200
        assert download.getvalue() == _png()


def test_refused_files_answer_400_keep_the_text_and_store_nothing(
    client: Client, settings, enterprise_user_a: User, help_a: EnterpriseHelp
) -> None:
    client.force_login(enterprise_user_a)
    # a program renamed to .pdf: the type is decided from the content
    response = _post(client, help_a, SimpleUploadedFile("报告.pdf", b"MZ\x90\x00" * 50))
    body = response.content.decode()
    assert response.status_code == 400
    assert "类型不符" in body and TEXT in body
    # too many
    many = [SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(6)]
    response = _post(client, help_a, *many)
    assert (
        response.status_code == 400 and "最多上传5个附件" in response.content.decode()
    )
    # too large (the limit is a setting)
    settings.EMERGENCY_HELP_FILE_MAX_BYTES = 20
    response = _post(client, help_a, SimpleUploadedFile("大.pdf", PDF))
    body = response.content.decode()
    assert response.status_code == 400 and "过大" in body and TEXT in body
    # an empty file
    settings.EMERGENCY_HELP_FILE_MAX_BYTES = 20 * 1024 * 1024
    response = _post(client, help_a, SimpleUploadedFile("空.pdf", b""))
    assert response.status_code == 400
    assert not HelpReply.objects.exists() and not Attachment.objects.exists()


def test_who_must_not_download(
    client: Client,
    help_a: EnterpriseHelp,
    enterprise_user_a: User,
    enterprise_user_b: User,
    citizen: User,
    duty_officer: User,
    district_b_officer: User,
    enterprise_b,
    district_b,
) -> None:
    attachment = _upload(client, help_a, enterprise_user_a)
    mine, staff = _my_url(help_a, attachment), _staff_url(help_a, attachment)
    # anonymous: to the log-in
    for url in (mine, staff):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
    # another enterprise: not its record (404), not a staff page (403)
    client.force_login(enterprise_user_b)
    assert client.get(mine).status_code == 404
    assert client.get(staff).status_code == 403
    # ... nor through its own record's address
    help_b = _help(duty_officer, district_b_officer, enterprise_b, district_b, "B")
    assert client.get(_my_url(help_b, attachment)).status_code == 404
    # a citizen: neither page
    client.force_login(citizen)
    assert client.get(mine).status_code == 403
    assert client.get(staff).status_code == 403
    # staff of another district: the record is not theirs (404); staff never use
    # the enterprise's page (403)
    client.force_login(district_b_officer)
    assert client.get(staff).status_code == 404
    client.force_login(duty_officer)
    assert client.get(mine).status_code == 403
    # a file of another object is not a reply file of this record
    assert client.get(_staff_url(help_b, attachment)).status_code == 404
    # enterprise A's account once no longer verified
    EnterpriseAccount.objects.filter(user=enterprise_user_a).update(verified=False)
    client.force_login(enterprise_user_a)
    assert client.get(mine).status_code == 403
