"""Rectification progress per district (city page) and per department (district
page): each count links to exactly the tasks it counts; other districts' rows are
not shown to a district leader."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from ecobureau.rectification.models import RectificationTask

from .test_figures import drill_total

pytestmark = pytest.mark.django_db

OCT = "?period=month&value=2026-10"


def table(html: str) -> dict[str, list[tuple[str, int, str]]]:
    """Row name → [(shown, count, url)] of the linked cells of the breakdown table."""
    body = html.split('data-testid="breakdown-')[1].split("</table>")[0]
    rows = {}
    for name, cells in re.findall(
        r'<th scope="row"[^>]*>([^<]+)</th>(.*?)</tr>', body, re.S
    ):
        rows[name] = [
            (text, int(count), href.replace("&amp;", "&"))
            for href, count, text in re.findall(
                r'<a href="([^"]+)" data-testid="cell" data-count="(\d+)">([^<]*)</a>',
                cells,
            )
        ]
    return rows


@pytest.fixture
def department_task(world, district_a, other_unit):
    """A third task in district A, handled by another department, open, not due.
    The world's ZG-1 has only its close-out time: given the status and the
    completion day a closed-out task has (done is rectification's `done_q`)."""
    RectificationTask.objects.filter(number="ZG-1").update(
        status="closed", completed_on=date(2026, 9, 25)
    )
    return RectificationTask.objects.create(
        number="ZG-4", round="第二轮", source="central", problem="问题", target="目标",
        responsible_units="市直部门", deadline=date(2027, 3, 31), status="in_progress",
        district=district_a, unit=other_unit,
    )  # fmt: skip


def test_district_page_shows_progress_per_department(
    client, district_a_leader, district_a, department_task
):
    client.force_login(district_a_leader)
    html = client.get(reverse("leadership:district", args=[district_a.pk]) + OCT).text
    assert "各部门整改进度" in html
    rows = table(html)
    # ZG-1 closed, ZG-2 overdue (deadline 31 October, not closed), both 铁东分局.
    # Linked cells: tasks (n, closed, open, overdue, at risk), then petition cases.
    assert [c[:2] for c in rows["鞍山市生态环境局铁东分局"]][:4] == [
        ("2", 2), ("1", 1), ("1", 1), ("1", 1)
    ]  # fmt: skip
    assert [c[:2] for c in rows["测试科室"]][:4] == [
        ("1", 1), ("0", 0), ("1", 1), ("0", 0)
    ]  # fmt: skip
    assert "50.0%" in html
    for cells in rows.values():
        for _, count, url in cells:
            assert drill_total(client, url) == count, url
    listing = client.get(rows["测试科室"][0][2]).text
    assert reverse("rectification:task-detail", args=[department_task.pk]) in listing


def test_city_page_shows_progress_per_district(client, city_leader, department_task):
    client.force_login(city_leader)
    rows = table(client.get(reverse("leadership:city") + OCT).text)
    assert [c[:2] for c in rows["铁东区"]][:2] == [("3", 3), ("1", 1)]
    assert [c[:2] for c in rows["铁西区"]][:2] == [("1", 1), ("0", 0)]
    for cells in rows.values():
        for _, count, url in cells:
            assert drill_total(client, url) == count, url


def test_a_district_leader_sees_no_other_districts_rows(
    client, district_b_leader, district_b, department_task
):
    client.force_login(district_b_leader)
    html = client.get(reverse("leadership:district", args=[district_b.pk]) + OCT).text
    rows = table(html)
    assert "测试科室" not in rows and "鞍山市生态环境局铁东分局" not in rows
    assert [c[:2] for c in rows["鞍山市生态环境局铁西分局"]][:1] == [("1", 1)]
    # A hand-made link to a district A department's tasks lists nothing of theirs.
    url = rows["鞍山市生态环境局铁西分局"][0][2]
    forged = re.sub(r"only=unit:\d+", f"only=unit:{department_task.unit_id}", url)
    assert forged != url
    assert drill_total(client, forged) == 0


def _headlines(html: str) -> list[str]:
    return re.findall(r"<li>([^<]*项整改任务[^<]*)</li>", html)


def test_the_seeds_sentence_per_round_and_per_district(
    client, city_leader, district_a_leader, district_a, department_task
):
    """E1 (seed 004) at a glance: per round on the city page, the district's own
    on its page. (The world's ZG-1 has only its close-out time: given its
    status and completion day as a closed task has.)"""
    RectificationTask.objects.filter(number="ZG-1").update(
        status="closed", completed_on=date(2026, 9, 25)
    )
    client.force_login(city_leader)
    city = _headlines(client.get(reverse("leadership:city") + OCT).text)
    assert any(line.startswith("第二轮：4项整改任务已按时保质完成") for line in city), (
        city
    )
    client.force_login(district_a_leader)
    html = client.get(reverse("leadership:district", args=[district_a.pk]) + OCT).text
    (line,) = _headlines(html)
    assert line == (
        "3项整改任务已按时保质完成1项，剩余2项（其中1项超期，1项明年及以后到期）"
    )


def test_the_headline_and_the_table_count_done_alike(
    client, city_leader, district_a_leader, district_a, department_task
):
    """One definition of done (rectification's `done_q`): a task past the city
    review and published but not yet closed out (公示中待销号, no `closed_at`)
    is 完成 in the E1 sentence and in the table's 已完成 alike (counted by
    `closed_at`, the table said 1 while the sentence said 2)."""
    from ecobureau.rectification import selectors as rectification_selectors

    RectificationTask.objects.filter(number="ZG-2").update(
        status="published", completed_on=date(2026, 10, 20), closed_at=None
    )
    client.force_login(city_leader)
    rows = table(client.get(reverse("leadership:city") + OCT).text)
    total, done = rows["铁东区"][0][1], rows["铁东区"][1][1]
    (line,) = [
        line
        for line in rectification_selectors.progress_summary(
            city_leader, today=timezone.localdate(), by="district"
        )
        if line.label == district_a.name
    ]
    assert (total, done) == (line.total, line.done) == (3, 2)
    for cells in rows.values():
        for _, count, url in cells:
            assert drill_total(client, url) == count, url
    client.force_login(district_a_leader)
    html = client.get(reverse("leadership:district", args=[district_a.pk]) + OCT).text
    (sentence,) = _headlines(html)
    assert sentence.startswith("3项整改任务已按时保质完成2项")
    # the district page's figure says the same count as 已完成
    assert "已完成 2（66.7%）" in html
