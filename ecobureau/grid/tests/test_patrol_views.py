"""The grid officer's phone flow through the pages: a patrol with GPS, a checklist
and a photo; a problem reported from it; the district sees and handles it."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from ecobureau.casework.models import Attachment
from ecobureau.core.models import Record
from ecobureau.grid.models import Patrol, Problem

from .conftest import photo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-11-23 10:30 +0800", tick=False):
        yield


def patrol_post(cell, **extra):
    data = {
        "cell": cell.pk,
        "kind": "routine",
        "started_at": "2026-11-23T09:40",
        "place": "站前街道胜利路与建设街交口",
        "latitude": "41.110500",
        "longitude": "123.010200",
        "accuracy_m": "12",
        "checklist_code": "general",
        "findings": "工地裸土未苫盖，有扬尘",
        "check_0": "ok",
        "check_1": "problem",
        "check_2": "ok",
        "check_3": "na",
        "check_4": "ok",
        "photos": [photo("扬尘1.png"), photo("扬尘2.png")],
    }
    data.update(extra)
    return data


def test_a_grid_officer_records_a_patrol_with_photos(client, cells, grid_officer):
    client.force_login(grid_officer)
    page = client.get(reverse("grid:patrol-new"))
    assert page.status_code == 200 and "获取当前位置" in page.content.decode()

    response = client.post(reverse("grid:patrol-new"), patrol_post(cells["210302001"]))

    patrol = Patrol.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("grid:patrol-detail", args=[patrol.pk])
    assert patrol.officer == grid_officer and patrol.problem_found
    assert str(patrol.latitude) == "41.110500" and patrol.accuracy_m == 12
    assert patrol.checklist[1] == {
        "item": "有无可见黑烟、黄烟或无组织排放",
        "result": "problem",
    }
    photos = Attachment.objects.filter(target_type="grid.patrol", target_id=patrol.pk)
    assert photos.count() == 2 and {a.kind for a in photos} == {"photo"}
    entry = Record.objects.get(action="grid.patrol_record")
    assert '"sha256"' in entry.payload and "胜利路" not in entry.payload


def test_a_bad_patrol_keeps_what_was_typed(client, cells, grid_officer):
    client.force_login(grid_officer)
    data = patrol_post(cells["210302001"], findings="", latitude="41.1")
    data.pop("longitude")
    response = client.post(reverse("grid:patrol-new"), data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "纬度和经度须同时填写" in text
    assert "站前街道胜利路与建设街交口" in text  # kept
    assert Patrol.objects.count() == 0


def test_a_problem_found_needs_findings(client, cells, grid_officer):
    client.force_login(grid_officer)
    response = client.post(
        reverse("grid:patrol-new"), patrol_post(cells["210302001"], findings="")
    )
    assert response.status_code == 400
    assert "请在发现情况中写明" in response.content.decode()
    assert Patrol.objects.count() == 0


def test_an_officer_cannot_patrol_a_cell_outside_their_scope(
    client, cells, grid_officer_a2
):
    client.force_login(grid_officer_a2)
    response = client.post(reverse("grid:patrol-new"), patrol_post(cells["210302001"]))
    assert response.status_code == 400  # the cell is not a valid choice for them
    assert Patrol.objects.count() == 0


def test_reported_problem_reaches_the_district_and_its_result_comes_back(
    client, cells, grid_officer, district_a_leader, district_b_officer, grid_officer_a2
):
    client.force_login(grid_officer)
    client.post(reverse("grid:patrol-new"), patrol_post(cells["210302001"]))
    patrol = Patrol.objects.get()
    url = reverse("grid:problem-new") + f"?patrol={patrol.pk}"
    assert "胜利路" in client.get(url).content.decode()  # prefilled from the patrol
    response = client.post(
        url,
        {
            "category": "dust",
            "description": "工地裸土未苫盖，大风扬尘",
            "place": patrol.place,
            "stopped": "on",
            "photos": [photo()],
        },
    )
    problem = Problem.objects.get()
    assert response.status_code == 302
    assert problem.patrol == patrol and problem.status == Problem.Status.REPORTED

    # The district sees it and accepts it.
    client.force_login(district_a_leader)
    listing = client.get(reverse("grid:problem-list")).content.decode()
    assert "工地裸土" not in listing and problem.cell.name in listing
    detail = reverse("grid:problem-detail", args=[problem.pk])
    assert client.get(detail).status_code == 200
    client.post(detail, {"transition": "accept"})
    problem.refresh_from_db()
    assert (
        problem.status == Problem.Status.HANDLING
        and problem.assignee == district_a_leader
    )
    # Closing without a result is refused and loses nothing.
    response = client.post(detail, {"transition": "close", "result": ""})
    assert "请先填写：处理结果" in response.content.decode()
    client.post(detail, {"transition": "close", "result": "已责令施工单位苫盖裸土"})
    problem.refresh_from_db()
    assert problem.status == Problem.Status.CLOSED

    # The result is fed back to the cell.
    client.force_login(grid_officer)
    assert "已责令施工单位苫盖裸土" in client.get(detail).content.decode()

    # Another district and another township see nothing of it.
    for person in (district_b_officer, grid_officer_a2):
        client.force_login(person)
        assert client.get(detail).status_code == 404
        assert (
            str(problem)
            not in client.get(reverse("grid:problem-list")).content.decode()
        )
