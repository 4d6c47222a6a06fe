"""Joint meetings every six months, campaigns, training and the annual evaluation."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.grid import selectors, services
from ecobureau.grid.models import Campaign, CellEvaluation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-11-22 10:00 +0800", tick=False):
        yield


def test_meetings_hand_out_tasks_and_the_next_is_due_in_six_months(
    cells, city_leader, department
):
    city = cells["210300"]
    meeting = services.meeting_schedule(
        cell=city,
        title="2026年下半年网格化环境监管联席会议",
        scheduled_on=date(2026, 7, 10),
        convener="领导小组副组长（受组长委托）",
        agenda="通报上半年网格运行情况；部署秋冬季大气污染防治",
        by=city_leader,
    )
    services.meeting_record(
        meeting=meeting,
        held_on=date(2026, 7, 10),
        decisions="各部门按职责开展扬尘专项检查",
        tasks=[
            services.TaskData(
                unit=department, task="建筑工地扬尘检查", due_on=date(2026, 9, 30)
            )
        ],
        by=city_leader,
    )
    assert meeting.tasks.count() == 1
    assert selectors.next_meeting_due(city) == date(2027, 1, 10)
    with pytest.raises(ValidationError, match="已记录"):
        services.meeting_record(
            meeting=meeting,
            held_on=date(2026, 7, 11),
            decisions="x",
            tasks=[],
            by=city_leader,
        )


def test_campaigns_publish_their_results(
    client, cells, city_leader, department, enterprises_a
):
    campaign = services.campaign_create(
        data=services.CampaignData(
            cell=cells["210300"],
            name="国庆期间大气污染防治联合执法",
            kind=Campaign.Kind.HOLIDAY,
            scope="重点企业、建筑工地",
            starts_on=date(2026, 9, 25),
            ends_on=date(2026, 10, 8),
            departments=[department],
            enterprises=enterprises_a[:3],
        ),
        by=city_leader,
    )
    assert "国庆期间" not in client.get(reverse("grid:public-cells")).content.decode()
    services.campaign_conclude(
        campaign=campaign,
        results="检查企业3家，发现问题1个，已整改",
        publish=True,
        by=city_leader,
    )
    assert (
        "国庆期间大气污染防治联合执法"
        in client.get(reverse("grid:public-cells")).content.decode()
    )


def test_evaluation_self_then_upper(
    cells, grid_officer, township_official, district_a_leader
):
    from ecobureau.accounts.tests.factories import role

    cell = cells["210302001"]
    evaluation = services.evaluation_self(
        cell=cell,
        year=2026,
        grade="good",
        comment="全年巡查正常开展",
        by=township_official,
    )
    assert (
        evaluation.figures["staff"] == 1
        and evaluation.suggested_grade in CellEvaluation.Grade.values
    )
    # The township cannot evaluate itself as the level above.
    with pytest.raises(PermissionDenied):
        services.evaluation_upper(
            evaluation=evaluation,
            grade="excellent",
            comment="自己评",
            by=township_official,
        )
    district_a_leader.roles.add(role("sub_bureau_head"))
    services.evaluation_upper(
        evaluation=evaluation,
        grade="pass",
        comment="人员不足2人，需补充",
        by=district_a_leader,
    )
    evaluation.refresh_from_db()
    assert (
        evaluation.status == CellEvaluation.Status.ASSESSED
        and evaluation.upper_grade == "pass"
    )


def test_training_is_recorded_for_the_cell_people(
    cells, grid_officer, township_official
):
    training = services.training_record(
        cell=cells["210302001"],
        held_on=date(2026, 11, 20),
        subject="网格巡查要点与问题上报",
        attendees=[grid_officer],
        by=township_official,
    )
    assert list(training.attendees.all()) == [grid_officer]
