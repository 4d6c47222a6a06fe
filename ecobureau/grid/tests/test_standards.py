"""C22: each level sets its own time limits and standards for patrolling,
reporting and handling; the problem clocks use the handling level's limits (the
settings only when no level has set any); a cell not patrolled within its
period is flagged; the neighbour can neither see nor change them."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.casework.models import Clock
from ecobureau.core.models import Record
from ecobureau.grid import checklists, selectors, services
from ecobureau.grid.models import CellStandard, Problem
from ecobureau.lib.dates import SHANGHAI

pytestmark = pytest.mark.django_db
VALUES = {
    "patrol_days": 3,
    "report_hours": 12,
    "accept_workdays": 1,
    "handle_workdays": 7,
    "transfer_workdays": 4,
    "work_report_day": 3,
}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-11-23 10:00 +0800", tick=False):
        yield


def set_standard(cell, by, **changes):
    return services.standard_set(
        cell=cell,
        values={**VALUES, **changes},
        standards="巡查全覆盖，问题当日上报",
        rewards_penalties="年度考核优秀的通报表扬",
        by=by,
    )


def report(cell, by):
    return services.problem_report(
        data=services.ProblemData(
            cell=cell,
            category=Problem.Category.DUST,
            description="工地裸土未苫盖",
            place="胜利路",
            stopped=False,
        ),
        by=by,
    )


def test_the_handling_level_sets_the_limits_the_clocks_use(
    cells, district_a_leader, grid_officer
):
    township = cells["210302001"]
    first = report(township, grid_officer)  # no level has set any: settings
    clock = Clock.objects.get(target_type="grid.problem", target_id=first.pk)
    assert clock.amount == 2  # GRID_PROBLEM_ACCEPT_WORKDAYS default

    set_standard(cells["210302"], district_a_leader)
    assert Record.objects.filter(action="grid.standard_set").count() == 1
    second = report(township, grid_officer)
    clock = Clock.objects.get(target_type="grid.problem", target_id=second.pk)
    assert (clock.amount == 1 and "铁东" in clock.basis) or clock.amount == 1
    assert "网格工作时限与标准" in clock.basis
    services.problem_act(problem=second, transition="accept", by=district_a_leader)
    handling = Clock.objects.filter(
        target_type="grid.problem", target_id=second.pk, step="handling"
    ).get()
    assert handling.amount == 7
    effective = selectors.effective_standard(township)
    assert effective.transfer_workdays == 4 and effective.patrol_days == 3


def test_a_level_below_follows_unless_it_sets_its_own_and_a_change_is_recorded(
    cells, district_a_leader, township_official
):
    set_standard(cells["210302"], district_a_leader)
    assert selectors.effective_standard(cells["210302001"]).patrol_days == 3
    set_standard(cells["210302001"], township_official, patrol_days=2)
    assert selectors.effective_standard(cells["210302001"]).patrol_days == 2
    assert selectors.effective_standard(cells["210302002"]).patrol_days == 3
    set_standard(cells["210302001"], township_official, patrol_days=5)
    assert CellStandard.objects.filter(cell=cells["210302001"]).count() == 1
    last = Record.objects.filter(action="grid.standard_set").order_by("-seq").first()
    assert last is not None and '"patrol_days":2' in last.payload.replace(" ", "")


def test_bad_values_get_a_chinese_error_and_change_nothing(cells, district_a_leader):
    for changes, message in (
        ({"patrol_days": 0}, "巡查周期应在1至90之间"),
        ({"work_report_day": 31}, "工作情况上报日应在1至28之间"),
    ):
        with pytest.raises(ValidationError, match=message):
            set_standard(cells["210302"], district_a_leader, **changes)
    with pytest.raises(ValidationError, match="工作标准"):
        services.standard_set(
            cell=cells["210302"],
            values=VALUES,
            standards=" ",
            rewards_penalties="x",
            by=district_a_leader,
        )
    assert not CellStandard.objects.exists()
    assert not Record.objects.filter(action="grid.standard_set").exists()


def test_only_that_levels_heads_and_never_the_neighbour(
    client, cells, township_official, grid_officer, district_b_officer, grid_officer_a2
):
    with pytest.raises(PermissionDenied):  # the township cannot set the district's
        set_standard(cells["210302"], township_official)
    with pytest.raises(PermissionDenied):  # a grid officer is not a head
        set_standard(cells["210302001"], grid_officer)
    for outsider in (district_b_officer, grid_officer_a2):
        with pytest.raises(PermissionDenied):
            set_standard(cells["210302001"], outsider)
        client.force_login(outsider)
        url = reverse("grid:cell-standard", args=[cells["210302001"].pk])
        assert client.get(url).status_code in (403, 404)
    assert not CellStandard.objects.exists()


def test_a_township_not_patrolled_within_its_period_is_flagged(
    client, cells, district_a_leader, grid_officer
):
    township = cells["210302001"]
    set_standard(cells["210302"], district_a_leader)
    with time_machine.travel("2026-11-19 09:00 +0800", tick=False):
        services.patrol_record(
            data=services.PatrolData(
                cell=township,
                kind="routine",
                started_at=datetime(2026, 11, 19, 9, 0, tzinfo=SHANGHAI),
                place="胜利路",
                checklist_code="general",
                answers=dict.fromkeys(checklists.CHECKLISTS["general"].items, "ok"),
                findings="",
            ),
            photos=[],
            by=grid_officer,
        )
    lapsed = {
        cell.pk: days for cell, _, days in selectors.patrol_lapses(district_a_leader)
    }
    assert lapsed.get(township.pk) == 3  # 4 days since, period 3
    assert cells["210302002"].pk in lapsed  # never patrolled
    services.standard_set(
        cell=township,
        values={**VALUES, "patrol_days": 7},
        standards="周巡查",
        rewards_penalties="通报",
        by=district_a_leader,
    )
    after = {cell.pk for cell, _, _ in selectors.patrol_lapses(district_a_leader)}
    assert township.pk not in after
    client.force_login(district_a_leader)
    body = client.get(reverse("grid:index")).content.decode()
    assert "超过巡查周期未巡查" in body


def test_the_page_saves_and_refuses_bad_input(client, cells, district_a_leader):
    client.force_login(district_a_leader)
    url = reverse("grid:cell-standard", args=[cells["210302"].pk])
    assert "未设定" in client.get(url).content.decode()
    bad = {**VALUES, "handle_workdays": 0, "standards": "a", "rewards_penalties": "b"}
    response = client.post(url, bad)
    assert response.status_code == 400 and not CellStandard.objects.exists()
    good = {**VALUES, "standards": "a", "rewards_penalties": "b"}
    assert client.post(url, good).status_code == 302
    assert CellStandard.objects.get().handle_workdays == 7
