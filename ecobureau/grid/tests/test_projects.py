""" "Three simultaneities" projects: quarterly while building, monthly in trial
production, phone checks only before the works start (seed 002 附件1 二3)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from ecobureau.grid import selectors, services
from ecobureau.grid.models import Project, ProjectEvent
from ecobureau.lib.dates import SHANGHAI
from ecobureau.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(district_a_officer):
    return district_a_officer


@pytest.fixture
def project(cells, enterprises_a, officer):
    with time_machine.travel("2026-06-10 10:00 +0800", tick=False):
        return services.project_create(
            data=services.ProjectData(
                name="站前热电超低排放改造",
                enterprise=enterprises_a[0],
                eia_approval_no="鞍环审〔2026〕12号",
                eia_approved_on=date(2026, 6, 1),
                track=Project.Track.KEY,
                needs_supervision=True,
                supervision_org="示例环境监理公司",
            ),
            by=officer,
        )


def test_key_projects_report_quarterly_from_the_eia_approval(project):
    assert project.next_report_due == date(2026, 9, 1)
    assert project.next_check_due == date(2026, 9, 1)
    assert project.next_supervision_due == date(2026, 9, 1)


def test_phone_checks_until_the_works_start_then_on_site(project, officer):
    with time_machine.travel("2026-08-27 10:00 +0800", tick=False):
        services.project_event_add(
            project=project,
            kind=ProjectEvent.Kind.PHONE_CHECK,
            on=date(2026, 8, 20),
            summary="电话询问：尚未开工",
            by=officer,
        )
        assert project.next_check_due == date(2026, 11, 20)
        services.project_advance(
            project=project,
            phase=Project.Phase.CONSTRUCTION,
            on=date(2026, 8, 25),
            works_started=True,
            by=officer,
        )
        with pytest.raises(ValidationError, match="须现场检查"):
            services.project_event_add(
                project=project,
                kind=ProjectEvent.Kind.PHONE_CHECK,
                on=date(2026, 8, 26),
                summary="电话",
                by=officer,
            )


def test_trial_production_is_monthly_and_acceptance_ends_tracking(project, officer):
    with time_machine.travel("2026-11-01 10:00 +0800", tick=False):
        services.project_advance(
            project=project, phase=Project.Phase.TRIAL, on=date(2026, 11, 1), by=officer
        )
        assert (project.next_report_due, project.next_check_due) == (
            date(2026, 12, 1),
            date(2026, 12, 1),
        )
        assert project.next_supervision_due is None
        with pytest.raises(ValidationError, match="只能向后推进"):
            services.project_advance(
                project=project,
                phase=Project.Phase.DESIGN,
                on=date(2026, 11, 1),
                by=officer,
            )
        rates = selectors.project_rates(officer)
        assert (rates.due_acceptance, rates.accepted) == (1, 0)
        services.project_advance(
            project=project,
            phase=Project.Phase.ACCEPTED,
            on=date(2026, 11, 20),
            by=officer,
        )
    assert project.accepted_on == date(2026, 11, 20) and project.next_check_due is None
    rates = selectors.project_rates(officer)
    assert rates.acceptance_rate == 100


def test_officers_are_reminded_of_reports_and_checks_due(project, officer):
    assert (
        services.projects_remind(now=datetime(2026, 8, 28, 7, 30, tzinfo=SHANGHAI)) == 1
    )
    assert Notification.objects.filter(
        recipient=officer, title__contains="三同时"
    ).exists()
    # Not again within the week.
    assert (
        services.projects_remind(now=datetime(2026, 8, 30, 7, 30, tzinfo=SHANGHAI)) == 0
    )


def test_other_districts_do_not_see_the_project(
    client, project, district_b_officer, officer
):
    client.force_login(district_b_officer)
    assert (
        client.get(reverse("grid:project-detail", args=[project.pk])).status_code == 404
    )
    client.force_login(officer)
    assert (
        client.get(reverse("grid:project-detail", args=[project.pk])).status_code == 200
    )
