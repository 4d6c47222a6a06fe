"""Correction orders (限期整改) for recordings: the legal section orders, the unit
reports, the legal section accepts or returns (全过程记录实施办法 第三十七条,
requirements A48)."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.casework import selectors, services
from ecobureau.casework.models import (
    Accountability,
    Clock,
    RecordingCorrection,
    WorkItem,
)
from ecobureau.core import records
from ecobureau.lib.dates import SHANGHAI

from .files_support import enterprise_target, media_root  # noqa: F401
from .test_recording_report import OCTOBER, record_audio

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("enterprise_target")]

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def late(clock, enterprise_a, district_a_officer):
    """A recording sub-bureau A stored three days after it was made."""
    return record_audio(
        enterprise_a,
        district_a_officer,
        captured_at=OCTOBER,
        stored_at=OCTOBER + timedelta(days=3),
    )


def issue(finding, by, days=10):
    return services.recording_correction_issue(
        finding_type="late_recording",
        finding_id=finding.pk,
        finding="音像记录逾期存储，请说明原因并完善存储制度。",
        deadline_days=days,
        by=by,
    )


def open_items(correction):
    return WorkItem.objects.filter(
        target_type="casework.recordingcorrection",
        target_id=correction.pk,
        state="open",
    )


@pytest.fixture
def correction(late, legal_officer):
    return issue(late, legal_officer)


# --- Services -------------------------------------------------------------------


def test_an_order_goes_to_the_unit_with_a_clock_in_days(
    correction, sub_bureau_a, legal_section, district_a, legal_officer
):
    assert (correction.status, correction.ordered_unit, correction.unit) == (
        "ordered",
        sub_bureau_a,
        sub_bureau_a,
    )
    assert (correction.issuing_unit, correction.district) == (legal_section, district_a)
    clock = Clock.objects.get(
        target_type="casework.recordingcorrection", target_id=correction.pk
    )
    assert (clock.amount, clock.unit, clock.step) == (10, "days", "ordered")
    assert clock.due_at == datetime(2026, 12, 2, 23, 59, 59, tzinfo=SHANGHAI)
    assert "第三十七条" in clock.basis
    (item,) = open_items(correction)
    assert (item.unit, item.assignee, item.clock) == (sub_bureau_a, None, clock)
    assert "音像记录限期整改" in item.title and "铁东分局" in item.title
    (created,) = records.history(correction).filter(
        action="casework.recordingcorrection.create"
    )
    assert created.actor_id == legal_officer.pk


def test_only_the_legal_section_orders(late, district_a_leader):
    with pytest.raises(PermissionDenied, match="法制科"):
        issue(late, district_a_leader)
    assert not RecordingCorrection.objects.exists()


def test_one_open_order_per_finding_and_a_sensible_deadline(
    correction, late, legal_officer
):
    with pytest.raises(ValidationError, match="尚未办结"):
        issue(late, legal_officer)
    with pytest.raises(ValidationError, match="1至90日"):
        services.recording_correction_withdraw(
            correction=correction, opinion="误发", by=legal_officer
        )
        issue(late, legal_officer, days=0)


def test_an_order_needs_a_real_finding(legal_officer, enterprise_a, district_a_officer):
    timely = record_audio(
        enterprise_a,
        district_a_officer,
        captured_at=OCTOBER,
        stored_at=OCTOBER + timedelta(hours=1),
    )
    with pytest.raises(ValidationError, match="未找到该问题"):
        issue(timely, legal_officer)


def test_the_unit_responds_and_the_legal_section_accepts(
    correction, district_a_officer, legal_officer, legal_section, clock
):
    clock.shift(timedelta(days=3))
    services.recording_correction_respond(
        correction=correction,
        response="已补传并建立每日下班前上传制度。",
        by=district_a_officer,
    )
    correction.refresh_from_db()
    assert correction.status == "responded" and correction.unit == legal_section
    assert Clock.objects.get(step="ordered").state == Clock.State.MET
    (item,) = open_items(correction)
    assert (item.step, item.unit) == ("responded", legal_section)

    services.recording_correction_accept(
        correction=correction, opinion="", by=legal_officer
    )
    correction.refresh_from_db()
    assert correction.status == "accepted" and correction.closed_at is not None
    assert correction.review_opinion == "整改到位，验收通过。"
    assert not open_items(correction).exists()
    actions = [
        entry.action.rsplit(".", 1)[1]
        for entry in records.history(correction).filter(
            action__startswith="casework.recordingcorrection."
        )
    ]
    assert actions == ["create", "respond", "accept"]


def test_only_the_ordered_unit_responds(
    correction, district_b_officer, legal_officer, district_a_officer
):
    for person in (district_b_officer, legal_officer):
        with pytest.raises(PermissionDenied, match="被责令整改的单位"):
            services.recording_correction_respond(
                correction=correction, response="已整改", by=person
            )
    with pytest.raises(ValidationError, match="整改情况"):
        services.recording_correction_respond(
            correction=correction, response=" ", by=district_a_officer
        )
    correction.refresh_from_db()
    assert correction.status == "ordered"


def test_only_the_legal_section_accepts(
    correction, district_a_officer, district_a_leader
):
    services.recording_correction_respond(
        correction=correction, response="已整改", by=district_a_officer
    )
    with pytest.raises(PermissionDenied):
        services.recording_correction_accept(
            correction=correction, opinion="", by=district_a_leader
        )


def test_a_returned_response_starts_a_new_deadline(
    correction, district_a_officer, legal_officer, sub_bureau_a, clock
):
    services.recording_correction_respond(
        correction=correction, response="已整改", by=district_a_officer
    )
    clock.shift(timedelta(days=1))
    with pytest.raises(ValidationError, match="退回须说明理由"):
        services.recording_correction_return(
            correction=correction, opinion="", by=legal_officer
        )

    services.recording_correction_return(
        correction=correction,
        opinion="未附制度文件。",
        by=legal_officer,
        deadline_days=5,
    )

    correction.refresh_from_db()
    assert (correction.status, correction.unit, correction.deadline_days) == (
        "ordered",
        sub_bureau_a,
        5,
    )
    running = Clock.objects.get(step="ordered", state=Clock.State.RUNNING)
    # five days from the 23rd end on Saturday the 28th: the limit moves to Monday
    assert running.due_at == datetime(2026, 11, 30, 23, 59, 59, tzinfo=SHANGHAI)
    (item,) = open_items(correction)
    assert (item.unit, item.clock) == (sub_bureau_a, running)


def test_a_late_response_counts_in_the_year_and_opens_a_follow_up(
    correction, district_a_officer, sub_bureau_a, clock
):
    clock.shift(timedelta(days=20))
    services.recording_correction_respond(
        correction=correction, response="已整改", by=district_a_officer
    )

    (row,) = [
        r
        for r in selectors.recording_findings_by_unit(2026)
        if r.unit_id == sub_bureau_a.pk
    ]
    assert (row.corrections, row.corrections_late) == (1, 1)
    assert Accountability.objects.filter(source_type="casework.clock").exists()


# --- Pages ----------------------------------------------------------------------


def test_the_legal_section_orders_from_the_report(client, late, legal_officer):
    client.force_login(legal_officer)
    new = reverse("casework:recording-correction-new")

    form = client.get(new, {"finding_type": "late_recording", "finding_id": late.pk})
    response = client.post(
        new,
        {
            "finding_type": "late_recording",
            "finding_id": late.pk,
            "finding": "逾期存储",
            "deadline_days": 7,
        },
    )

    assert form.status_code == 200 and "录制于2026-10-15 09:00" in form.content.decode()
    correction = RecordingCorrection.objects.get()
    assert response["Location"] == reverse(
        "casework:recording-correction-detail", args=[correction.pk]
    )
    assert correction.deadline_days == 7


def test_a_unit_without_the_permission_may_not_order(
    client, late, district_a_leader, citizen
):
    new = reverse("casework:recording-correction-new")
    data = {
        "finding_type": "late_recording",
        "finding_id": late.pk,
        "finding": "x",
        "deadline_days": 7,
    }
    for person in (district_a_leader, citizen):
        client.force_login(person)
        assert client.post(new, data).status_code == 403
    assert not RecordingCorrection.objects.exists()


def test_the_unit_responds_on_the_page(client, correction, district_a_officer):
    client.force_login(district_a_officer)
    page_url = reverse("casework:recording-correction-detail", args=[correction.pk])

    page = client.get(page_url).content.decode()
    response = client.post(
        page_url, {"transition": "respond", "response": "已补传并整改。"}
    )

    assert "报送整改情况" in page and "验收通过" not in page
    assert response.status_code == 302
    correction.refresh_from_db()
    assert correction.status == "responded"


def test_an_empty_response_is_shown_again(client, correction, district_a_officer):
    client.force_login(district_a_officer)
    page_url = reverse("casework:recording-correction-detail", args=[correction.pk])

    response = client.post(page_url, {"transition": "respond", "response": ""})

    assert (
        response.status_code == 400
        and "请先填写：整改情况" in response.content.decode()
    )


def test_the_order_is_hidden_from_other_districts_and_the_public(
    client, correction, district_b_officer, citizen, district_a_leader
):
    page_url = reverse("casework:recording-correction-detail", args=[correction.pk])
    client.force_login(district_b_officer)
    assert client.get(page_url).status_code == 404
    client.force_login(citizen)
    assert client.get(page_url).status_code == 403
    client.force_login(district_a_leader)
    assert client.get(page_url).status_code == 200


def test_the_legal_section_accepts_on_the_page(
    client, correction, district_a_officer, legal_officer
):
    services.recording_correction_respond(
        correction=correction, response="已整改", by=district_a_officer
    )
    client.force_login(legal_officer)
    page_url = reverse("casework:recording-correction-detail", args=[correction.pk])

    response = client.post(page_url, {"transition": "accept", "opinion": "同意"})

    assert response.status_code == 302
    correction.refresh_from_db()
    assert correction.status == "accepted"
