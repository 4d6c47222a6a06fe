"""Nobody sees another applicant's application, files or documents; staff see
only their data scope; the applicant's own page and lists stay cheap."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from ecobureau.casework.models import Document

from .helpers import act, login, submitted

NIGHT = {
    "project": "站前综合体",
    "site": "铁东区站前街1号",
    "starts_on": date(2026, 12, 20),
    "ends_on": date(2026, 12, 24),
    "hours": "22:00至次日2:00",
}


@pytest.fixture
def application_a(catalogue, enterprise_user_a, window):
    with time_machine.travel("2026-11-23 09:00 +0800", tick=False):
        application = submitted(
            enterprise_user_a,
            "night-construction",
            condition="生产工艺要求",
            answers=NIGHT,
        )
        act(application, "accept", window)
    return application


@pytest.mark.django_db
def test_another_applicant_never_sees_the_files(
    client, application_a, enterprise_user_b, citizen
):
    file = application_a.files.first()
    document = Document.objects.get(
        target_id=application_a.pk, kind="acceptance_notice"
    )
    urls = [
        reverse("permits:my-application", args=[application_a.pk]),
        reverse("permits:my-file", args=[application_a.pk, file.pk]),
        reverse("permits:my-document", args=[application_a.pk, document.pk]),
    ]
    for person in (enterprise_user_b, citizen):
        login(client, person)
        for url in urls:
            assert client.get(url).status_code == 404, (person, url)
        assert (
            application_a.number
            not in client.get(reverse("permits:my-applications")).content.decode()
        )


@pytest.mark.django_db
def test_the_public_cannot_open_staff_pages_or_staff_downloads(
    client, application_a, enterprise_user_a
):
    file = application_a.files.first()
    login(client, enterprise_user_a)
    assert (
        client.get(
            reverse("permits:application-detail", args=[application_a.pk])
        ).status_code
        == 403
    )
    assert (
        client.get(
            reverse("casework:attachment-download", args=[file.attachment_id])
        ).status_code
        == 403
    )


@pytest.mark.django_db
def test_the_applicant_downloads_their_own_file_and_notice(
    client, application_a, enterprise_user_a
):
    file = application_a.files.first()
    document = Document.objects.get(
        target_id=application_a.pk, kind="acceptance_notice"
    )
    login(client, enterprise_user_a)
    content = client.get(reverse("permits:my-file", args=[application_a.pk, file.pk]))
    assert content.status_code == 200 and b"".join(
        content.streaming_content
    ).startswith(b"%PDF")
    notice = client.get(
        reverse("permits:my-document", args=[application_a.pk, document.pk])
    )
    assert notice.status_code == 200 and notice["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_staff_list_is_scoped_and_its_queries_are_pinned(
    client, application_a, air_staff, district_b_officer, django_assert_num_queries
):
    login(client, district_b_officer)
    assert (
        application_a.number
        not in client.get(reverse("permits:application-list")).content.decode()
    )
    login(client, air_staff)
    with django_assert_num_queries(12):
        page = client.get(reverse("permits:application-list")).content.decode()
    assert application_a.number in page


@pytest.mark.django_db
def test_my_list_queries_are_pinned(
    client, application_a, enterprise_user_a, django_assert_num_queries
):
    login(client, enterprise_user_a)
    with django_assert_num_queries(7):
        page = client.get(reverse("permits:my-applications")).content.decode()
    assert application_a.number in page
