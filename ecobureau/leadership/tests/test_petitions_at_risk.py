"""Petition cases (信访案件) beside the rectification tasks, and the items at risk
(预警, or flagged 超期 by rectification's check): figures and the per-district /
per-department table, every count equal to its drill-down, a district leader
seeing only their district even through a hand-made link, no complainant."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from ecobureau.rectification.models import PetitionCase, RectificationTask

from .conftest import at
from .test_figures import drill_total, figure_counts
from .test_rectification_progress import OCT, table

pytestmark = pytest.mark.django_db


def figure_url(html: str, key: str) -> str:
    match = re.search(rf'href="([^"]+)" data-testid="figure-{key}"', html)
    assert match is not None, key
    return match.group(1).replace("&amp;", "&")


def case(number, district, unit, deadline, *, status="handling", closed=None,
         at_risk=None, late=None) -> PetitionCase:  # fmt: skip
    return PetitionCase.objects.create(
        number=number, round="第二轮", source="central", received_on=date(2026, 9, 1),
        content="夜间噪声扰民", category="nearby", responsible_units="铁东区政府",
        deadline=deadline, status=status, district=district, unit=unit,
        closed_at=closed, at_risk_flagged_at=at_risk, late_flagged_at=late,
        complainant_name="赵举报", complainant_phone="13900000009",
    )  # fmt: skip


@pytest.fixture
def cases(world, district_a, district_b, sub_bureau_a, sub_bureau_b, other_unit):
    """District A: XF-1 closed (filed); XF-2 open, late-flagged and overdue; XF-3
    open, warned, handled by another department. District B: XF-4 open, warned.
    Task ZG-2 (A, overdue) flagged late; ZG-3 (B) warned. The world's ZG-1 has
    only its close-out time: given the status a closed-out task has (done is
    rectification's `done_q`, by process step)."""
    RectificationTask.objects.filter(number="ZG-1").update(status="closed")
    case("XF-1", district_a, sub_bureau_a, date(2026, 10, 15), status="filed",
         closed=at(14), late=at(1))  # done: a stale flag does not count  # fmt: skip
    case("XF-2", district_a, sub_bureau_a, date(2026, 11, 1), late=at(2, month=11))
    case("XF-3", district_a, other_unit, date(2026, 11, 25), at_risk=at(10, month=11))
    case("XF-4", district_b, sub_bureau_b, date(2026, 11, 30), at_risk=at(12, month=11))
    RectificationTask.objects.filter(number="ZG-2").update(
        late_flagged_at=at(1, month=11)
    )
    RectificationTask.objects.filter(number="ZG-3").update(
        at_risk_flagged_at=at(1, month=11)
    )


def test_city_figures_equal_their_drill_downs(client, city_leader, cases):
    client.force_login(city_leader)
    f = figure_counts(client.get(reverse("leadership:city") + OCT).text)
    assert f["petitions"] == ("4", 4)
    assert f["petitions-open"] == ("3", 3)
    assert f["petitions-overdue"] == ("1", 1)
    assert f["petitions-at-risk"] == ("3", 3)
    assert f["rectification-at-risk"] == ("2", 2)
    html = client.get(reverse("leadership:city") + OCT).text
    for key in ("petitions", "petitions-open", "petitions-overdue",
                "petitions-at-risk", "rectification-at-risk"):  # fmt: skip
        assert drill_total(client, figure_url(html, key)) == f[key][1], key
    listing = client.get(figure_url(html, "petitions-at-risk")).text
    assert "XF-2" in listing and "XF-3" in listing and "XF-4" in listing
    assert "XF-1" not in listing
    assert "超期" in listing and "预警" in listing
    assert "赵举报" not in listing and "13900000009" not in listing
    assert reverse("rectification:case-detail", args=[PetitionCase.objects.get(
        number="XF-3").pk]) in listing  # fmt: skip


def test_the_city_table_has_cases_beside_tasks(client, city_leader, cases):
    client.force_login(city_leader)
    html = client.get(reverse("leadership:city") + OCT).text
    assert "信访案件" in html and "案件预警" in html
    rows = table(html)
    # tasks: n, closed, open, overdue, at risk | cases: n, closed, open, overdue, at risk
    assert [c[1] for c in rows["铁东区"]] == [2, 1, 1, 1, 1, 3, 1, 2, 1, 2]
    assert [c[1] for c in rows["铁西区"]] == [1, 0, 1, 0, 1, 1, 0, 1, 0, 1]
    for cells in rows.values():
        for _, count, url in cells:
            assert drill_total(client, url) == count, url


def test_the_district_table_per_department_and_its_scope(
    client, district_a_leader, district_b_leader, district_a, district_b, cases
):
    client.force_login(district_a_leader)
    html = client.get(reverse("leadership:district", args=[district_a.pk]) + OCT).text
    rows = table(html)
    assert [c[1] for c in rows["测试科室"]] == [0, 0, 0, 0, 0, 1, 0, 1, 0, 1]
    assert [c[1] for c in rows["鞍山市生态环境局铁东分局"]][5:] == [2, 1, 1, 1, 1]
    for cells in rows.values():
        for _, count, url in cells:
            assert drill_total(client, url) == count, url
    f = figure_counts(html)
    assert f["petitions"] == ("3", 3) and f["petitions-at-risk"] == ("2", 2)
    # District B's leader: their case only; district A's page and forged links: none.
    client.force_login(district_b_leader)
    html = client.get(reverse("leadership:district", args=[district_b.pk]) + OCT).text
    f = figure_counts(html)
    assert f["petitions"] == ("1", 1) and f["petitions-at-risk"] == ("1", 1)
    assert "XF-2" not in html
    rows = table(html)
    url = rows["鞍山市生态环境局铁西分局"][5][2]
    assert drill_total(client, url) == 1
    match = re.search(r"only=unit:(\d+)", url)
    assert match is not None
    own_unit = match.group(1)
    a_unit = PetitionCase.objects.get(number="XF-2").unit_id
    forged = url.replace(f"only=unit:{own_unit}", f"only=unit:{a_unit}")
    assert forged != url and drill_total(client, forged) == 0
    forged = url.replace(f"pk={district_b.pk}", f"pk={district_a.pk}")
    assert client.get(forged).status_code == 404
    at_risk = reverse("leadership:items") + (
        f"?level=district&pk={district_b.pk}&period=month&value=2026-10"
        "&key=petitions-at-risk"
    )
    listing = client.get(at_risk).text
    assert "XF-4" in listing and "XF-2" not in listing and "XF-3" not in listing


def test_the_at_risk_filters(client, city_leader, cases):
    client.force_login(city_leader)
    base = reverse("leadership:items") + "?level=city&period=month&value=2026-10"
    assert drill_total(client, base + "&key=petitions-at-risk&only=late") == 1
    assert drill_total(client, base + "&key=petitions-at-risk&only=warned") == 2
    assert drill_total(client, base + "&key=rectification-at-risk&only=late") == 1


def test_agrees_with_rectifications_own_reads(client, city_leader, cases, district_a):
    """rectification's `petition_progress_by_unit` and `items_at_risk_for_user`
    (whole scope, not narrowed to a level, so not used for the pages): where they
    count the same thing the pages agree with them — totals per district, and the
    items at risk with their 超期 / 预警 flag."""
    from ecobureau.rectification import selectors as rectification_selectors

    client.force_login(city_leader)
    html = client.get(reverse("leadership:city") + OCT).text
    rows = table(html)
    theirs = rectification_selectors.petition_progress_by_unit(
        city_leader, today=date(2026, 11, 16), by="district"
    )
    assert {r.name: r.total for r in theirs} == {
        name: cells[5][1] for name, cells in rows.items()
    }
    at_risk = rectification_selectors.items_at_risk_for_user(city_leader)
    f = figure_counts(html)
    assert sum(i.kind == "case" for i in at_risk) == f["petitions-at-risk"][1]
    assert sum(i.kind == "task" for i in at_risk) == f["rectification-at-risk"][1]
    listing = client.get(figure_url(html, "petitions-at-risk")).text
    for item in at_risk:
        if item.kind == "case":
            assert item.number in listing
    late = drill_total(client, figure_url(html, "petitions-at-risk") + "&only=late")
    assert late == sum(i.kind == "case" and i.flag == "超期" for i in at_risk)
