"""Enforcement staff, grid officers and the public never see a reporter's identity:
not in a page, an export, the API or a PDF. The reward handlers see it on
request, and every view is recorded without the identity (实施细则 第十一条)."""

import io

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from ecobureau.casework import services as casework
from ecobureau.casework.models import Attachment, Document
from ecobureau.core.models import Record
from ecobureau.lib import identity_crypto
from ecobureau.rewards import keyring, services
from ecobureau.rewards.models import Reporter

from .conftest import KEY_1, ZHANG, register

pytestmark = pytest.mark.django_db
SECRETS = ("张建国", "210302198001011234", "13800000011", "6222000011112222")


def _clean(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, secret


def _pdf(content: bytes) -> str:
    return "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(content)).pages
    ).replace("\n", "")


@pytest.fixture
def notified(handler, team, team_officer, section_head, city_leader):
    report = register(handler)
    services.report_dispatch(report=report, unit=team, by=handler)
    services.report_survey(report=report, note="查实", by=team_officer)
    services.report_penalty(
        report=report, decided_on=timezone.localdate(), categories=[4], by=handler
    )
    approval = services.report_propose(report=report, by=handler, reasons="")
    casework.approval_review(approval=approval, opinion="同意", by=section_head)
    casework.approval_decide(
        approval=approval, decision="approve", opinion="同意", by=city_leader
    )
    services.report_after_approval(report=report, by=handler)
    services.report_notify(
        report=report, service="publication", served_on=timezone.localdate(), by=handler
    )
    return report


def test_the_handling_team_sees_the_case_but_never_the_reporter(
    client, notified, team_officer
):
    client.force_login(team_officer)
    for url in (reverse("rewards:list"), reverse("rewards:detail", args=[notified.pk])):
        response = client.get(url)
        assert response.status_code == 200
        _clean(response.content.decode())
    assert (
        "张**"
        in client.get(reverse("rewards:detail", args=[notified.pk])).content.decode()
    )
    api = client.get(f"/api/rewards/{notified.pk}")
    assert api.status_code == 200 and api.json()["reporters"][0]["name"] == "张**"
    _clean(api.content.decode())
    # Every stored PDF of the case, as they download it.
    for document in Document.objects.filter(
        target_id=notified.pk, target_type="rewards.rewardreport"
    ):
        response = client.get(
            reverse("casework:attachment-download", args=[document.attachment_id])
        )
        assert response.status_code == 200
        _clean(_pdf(b"".join(response.streaming_content)))
    # The identity page and the identified PDFs are not theirs.
    assert (
        client.post(
            reverse("rewards:identity", args=[notified.pk]), {"purpose": "核实"}
        ).status_code
        == 403
    )
    assert (
        client.get(
            reverse("rewards:identified-pdf", args=[notified.pk, "reward_notice"])
        ).status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        services.identity_reveal(report=notified, by=team_officer, purpose="核实")


def test_grid_officers_and_the_public_see_nothing_but_the_publication(
    client, notified, grid_officer, citizen, district_b_officer
):
    for person in (grid_officer, citizen, district_b_officer):
        client.force_login(person)
        assert client.get(
            reverse("rewards:detail", args=[notified.pk])
        ).status_code in (403, 404)
        assert client.get(f"/api/rewards/{notified.pk}").status_code == 404
        _clean(client.get("/api/rewards/").content.decode())
    client.logout()
    page = client.get(reverse("rewards:publications"))
    assert page.status_code == 200 and notified.registration_no in page.content.decode()
    _clean(page.content.decode())
    # Nor are the case's files reachable for them.
    attachment = Attachment.objects.filter(
        target_id=notified.pk, target_type="rewards.rewardreport"
    )[0]
    client.force_login(grid_officer)
    assert (
        client.get(
            reverse("casework:attachment-download", args=[attachment.pk])
        ).status_code
        == 404
    )


def test_a_handler_sees_the_identity_and_the_view_is_recorded_without_it(
    client, notified, handler
):
    client.force_login(handler)
    response = client.post(
        reverse("rewards:identity", args=[notified.pk]), {"purpose": "发放奖金前核对"}
    )
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "张建国" in page and "210302198001011234" in page
    view = Record.objects.filter(action="confidential.view").latest("seq")
    assert view.actor_id == handler.pk and view.target_id == str(notified.pk)
    _clean(view.payload)
    pdf = client.get(
        reverse("rewards:identified-pdf", args=[notified.pk, "reward_notice"])
    )
    assert pdf.status_code == 200
    assert "张建国" in _pdf(pdf.content)
    assert Record.objects.filter(action="confidential.view").count() == 2
    # Not stored: the case's files still hold only the masked copy.
    for stored in Attachment.objects.filter(kind="document"):
        _clean(_pdf(casework.blob_path(stored.blob).read_bytes()))


def test_a_purpose_is_required(client, notified, handler):
    client.force_login(handler)
    response = client.post(
        reverse("rewards:identity", args=[notified.pk]), {"purpose": ""}
    )
    assert response.status_code == 400
    assert not Record.objects.filter(action="confidential.view").exists()


def test_key_rotation_keeps_everything_readable_and_findable(settings, handler):
    report = register(handler)
    new = identity_crypto.generate_key("k2")
    settings.REWARD_IDENTITY_KEY = f"{new}\n{KEY_1}"
    # During the rotation, before the re-encryption, the same reporter is found.
    again = register(handler, party="华信化工", reporters=[ZHANG])
    assert Reporter.objects.count() == 1 and again.duplicate_of == report
    assert services.identities_rotate() == 1
    reporter = Reporter.objects.get()
    assert reporter.key_version == "k2" and reporter.name_enc.startswith("k2:")
    settings.REWARD_IDENTITY_KEY = new  # the old key retired
    revealed = services.identity_reveal(report=report, by=handler, purpose="核对")
    assert revealed[0].id_number == ZHANG.id_number
    assert (
        identity_crypto.blind_index(keyring.ring(), ZHANG.id_number, field="id_number")
        == reporter.id_index
    )


def test_production_needs_its_own_key(settings):
    settings.REWARD_IDENTITY_KEY = ""
    settings.ENVIRONMENT = "production"
    with pytest.raises(ImproperlyConfigured):
        keyring.ring()
