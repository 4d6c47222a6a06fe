"""C24: a campaign (专项行动) shows the checks planned under it, their results,
and its publication; the checks are inspection tasks linked to the campaign."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.core import records
from ecobureau.core.models import Record
from ecobureau.grid import selectors, services
from ecobureau.grid.models import Campaign, InspectionTask

from .conftest import make_inspectors

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-11-23 10:00 +0800", tick=False):
        yield


@pytest.fixture
def campaign(cells, city_leader, department, enterprises_a):
    return services.campaign_create(
        data=services.CampaignData(
            cell=cells["210300"],
            name="冬季燃煤锅炉专项检查",
            kind=Campaign.Kind.CITY,
            scope="燃煤锅炉、脱硫设施运行",
            starts_on=date(2026, 11, 20),
            ends_on=date(2026, 12, 10),
            departments=[department],
            enterprises=enterprises_a[:2],
        ),
        by=city_leader,
    )


def test_checks_are_linked_shown_counted_and_published(
    client, campaign, cells, enterprises_a, enforcement_head, team, city_leader
):
    services.supervision_sync(by=None)
    inspectors = make_inspectors(team, 2)
    first = services.campaign_task_add(
        campaign=campaign,
        enterprise=enterprises_a[0],
        inspectors=inspectors,
        due_by=date(2026, 12, 5),
        by=enforcement_head,
    )
    services.campaign_task_add(
        campaign=campaign,
        enterprise=enterprises_a[3],  # not yet a target: added
        inspectors=inspectors,
        due_by=date(2026, 12, 5),
        by=enforcement_head,
    )
    assert first.kind == InspectionTask.Kind.CAMPAIGN
    assert (first.source_type, first.source_id) == ("grid.campaign", str(campaign.pk))
    assert campaign.enterprises.filter(pk=enterprises_a[3].pk).exists()
    assert Record.objects.filter(action="grid.campaign_task_add").count() == 2
    services.task_complete(
        task=first,
        done_on=date(2026, 11, 23),
        result="脱硫塔停运，已立案",
        by=inspectors[0],
    )
    assert selectors.campaign_task_figures(campaign) == {
        "planned": 2,
        "done": 1,
        "open": 1,
        "overdue": 0,
    }
    client.force_login(city_leader)
    page = client.get(reverse("grid:campaign-detail", args=[campaign.pk]))
    body = page.content.decode()
    assert "脱硫塔停运，已立案" in body and "已安排2家次，已完成1" in body
    task_page = client.get(reverse("grid:task-detail", args=[first.pk]))
    assert reverse("grid:campaign-detail", args=[campaign.pk]) in (
        task_page.content.decode()
    )
    services.campaign_conclude(
        campaign=campaign, results="检查2家，立案1家", publish=True, by=city_leader
    )
    entry = Record.objects.get(action="grid.campaign_conclude")
    assert records.payload_of(entry)["data"]["tasks"]["done"] == 1
    assert (
        "检查2家，立案1家" in client.get(reverse("grid:public-cells")).content.decode()
    )
    with pytest.raises(ValidationError, match="已公开"):
        services.campaign_task_add(
            campaign=campaign,
            enterprise=enterprises_a[1],
            inspectors=inspectors,
            due_by=date(2026, 12, 5),
            by=enforcement_head,
        )


def test_a_check_due_outside_the_period_is_refused(
    campaign, enterprises_a, enforcement_head, team
):
    with pytest.raises(ValidationError, match="行动期间内"):
        services.campaign_task_add(
            campaign=campaign,
            enterprise=enterprises_a[0],
            inspectors=make_inspectors(team, 2),
            due_by=date(2026, 12, 31),
            by=enforcement_head,
        )
    assert not InspectionTask.objects.exists()
    assert not Record.objects.filter(action="grid.campaign_task_add").exists()


def test_another_district_neither_sees_nor_plans(
    client, campaign, enterprises_a, district_b_officer, grid_officer_a2, team
):
    for outsider in (district_b_officer, grid_officer_a2):
        client.force_login(outsider)
        url = reverse("grid:campaign-detail", args=[campaign.pk])
        assert client.get(url).status_code in (403, 404)
        with pytest.raises(PermissionDenied):
            services.campaign_task_add(
                campaign=campaign,
                enterprise=enterprises_a[0],
                inspectors=make_inspectors(team, 2, start=10),
                due_by=date(2026, 12, 5),
                by=outsider,
            )
    assert not InspectionTask.objects.exists()


def test_the_page_plans_a_check(
    client, campaign, enterprises_a, enforcement_head, team
):
    inspectors = make_inspectors(team, 2)
    client.force_login(enforcement_head)
    url = reverse("grid:campaign-detail", args=[campaign.pk])
    response = client.post(
        url,
        {
            "form": "task",
            "enterprise": enterprises_a[0].credit_code,
            "inspectors": [p.pk for p in inspectors],
            "due_by": "2026-12-20",
        },
    )
    assert "行动期间内" in response.content.decode()
    client.post(
        url,
        {
            "form": "task",
            "enterprise": enterprises_a[0].credit_code,
            "inspectors": [p.pk for p in inspectors],
            "due_by": "2026-12-01",
        },
    )
    assert selectors.campaign_tasks(enforcement_head, campaign).count() == 1
