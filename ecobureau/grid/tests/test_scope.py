"""Who sees which cell: a township's officer their own cell, a district its cells,
the city everything; another district and the public nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from ecobureau.grid import checklists, selectors

pytestmark = pytest.mark.django_db


def test_a_township_officer_sees_only_their_cell(client, cells, grid_officer):
    mine, neighbour = cells["210302001"], cells["210302002"]
    visible = set(selectors.cell_list_for_user(grid_officer))
    assert visible == {mine}
    client.force_login(grid_officer)
    page = client.get(reverse("grid:index"))
    assert page.status_code == 200
    text = page.content.decode()
    assert mine.name in text and neighbour.name not in text and "铁东区网格" not in text
    assert client.get(reverse("grid:cell-detail", args=[mine.pk])).status_code == 200
    assert (
        client.get(reverse("grid:cell-detail", args=[neighbour.pk])).status_code == 404
    )
    district = cells["210302"]
    assert (
        client.get(reverse("grid:cell-detail", args=[district.pk])).status_code == 404
    )


def test_a_district_sees_its_cells_and_nothing_of_the_other(
    client, cells, district_a_leader, district_b_officer
):
    assert set(selectors.cell_list_for_user(district_a_leader)) == {
        cells["210302"],
        cells["210302001"],
        cells["210302002"],
    }
    client.force_login(district_b_officer)
    for code in ("210302", "210302001", "210300"):
        url = reverse("grid:cell-detail", args=[cells[code].pk])
        assert client.get(url).status_code == 404
    assert (
        client.get(reverse("grid:cell-detail", args=[cells["210303"].pk])).status_code
        == 200
    )


def test_the_city_sees_every_cell(cells, city_leader):
    assert selectors.cell_list_for_user(city_leader).count() == len(cells)


def test_the_public_and_enterprises_get_no_staff_page(
    client, cells, citizen, enterprise_user_a
):
    url = reverse("grid:cell-detail", args=[cells["210302001"].pk])
    assert client.get(url).status_code == 302  # to the log-in page
    for person in (citizen, enterprise_user_a):
        client.force_login(person)
        assert client.get(url).status_code == 403
        assert client.get(reverse("grid:index")).status_code == 403


def test_the_cell_list_runs_a_fixed_number_of_queries(
    client, cells, city_leader, django_assert_max_num_queries
):
    client.force_login(city_leader)
    client.get(reverse("grid:index"))  # warm the session and permission caches
    # 14 for the list, at most 4 more for the patrol-lapse check (C22).
    with django_assert_max_num_queries(18):
        response = client.get(reverse("grid:index"))
    assert response.status_code == 200


def test_the_city_sees_patrols_problems_and_tasks_of_others(
    cells, grid_officer, city_leader, enforcement_head, inspectors, enterprises_a
):
    """A city-wide scope is an empty filter; OR-ing it with "or my own" must not
    narrow it to "my own" (regression)."""
    from datetime import date

    from ecobureau.grid import services

    patrol = services.patrol_record(
        data=services.PatrolData(
            cell=cells["210302001"],
            kind="routine",
            started_at=timezone.now(),
            place="胜利路",
            checklist_code="general",
            answers=dict.fromkeys(checklists.CHECKLISTS["general"].items, "ok"),
        ),
        by=grid_officer,
    )
    problem = services.problem_report(
        data=services.ProblemData(
            cell=patrol.cell, category="air", description="异味", place="胜利路"
        ),
        by=grid_officer,
    )
    task = services.task_create(
        enterprise=enterprises_a[0],
        kind="complaint",
        inspectors=inspectors[:2],
        due_by=date(2026, 12, 31),
        by=enforcement_head,
        source=("complaints.complaint", "1"),
    )
    assert selectors.patrol_list_for_user(city_leader).filter(pk=patrol.pk).exists()
    assert selectors.problem_list_for_user(city_leader).filter(pk=problem.pk).exists()
    assert selectors.task_list_for_user(enforcement_head).filter(pk=task.pk).exists()
    assert selectors.task_list_for_user(inspectors[0]).filter(pk=task.pk).exists()
