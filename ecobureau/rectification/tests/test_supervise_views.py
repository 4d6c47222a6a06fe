"""督办函、约谈、移送问题线索 and progress reports through the task and case
pages (B7, B16, B18): a refused form answers 400 with the page, what was typed
kept and the Chinese reason beside the form; a valid one redirects and writes
the row and its record entry; another district's officer never reaches them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ecobureau.core.models import Record

from ..models import ProgressReport, Supervision
from .conftest import make_case, make_task

pytestmark = pytest.mark.django_db


def test_clue_without_recipient_is_refused_with_the_text_kept(
    client, office_staff, district_a
):
    task = make_task(office_staff, district=district_a)
    client.force_login(office_staff)
    response = client.post(
        reverse("rectification:task-supervise", args=[task.pk]),
        {"kind": "clue", "reason": "责任单位整改不力涉嫌失职", "recipient": ""},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "移送问题线索须填写移送单位。" in page
    assert "责任单位整改不力涉嫌失职" in page  # the typed reason kept
    assert 'value="clue" selected' in page
    assert not Supervision.objects.exists()
    assert not Record.objects.filter(action__startswith="rectification.supervision")


def test_letter_with_recipient_and_public_letter_refused_on_case_page(
    client, office_staff, district_a
):
    case = make_case(office_staff, district=district_a)
    client.force_login(office_staff)
    url = reverse("rectification:case-supervise", args=[case.pk])
    response = client.post(
        url, {"kind": "letter", "reason": "进度滞后请说明", "recipient": "纪工委甲"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "只有移送问题线索需要填写移送单位。" in page
    assert "进度滞后请说明" in page and 'value="纪工委甲"' in page
    response = client.post(
        url, {"kind": "letter", "reason": "公开督办函", "public": "on"}
    )
    assert response.status_code == 400
    assert "只有约谈可以公开。" in response.content.decode()
    # a missing reason: the field's own error, the kind kept
    response = client.post(url, {"kind": "talk", "reason": ""})
    assert response.status_code == 400
    assert 'value="talk" selected' in response.content.decode()
    assert not Supervision.objects.exists()


def test_valid_supervision_redirects_and_records(client, office_staff, district_a):
    task = make_task(office_staff, district=district_a)
    case = make_case(office_staff, district=district_a)
    client.force_login(office_staff)
    response = client.post(
        reverse("rectification:task-supervise", args=[task.pk]),
        {
            "kind": "letter",
            "reason": "请于十日内报送进展",
            "reply_due_on": "2030-01-10",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("rectification:task-detail", args=[task.pk])
    response = client.post(
        reverse("rectification:case-supervise", args=[case.pk]),
        {"kind": "clue", "reason": "整改不力", "recipient": "纪工委"},
    )
    assert response.status_code == 302
    assert Supervision.objects.filter(task=task, kind="letter").count() == 1
    assert (
        Supervision.objects.filter(case=case, kind="clue", recipient="纪工委").count()
        == 1
    )
    assert Record.objects.filter(action="rectification.supervision_letter").count() == 1
    assert Record.objects.filter(action="rectification.supervision_clue").count() == 1


def test_progress_report_refused_then_accepted(
    client, office_staff, district_a, district_a_officer
):
    task = make_task(office_staff, district=district_a)
    case = make_case(office_staff, district=district_a)
    client.force_login(district_a_officer)
    response = client.post(
        reverse("rectification:case-progress", args=[case.pk]), {"text": "   "}
    )
    assert response.status_code == 400
    assert 'data-testid="progress-form"' in response.content.decode()
    long = "进" * 4001
    response = client.post(
        reverse("rectification:task-progress", args=[task.pk]), {"text": long}
    )
    assert response.status_code == 400
    assert long in response.content.decode()  # kept as typed
    assert not ProgressReport.objects.exists()
    response = client.post(
        reverse("rectification:task-progress", args=[task.pk]),
        {"text": "已拆除违建三处"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("rectification:case-progress", args=[case.pk]),
        {"text": "已约谈洗车点负责人"},
    )
    assert response.status_code == 302
    assert ProgressReport.objects.filter(task=task).count() == 1
    assert ProgressReport.objects.filter(case=case).count() == 1
    assert Record.objects.filter(action="rectification.progress_report").count() == 2


def test_handler_may_not_supervise(
    client, office_staff, district_a, district_a_officer
):
    task = make_task(office_staff, district=district_a)
    client.force_login(district_a_officer)
    response = client.post(
        reverse("rectification:task-supervise", args=[task.pk]),
        {"kind": "letter", "reason": "督办"},
    )
    assert response.status_code == 403
    assert not Supervision.objects.exists()


def test_another_district_reaches_none_of_the_forms(
    client, office_staff, district_a, district_b_officer
):
    task = make_task(office_staff, district=district_a)
    case = make_case(office_staff, district=district_a)
    client.force_login(district_b_officer)
    for name, pk, data in (
        ("task-supervise", task.pk, {"kind": "letter", "reason": "督办"}),
        ("case-supervise", case.pk, {"kind": "letter", "reason": "督办"}),
        ("task-progress", task.pk, {"text": "进展"}),
        ("case-progress", case.pk, {"text": "进展"}),
    ):
        response = client.post(reverse(f"rectification:{name}", args=[pk]), data)
        assert response.status_code in (403, 404), name
    assert not Supervision.objects.exists()
    assert not ProgressReport.objects.exists()
