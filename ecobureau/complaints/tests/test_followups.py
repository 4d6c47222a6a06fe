"""Tracked follow-up (跟踪督办) of a hot spot (A82): opened from the hot-spot page
with a responsible unit and a deadline kept by a casework clock; the unit reports
progress; the supervisor closes it. People outside see nothing."""

import io
from datetime import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Clock, Document, WorkItem
from ecobureau.complaints import services
from ecobureau.complaints.models import FollowUp
from ecobureau.core.models import Record
from ecobureau.lib.dates import SHANGHAI

from .conftest import submit

pytestmark = pytest.mark.django_db
MON = datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI)  # Monday


@pytest.fixture
def hot(district_a, desk_officer):
    for n in range(3):
        submit(
            district=district_a,
            text=f"华信化工厂夜间排放刺鼻气味（第{n}次）",
            place=f"铁东区胜利路{n}号",
            enterprise_name="鞍山市华信化工有限公司",
            anonymous=True,
        )


def test_a_supervisor_opens_a_follow_up_from_a_hot_spot(
    client, hot, desk_officer, team
):
    client.force_login(desk_officer)
    spots = client.get(reverse("complaints:hotspots")).content.decode()
    assert "开启督办" in spots and "dimension=enterprise" in spots
    url = reverse("complaints:followup-new")
    form = client.get(
        url + "?dimension=enterprise&hotspot=鞍山市华信化工有限公司&days=90"
    )
    assert "群众反映集中问题：鞍山市华信化工有限公司" in form.content.decode()
    with time_machine.travel(MON, tick=False):
        response = client.post(
            url,
            {
                "title": "华信化工异味扰民",
                "dimension": "enterprise",
                "hotspot": "鞍山市华信化工有限公司",
                "unit": team.pk,
                "requirement": "查明异味来源，督促整改，每周报告进展",
                "days": 10,
                "window": 90,
            },
        )
    assert response.status_code == 302
    follow_up = FollowUp.objects.get()
    assert follow_up.status == "supervising" and follow_up.unit == team
    assert follow_up.complaints.count() == 3 == follow_up.complaint_count
    clock = Clock.objects.get(target_type="complaints.followup", target_id=follow_up.pk)
    assert (clock.amount, clock.unit) == (10, "workdays")
    assert follow_up.due_at == clock.due_at
    # 10 working days from Monday 2026-11-02: Monday 2026-11-16.
    assert clock.due_at.astimezone(SHANGHAI).date().isoformat() == "2026-11-16"
    assert WorkItem.objects.filter(
        target_type="complaints.followup", target_id=follow_up.pk, unit=team
    ).exists()


