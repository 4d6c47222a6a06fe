"""Cells on the division tree, their five fixes, people and letters, and what the
portal publishes (seed 002 四(一), 四(二), 四(五)1)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.core.models import Record
from ecobureau.grid import services
from ecobureau.grid.models import GridCell, GridMember, ResponsibilityLetter

from .conftest import photo

pytestmark = pytest.mark.django_db


def fill_fixes(cell: GridCell, by) -> None:
    services.cell_update(
        cell=cell,
        values={
            "area_text": "站前街道行政区域",
            "duties_text": "对辖区污染源定期检查，发现违法及时制止、上报",
            "tasks_text": "每周巡查不少于两次",
            "rewards_text": "纳入街道年度考核",
        },
        by=by,
    )


def test_cells_hang_on_the_division_tree(cells, gov_a1):
    city, district, township = cells["210300"], cells["210302"], cells["210302001"]
    assert (city.level, district.level, township.level) == (1, 2, 3)
    assert township.parent == district and district.parent == city
    assert township.responsible_unit == gov_a1
    assert (township.district.code, township.township.code) == ("210302", "210302001")
    assert services.cells_build(by=None) == []  # safe to run again


def test_a_key_unit_grid_supervised_by_level_one(cells, city_leader):
    township = cells["210302001"]
    grid = services.unit_grid_create(
        data=services.UnitGridData(
            name="站前化工集中区重点监管单元网格",
            code="G210302001-K01",
            kind=GridCell.Kind.KEY_AREA,
            parent=township,
            supervising_level=1,
            key_reason=GridCell.KeyReason.DENSE,
        ),
        by=city_leader,
    )
    assert grid.level == 3 and grid.supervising_level == 1 and grid.parent == township
    with pytest.raises(ValidationError, match="重点监管理由"):
        services.unit_grid_create(
            data=services.UnitGridData(
                name="x",
                code="G-X",
                kind=GridCell.Kind.KEY_AREA,
                parent=township,
                supervising_level=3,
            ),
            by=city_leader,
        )


def test_a_cell_is_published_only_when_its_five_fixes_are_complete(
    client, cells, township_official
):
    cell = cells["210302001"]
    with pytest.raises(ValidationError, match="定人员（第一责任人）"):
        services.cell_publish(cell=cell, by=township_official)
    fill_fixes(cell, township_official)
    services.member_add(
        cell=cell,
        data=services.MemberData(
            role=GridMember.Role.FIRST_RESPONSIBLE,
            name="孙主任",
            title="街道办事处主任",
            phone="0412-5550100",
            since=date(2026, 1, 1),
        ),
        by=township_official,
    )
    services.member_add(
        cell=cell,
        data=services.MemberData(
            role=GridMember.Role.PUBLIC_SUPERVISOR,
            name="李大爷",
            phone="13900001111",
            organisation="胜利社区",
            since=date(2026, 1, 1),
            publish=False,
        ),
        by=township_official,
    )
    with pytest.raises(ValidationError, match="已有第一责任人"):
        services.member_add(
            cell=cell,
            data=services.MemberData(
                role="first", name="另一人", since=date(2026, 2, 1)
            ),
            by=township_official,
        )
    services.cell_publish(cell=cell, by=township_official)
    assert Record.objects.filter(action="grid.cell_publish").exists()

    # The public page: cell, people, phone (四(五)1) — but not an unpublished supervisor.
    page = client.get(reverse("grid:public-cells")).content.decode()
    assert "站前街道网格" in page and "孙主任" in page and "0412-5550100" in page
    assert "13900001111" not in page and "李大爷" not in page
    assert "解放街道网格" not in page  # not published
    detail = client.get(reverse("grid:public-cell", args=[cell.pk]))
    assert detail.status_code == 200 and "每周巡查不少于两次" in detail.content.decode()
    unpublished = client.get(reverse("grid:public-cell", args=[cells["210302002"].pk]))
    assert unpublished.status_code == 404


def test_a_township_cannot_maintain_a_neighbour(cells, township_official):
    with pytest.raises(PermissionDenied):
        fill_fixes(cells["210302002"], township_official)


def test_letters_are_signed_between_a_level_and_the_one_below(
    cells, district_a_leader, township_official
):
    from ecobureau.accounts.tests.factories import role

    district_a_leader.roles.add(role("section_head"))  # manage_grid
    district, township = cells["210302"], cells["210302001"]
    letter = services.letter_create(
        year=2026,
        upper_cell=district,
        lower_cell=township,
        tasks="辖区排污单位巡查全覆盖",
        rewards_penalties="考核优秀的通报表扬",
        by=district_a_leader,
    )
    with pytest.raises(ValidationError, match="直接下级"):
        services.letter_create(
            year=2026,
            upper_cell=cells["210300"],
            lower_cell=township,
            tasks="x",
            rewards_penalties="y",
            by=district_a_leader,
        )
    services.letter_sign(
        letter=letter,
        upper_signatory="李分局长",
        lower_signatory="孙主任",
        signed_on=date(2026, 2, 1),
        by=township_official,
        scan=photo("责任状.png"),
    )
    letter.refresh_from_db()
    assert letter.status == ResponsibilityLetter.Status.SIGNED
    entry = Record.objects.get(action="grid.letter_sign")
    assert '"sha256"' in entry.payload


def test_understaffed_townships_are_flagged(client, cells, grid_officer, city_leader):
    from ecobureau.grid import selectors

    flagged = {
        row.cell.division.code for row in selectors.understaffed_cells(city_leader)
    }
    assert flagged == {"210302001", "210302002"}  # one officer is not two
    client.force_login(city_leader)
    assert (
        "人员不足的三级网格（2个）"
        in client.get(reverse("grid:index")).content.decode()
    )


def test_the_division_table_exports_the_cells_in_scope(
    client, cells, district_a_leader
):
    client.force_login(district_a_leader)
    response = client.get(reverse("grid:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == ["站前街道网格", "解放街道网格", "铁东区网格"]
    assert Record.objects.filter(action="grid.cell_export").exists()


def test_boundaries_are_checked_and_gcj02_is_converted(client, cells, city_leader):
    cell = cells["210302001"]
    client.force_login(city_leader)
    url = reverse("grid:cell-boundary", args=[cell.pk])
    response = client.post(
        url,
        {"geojson": '{"type": "Polygon", "coordinates": [[[123, 41], [123.1, 41]]]}'},
    )
    assert "至少需要4个点" in response.content.decode()
    ring = [
        [123.0, 41.1],
        [123.02, 41.1],
        [123.02, 41.12],
        [123.0, 41.12],
        [123.0, 41.1],
    ]
    import json

    response = client.post(
        url,
        {
            "geojson": json.dumps({"type": "Polygon", "coordinates": [ring]}),
            "is_demo": "on",
            "gcj02": "on",
            "source": "示意",
        },
    )
    assert response.status_code == 302
    cell.refresh_from_db()
    first = cell.boundary["coordinates"][0][0]
    # GCJ-02 is offset north-east of WGS-84 by a few hundred metres here.
    assert 122.99 < first[0] < 123.0 and 41.09 < first[1] < 41.1
    assert cell.boundary_is_demo
