"""D18: the rural environmental improvement target-responsibility system — the
level above sets yearly targets with a responsible person, the township reports
progress, and at the year end the level above scores each target and the grade
is recorded; the neighbour sees none of it."""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from ecobureau.core.models import Record
from ecobureau.grid import selectors, services
from ecobureau.grid.models import RuralAssessment, RuralTarget

pytestmark = pytest.mark.django_db


def target(cell, by, title="农村生活污水治理", weight=60, year=2026) -> RuralTarget:
    return services.rural_target_set(
        data=services.TargetData(
            cell=cell,
            year=year,
            title=title,
            target="行政村生活污水治理率达到40%",
            weight=weight,
            responsible_name="孙主任",
            responsible_post="街道办事处主任",
        ),
        by=by,
    )


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-06-15 10:00 +0800", tick=False):
        yield


def test_targets_progress_and_the_year_end_assessment(
    cells, district_a_leader, township_official
):
    township = cells["210302001"]
    water = target(township, district_a_leader)
    waste = target(township, district_a_leader, title="农村垃圾集中处理", weight=40)
    assert water.upper_cell == cells["210302"]
    services.rural_progress_report(
        target=water,
        on=water.created_at.date(),
        percent=30,
        note="完成3个行政村管网",
        by=township_official,
    )
    water.refresh_from_db()
    assert water.progress_percent == 30 and "管网" in water.progress_note
    with pytest.raises(ValidationError, match="12月"):
        services.rural_assess(
            cell=township,
            year=2026,
            scores={water.pk: (Decimal(50), ""), waste.pk: (Decimal(30), "")},
            remarks="完成较好",
            by=district_a_leader,
        )
    with time_machine.travel("2026-12-20 10:00 +0800", tick=False):
        with pytest.raises(ValidationError, match="农村垃圾集中处理"):
            services.rural_assess(  # every target must be scored
                cell=township,
                year=2026,
                scores={water.pk: (Decimal(50), "")},
                remarks="完成较好",
                by=district_a_leader,
            )
        with pytest.raises(ValidationError, match="0至40"):
            services.rural_assess(
                cell=township,
                year=2026,
                scores={water.pk: (Decimal(50), ""), waste.pk: (Decimal(45), "")},
                remarks="完成较好",
                by=district_a_leader,
            )
        with pytest.raises(PermissionDenied):  # the township cannot assess itself
            services.rural_assess(
                cell=township,
                year=2026,
                scores={water.pk: (Decimal(60), ""), waste.pk: (Decimal(40), "")},
                remarks="自评",
                by=township_official,
            )
        assessment = services.rural_assess(
            cell=township,
            year=2026,
            scores={
                water.pk: (Decimal("50.5"), "管网覆盖不足"),
                waste.pk: (Decimal(35), ""),
            },
            remarks="基本完成年度目标",
            by=district_a_leader,
        )
        assert assessment.total_score == Decimal("85.5")
        assert assessment.full_score == 100
        assert assessment.grade == RuralAssessment.Grade.GOOD
        water.refresh_from_db()
        assert water.score == Decimal("50.5") and water.score_note == "管网覆盖不足"
        with pytest.raises(ValidationError, match="已考核"):
            services.rural_progress_report(
                target=water,
                on=assessment.assessed_on,
                percent=100,
                note="补报",
                by=township_official,
            )
        with pytest.raises(ValidationError, match="已考核"):
            target(township, district_a_leader, title="补下达")
    assert Record.objects.filter(action="grid.rural_assess").count() == 1
    assert Record.objects.filter(action="grid.rural_target_set").count() == 2
    assert services.grade_for(Decimal("59.9")) == RuralAssessment.Grade.FAIL
    assert services.grade_for(Decimal("90")) == RuralAssessment.Grade.EXCELLENT


def test_only_the_level_above_sets_targets_and_bad_input_is_refused(
    cells, district_a_leader, township_official
):
    township = cells["210302001"]
    with pytest.raises(PermissionDenied):
        target(township, township_official)
    with pytest.raises(ValidationError, match="1至100"):
        target(township, district_a_leader, weight=0)
    with pytest.raises(PermissionDenied):  # another district: not its level above
        target(cells["210303"], district_a_leader)
    water = target(township, district_a_leader)
    with pytest.raises(ValidationError, match="0至100"):
        services.rural_progress_report(
            target=water,
            on=water.created_at.date(),
            percent=120,
            note="x",
            by=township_official,
        )


def test_the_neighbour_sees_nothing_and_the_pages_work(
    client,
    cells,
    district_a_leader,
    township_official,
    district_b_officer,
    grid_officer_a2,
):
    township = cells["210302001"]
    water = target(township, district_a_leader)
    for outsider in (district_b_officer, grid_officer_a2):
        assert not selectors.rural_target_list_for_user(outsider).exists()
    with pytest.raises(Http404):
        selectors.cell_get_for_user(district_b_officer, township.pk)
    page = reverse("grid:rural-cell", args=[township.pk, 2026])
    client.force_login(district_b_officer)
    assert client.get(page).status_code == 404
    client.force_login(township_official)
    index = client.get(reverse("grid:rural-index")).content.decode()
    summary = index.split('data-testid="rural-summary"')[1].split("</table>")[0]
    assert "站前街道网格" in summary and "未考核" in summary
    assert "农村生活污水治理" in client.get(page).content.decode()
    kept = client.post(
        page,
        {
            "form": "progress",
            "target": water.pk,
            "on": "2026-06-15",
            "percent": "",
            "note": "完成两村",
        },
    )
    assert kept.status_code == 400 and "完成两村" in kept.content.decode()
    done = client.post(
        page,
        {
            "form": "progress",
            "target": water.pk,
            "on": "2026-06-15",
            "percent": "45",
            "note": "完成两村",
        },
    )
    assert done.status_code == 302
    water.refresh_from_db()
    assert water.progress_percent == 45
    client.force_login(district_a_leader)
    body = client.get(page).content.decode()
    assert "下达整治目标" in body and "年终考核评分" in body
    made = client.post(
        page,
        {
            "form": "target",
            "title": "畜禽养殖污染治理",
            "target": "规模养殖场粪污处理设施配套率100%",
            "weight": "20",
            "responsible_name": "孙主任",
        },
    )
    assert made.status_code == 302
    assert RuralTarget.objects.filter(cell=township).count() == 2
    with time_machine.travel("2026-12-20 10:00 +0800", tick=False):
        client.force_login(district_a_leader)  # six months on: a new session
        targets = list(RuralTarget.objects.filter(cell=township))
        data = {"form": "assess", "remarks": "完成"}
        for t in targets:
            data[f"score_{t.pk}"] = str(t.weight)
        response = client.post(page, data)
        assert response.url == page
    assert RuralAssessment.objects.get(cell=township).grade == "excellent"
