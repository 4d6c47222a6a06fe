"""The notice period before publication (公示) and the objection answer clock
(rules.md §2.1: “public notice for 15 days, with objections re-checked and
answered”; national periods NOT CONFIRMED → settings, 示例配置)."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.casework.models import Accountability, Clock
from ecobureau.core.models import Record
from ecobureau.credit import selectors, selectors_notice, services
from ecobureau.credit.models import Objection
from ecobureau.lib.dates import SHANGHAI

from .conftest import move, pdf
from .test_year_flow import seed_records

pytestmark = pytest.mark.django_db


def on(y: int, m: int, d: int) -> time_machine.travel:
    return time_machine.travel(datetime(y, m, d, 9, 0, tzinfo=SHANGHAI), tick=False)


def reported(evaluation, credit_officer, prescorer):
    services.commitment_submit(evaluation=evaluation, file=pdf(), by=credit_officer)
    services.evaluation_prescore(evaluation=evaluation, note="初审", by=prescorer)
    for step in ("review", "consult"):
        move(evaluation, step, by=credit_officer)
    evaluation.refresh_from_db()
    assert evaluation.status == "reported"
    return evaluation


def test_without_notice_period_publish_directly_and_objection_clock(
    client,
    evaluations,
    credit_officer,
    district_a_officer,
    enterprise_user_a,
    enterprise_a,
    settings,
):
    """Default CREDIT_NOTICE_DAYS = 0: no 公示 step (refused, no button), publish
    as before; an objection after publication runs a 10-working-day answer clock
    (示例配置), flagged overdue on the evaluation and index pages, answered late."""
    assert selectors_notice.notice_days() == 0
    seeded = seed_records(enterprise_a, district_a_officer)
    with on(2026, 11, 2):
        evaluation = reported(evaluations["a"], credit_officer, district_a_officer)
        client.force_login(credit_officer)
        page = client.get(reverse("credit:evaluation", args=[evaluation.pk]))
        assert 'data-testid="form-announce"' not in page.content.decode()
        assert 'data-testid="form-publish"' in page.content.decode()
        with pytest.raises(ValidationError, match="未设定公示期"):
            services.evaluation_move(
                evaluation=evaluation,
                transition="announce",
                note="",
                by=credit_officer,
            )
        services.evaluation_move(
            evaluation=evaluation, transition="publish", note="", by=credit_officer
        )
    with on(2026, 11, 5):  # Thursday
        objection = services.objection_submit(
            evaluation=evaluation,
            text="该投诉经复查不属实",
            record_ref=f"complaints.complaint:{seeded['complaint'].pk}",
            by=enterprise_user_a,
        )
    assert not objection.during_notice
    clock = Clock.objects.get(target_type="credit.objection", target_id=objection.pk)
    # 10 working days from 5 Nov, the day itself not counted: 6, 9–13, 16–19 Nov
    assert clock.unit == "workdays" and clock.amount == 10
    assert clock.due_at.astimezone(SHANGHAI).date() == date(2026, 11, 19)
    assert "示例配置" in clock.basis
    with on(2026, 11, 19):
        client.force_login(credit_officer)  # sessions expire across travelled days
        page = client.get(reverse("credit:evaluation", args=[evaluation.pk]))
        text = page.content.decode()
        assert "答复期限：2026-11-19" in text
        assert 'data-testid="objection-overdue"' not in text
        assert not client.get(reverse("credit:index")).context["objections_overdue"]
    with on(2026, 11, 20):
        client.force_login(credit_officer)
        page = client.get(reverse("credit:evaluation", args=[evaluation.pk]))
        assert 'data-testid="objection-overdue"' in page.content.decode()
        index = client.get(reverse("credit:index"))
        assert [o.pk for o in index.context["objections_overdue"]] == [objection.pk]
        assert "1件信用评价异议已超过答复期限未答复" in index.content.decode()
        # staff who may not answer objections are not shown the list
        assert not selectors_notice.overdue_objections_for_user(district_a_officer)
        services.objection_decide(
            objection=objection, upheld=False, decision="经核实属实", by=credit_officer
        )
        assert not client.get(reverse("credit:index")).context["objections_overdue"]
    clock.refresh_from_db()
    assert clock.state == Clock.State.MISSED
    assert Accountability.objects.filter(source_id=clock.pk).exists()
    entry = Record.objects.get(action="credit.objection.decide")
    assert json.loads(entry.payload)["data"]["late"] is True


def test_notice_period_objection_before_final(
    client,
    evaluations,
    credit_officer,
    district_a_officer,
    enterprise_user_a,
    enterprise_user_b,
    enterprise_a,
    settings,
):
    """CREDIT_NOTICE_DAYS = 15: publish waits for the 公示; the enterprise objects
    during it (not another enterprise, not after it); publication waits for the
    end and the answer; the public sees nothing until then."""
    settings.CREDIT_NOTICE_DAYS = 15
    seeded = seed_records(enterprise_a, district_a_officer)
    ref = f"complaints.complaint:{seeded['complaint'].pk}"
    with on(2026, 11, 2):  # Monday
        evaluation = reported(evaluations["a"], credit_officer, district_a_officer)
        assert evaluation.score == Decimal("91")
        with pytest.raises(ValidationError, match="公示15日"):
            services.evaluation_move(
                evaluation=evaluation, transition="publish", note="", by=credit_officer
            )
        with pytest.raises(PermissionDenied):
            services.evaluation_move(
                evaluation=evaluation,
                transition="announce",
                note="",
                by=district_a_officer,
            )
        client.force_login(credit_officer)
        response = client.post(
            reverse("credit:evaluation", args=[evaluation.pk]),
            {"action": "announce", "n-note": "公示"},
        )
        assert response.status_code == 302
        evaluation.refresh_from_db()
        assert evaluation.status == "noticed"
        assert evaluation.notice_start == date(2026, 11, 2)
        assert evaluation.notice_end == date(2026, 11, 17)
        assert Record.objects.filter(action="credit.evaluation.notice").exists()
        assert selectors.evaluation_list_public() == []  # not final, not public
    with on(2026, 11, 5):
        # another enterprise cannot object to A's result (page: 404)
        client.force_login(enterprise_user_b)
        response = client.post(
            reverse("credit:mine-detail", args=[evaluation.pk]),
            {"action": "objection", "o-text": "x", "o-record_ref": ""},
        )
        assert response.status_code == 404
        client.force_login(enterprise_user_a)
        page = client.get(reverse("credit:mine-detail", args=[evaluation.pk]))
        assert 'data-testid="objection-form"' in page.content.decode()
        response = client.post(
            reverse("credit:mine-detail", args=[evaluation.pk]),
            {
                "action": "objection",
                "o-text": "该投诉经复查不属实",
                "o-record_ref": ref,
            },
        )
        assert response.status_code == 302
        objection = Objection.objects.get(evaluation=evaluation)
        assert objection.during_notice
        client.force_login(credit_officer)
        page = client.get(reverse("credit:evaluation", args=[evaluation.pk]))
        text = page.content.decode()
        assert "2026-11-02 — 2026-11-17" in text
        assert "公示期内提出" in text
        assert "公示期至2026-11-17，期满后方可公布" in text
    with on(2026, 11, 18):
        with pytest.raises(ValidationError, match="不在公示期内"):
            services.objection_submit(
                evaluation=evaluation, text="再次异议", by=enterprise_user_a
            )
        with pytest.raises(ValidationError, match="尚有1件异议未答复"):
            services.evaluation_move(
                evaluation=evaluation, transition="publish", note="", by=credit_officer
            )
        services.objection_decide(
            objection=objection,
            upheld=True,
            decision="复查不属实，予以更正",
            by=credit_officer,
        )
        evaluation.refresh_from_db()
        assert evaluation.score == Decimal("93")  # corrected before it is final
        services.evaluation_move(
            evaluation=evaluation, transition="publish", note="公布", by=credit_officer
        )
    evaluation.refresh_from_db()
    assert evaluation.status == "published"
    assert [e.pk for e in selectors.evaluation_list_public()] == [evaluation.pk]
    clock = Clock.objects.get(target_type="credit.objection", target_id=objection.pk)
    assert clock.state == Clock.State.MET


def test_publish_early_in_notice_refused(
    evaluations, credit_officer, district_a_officer, settings
):
    settings.CREDIT_NOTICE_DAYS = 15
    with on(2026, 11, 2):
        evaluation = reported(evaluations["a"], credit_officer, district_a_officer)
        services.evaluation_move(
            evaluation=evaluation, transition="announce", note="", by=credit_officer
        )
    with (
        on(2026, 11, 17),  # the last day of the notice
        pytest.raises(ValidationError, match="期满后方可公布"),
    ):
        services.evaluation_move(
            evaluation=evaluation, transition="publish", note="", by=credit_officer
        )
    with on(2026, 11, 18):
        services.evaluation_move(
            evaluation=evaluation, transition="publish", note="", by=credit_officer
        )
    evaluation.refresh_from_db()
    assert evaluation.status == "published"