def test_bad_input_keeps_what_was_typed(client, desk_officer, team):
    client.force_login(desk_officer)
    response = client.post(
        reverse("complaints:followup-new"),
        {
            "title": "扬尘",
            "dimension": "category",
            "hotspot": "大气",
            "unit": team.pk,
            "requirement": "督促整改",
            "days": 0,
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "has-error" in page  # the field shows its (Chinese) error
    assert 'value="扬尘"' in page and "督促整改" in page
    assert not FollowUp.objects.exists()


def _open(desk_officer, team, hot=None):
    return services.follow_up_open(
        title="胜利路异味",
        dimension="place",
        hotspot="胜利路",
        unit=team,
        requirement="查明原因",
        days=5,
        by=desk_officer,
    )


def test_the_unit_reports_and_the_supervisor_closes(
    client, desk_officer, team, enforcement_officer
):
    follow_up = _open(desk_officer, team)
    detail = reverse("complaints:followup-detail", args=[follow_up.pk])
    client.force_login(enforcement_officer)
    assert (
        follow_up.title
        in client.get(reverse("complaints:followup-list")).content.decode()
    )
    assert client.get(detail).status_code == 200
    # Closing before any progress report is refused; the officer may not close.
    with pytest.raises(PermissionDenied):
        services.follow_up_close(
            follow_up=follow_up, closure_note="完成", by=enforcement_officer
        )
    with pytest.raises(ValidationError):
        services.follow_up_close(
            follow_up=follow_up, closure_note="完成", by=desk_officer
        )
    response = client.post(
        reverse("complaints:followup-report", args=[follow_up.pk]),
        {"text": "已查明为夜间清洗反应釜，已责令加装收集设施"},
    )
    assert response.status_code == 302
    empty = client.post(
        reverse("complaints:followup-report", args=[follow_up.pk]), {"text": ""}
    )
    assert empty.status_code == 400
    client.force_login(desk_officer)
    blank = client.post(
        reverse("complaints:followup-close", args=[follow_up.pk]), {"closure_note": ""}
    )
    assert blank.status_code == 400
    response = client.post(
        reverse("complaints:followup-close", args=[follow_up.pk]),
        {"closure_note": "收集设施已投用，回访群众满意"},
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.status == "closed" and follow_up.closed_at is not None
    clock = Clock.objects.get(target_type="complaints.followup", target_id=follow_up.pk)
    assert clock.state == Clock.State.MET
    actions = set(
        Record.objects.filter(
            target_type="complaints.followup", target_id=follow_up.pk
        ).values_list("action", flat=True)
    )
    assert {
        "complaints.followup.create",
        "complaints.followup.report",
        "complaints.followup.close",
    } <= actions
    page = client.get(detail).content.decode()
    assert "已办结销号" in page and "收集设施已投用" in page


def test_people_outside_the_follow_up_see_nothing(
    client,
    desk_officer,
    team,
    district_b_officer,
    department_handler,
    citizen,
    enforcement_officer,
):
    follow_up = _open(desk_officer, team)
    detail = reverse("complaints:followup-detail", args=[follow_up.pk])
    for person in (district_b_officer, department_handler):
        client.force_login(person)
        assert client.get(detail).status_code == 404
        assert (
            follow_up.title
            not in client.get(reverse("complaints:followup-list")).content.decode()
        )
        with pytest.raises(PermissionDenied):
            services.follow_up_report(follow_up=follow_up, text="x", by=person)
    client.force_login(citizen)
    assert client.get(detail).status_code in (403, 404)
    client.logout()
    assert client.get(detail).status_code in (302, 403, 404)
    # Only supervisors open follow-ups.
    client.force_login(enforcement_officer)
    assert client.get(reverse("complaints:followup-new")).status_code == 403


def test_the_supervisor_issues_the_letter_once(
    client, desk_officer, team, enforcement_officer, district_b_officer
):
    follow_up = _open(desk_officer, team)
    detail = reverse("complaints:followup-detail", args=[follow_up.pk])
    letter = reverse("complaints:followup-letter", args=[follow_up.pk])
    client.force_login(enforcement_officer)  # the responsible unit reads, not issues
    assert 'data-testid="issue-letter"' not in client.get(detail).content.decode()
    client.post(letter)
    assert not Document.objects.filter(kind="complaint_followup_letter").exists()
    client.force_login(district_b_officer)
    assert client.post(letter).status_code == 404

    client.force_login(desk_officer)
    assert 'data-testid="issue-letter"' in client.get(detail).content.decode()
    assert client.post(letter).status_code == 302
    document = Document.objects.get(kind="complaint_followup_letter")
    assert document.title == "跟踪督办函" and "督" in document.reference
    assert Record.objects.filter(
        action="document.issue",
        target_type="complaints.followup",
        target_id=str(follow_up.pk),
    ).exists()
    with casework_services.attachment_open(document.attachment) as handle:
        content = handle.read()
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    flat = "".join(text.split())
    assert team.name in flat and "查明原因" in flat and "5个工作日" in flat
    page = client.get(detail).content.decode()
    assert document.reference in page and 'data-testid="issue-letter"' not in page
    again = client.post(letter, follow=True).content.decode()
    assert "本督办事项已制发督办函" in again
    assert Document.objects.filter(kind="complaint_followup_letter").count() == 1
