"""Figures computed from the worked October, per level, and their drill-downs."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

OCT = "?period=month&value=2026-10"


def figure_counts(html: str) -> dict[str, tuple[str, int]]:
    """key → (shown value, drill-down count) from the page's figure links."""
    out = {}
    for key, count, value in re.findall(
        r'data-testid="figure-([^"]+)" data-count="(\d+)">([^<]*)</a>', html
    ):
        out[key] = (value, int(count))
    return out


def figure_detail(html: str, key: str) -> str:
    """The small text under one figure (e.g. "按期 2（50.0%）")."""
    match = re.search(
        rf'data-testid="figure-{re.escape(key)}"[^>]*>[^<]*</a>\s*'
        r'<small class="muted">([^<]*)</small>',
        html,
    )
    return match.group(1) if match else ""


def drill_total(client, url: str) -> int:
    response = client.get(url.replace("&amp;", "&"))
    assert response.status_code == 200
    match = re.search(r'data-testid="total">(\d+)<', response.text)
    assert match is not None
    return int(match.group(1))


def test_city_page_shows_the_whole_city(client, city_leader, world):
    client.force_login(city_leader)
    response = client.get(reverse("leadership:city") + OCT)
    assert response.status_code == 200
    f = figure_counts(response.text)
    assert f["complaints-received"] == ("5", 5)
    assert f["complaints-closed"] == ("4", 4)
    assert "按期 3（75.0%）" in response.text
    assert f["complaints-rated"] == ("66.7%", 3)  # 2 of 3 satisfied or basic
    assert f["complaints-repeat"] == ("1", 1)
    assert f["inspections"] == ("3", 3)
    assert f["cases"] == ("1", 1)
    assert f["fines"] == ("20,000.00", 1)
    assert f["clues"] == ("3", 3)
    assert f["instruments"] == ("66.7%", 3)  # 2 online of 3 active; retired left out
    assert f["instruments-offline"] == ("1", 1)
    assert f["exceedances"] == ("0", 0)
    assert f["rectification"] == ("3", 3)
    assert f["rectification-open"] == ("2", 2)
    assert f["rectification-overdue"] == ("1", 1)
    assert f["applications"] == ("4", 4)
    assert figure_detail(response.text, "applications") == "按期 2（50.0%）"
    assert f["applications-late"] == ("2", 2)
    assert f["air-days"] == ("60.0%", 5)  # 3 good of 5 rated days
    assert figure_detail(response.text, "air-days").endswith("平均AQI 102")
    assert f["forecast"] == ("50.0%", 2)
    assert f["credit:守信"] == ("3", 3)
    assert f["credit:失信"] == ("1", 1)
    assert "2025年度评价结果" in response.text


def test_district_page_counts_only_its_district(client, district_a_leader, world):
    client.force_login(district_a_leader)
    url = reverse("leadership:district", args=[world.a_complaints[0].district_id]) + OCT
    response = client.get(url)
    assert response.status_code == 200
    f = figure_counts(response.text)
    assert f["complaints-received"] == ("4", 4)
    assert f["complaints-closed"] == ("3", 3)
    assert "按期 2（66.7%）" in response.text
    assert f["complaints-rated"] == ("50.0%", 2)
    assert f["inspections"] == ("2", 2)
    assert f["clues"] == ("2", 2)
    assert f["instruments"] == ("50.0%", 2)
    assert f["rectification-overdue"] == ("1", 1)
    assert f["applications"] == ("3", 3)
    assert figure_detail(response.text, "applications") == "按期 2（66.7%）"
    assert f["applications-late"] == ("1", 1)
    assert f["air-days"] == ("60.0%", 5)  # city-wide on every level
    assert f["credit:守信"] == ("2", 2)
    assert f["credit:失信"] == ("1", 1)


@pytest.mark.parametrize(
    "key",
    [
        "complaints-received",
        "complaints-closed",
        "complaints-rated",
        "complaints-repeat",
        "inspections",
        "cases",
        "fines",
        "clues",
        "instruments",
        "instruments-offline",
        "exceedances",
        "rectification",
        "rectification-open",
        "rectification-overdue",
        "applications",
        "applications-late",
        "air-days",
        "credit:守信",
        "credit:失信",
    ],
)
def test_every_drill_down_total_equals_its_figure(client, city_leader, world, key):
    client.force_login(city_leader)
    html = client.get(reverse("leadership:city") + OCT).text
    match = re.search(
        rf'href="([^"]+)" data-testid="figure-{re.escape(key)}" data-count="(\d+)"',
        html,
    )
    assert match, key
    assert drill_total(client, match.group(1)) == int(match.group(2))


def test_a_district_reader_sees_its_own_applications_and_grades(
    client, district_b_leader, district_a, district_b, world
):
    """District B: one application decided in October, late; one 守信 grade; the
    figures equal their drill-downs, and district A's stay out of reach."""
    client.force_login(district_b_leader)
    url = reverse("leadership:district", args=[district_b.pk]) + OCT
    html = client.get(url).text
    f = figure_counts(html)
    assert f["applications"] == ("1", 1)
    assert f["applications-late"] == ("1", 1)
    assert f["credit:守信"] == ("1", 1)
    assert "credit:失信" not in f
    for key in ("applications", "applications-late", "credit:守信"):
        match = re.search(
            rf'href="([^"]+)" data-testid="figure-{re.escape(key)}" data-count="(\d+)"',
            html,
        )
        assert match, key
        assert drill_total(client, match.group(1)) == int(match.group(2))
    items = reverse("leadership:items")
    for query in (
        f"level=district&pk={district_a.pk}&period=month&value=2026-10&key=applications",
        f"level=district&pk={district_a.pk}&period=month&value=2026-10&key=credit",
        "level=city&period=month&value=2026-10&key=applications",
    ):
        assert client.get(f"{items}?{query}").status_code in (403, 404)
    # Its own drill-down lists no other district's applications.
    own = client.get(
        f"{items}?level=district&pk={district_b.pk}&period=month&value=2026-10"
        "&key=applications"
    ).text
    assert "申请单位6" in own and "申请单位1" not in own


def test_drill_down_lists_the_items_with_links(client, district_a_leader, world):
    client.force_login(district_a_leader)
    district = world.a_complaints[0].district_id
    url = (
        reverse("leadership:items")
        + f"?level=district&pk={district}&period=month&value=2026-10&key=complaints-closed"
    )
    response = client.get(url)
    assert response.status_code == 200
    for c in world.a_complaints[:3]:
        assert reverse("complaints:detail", args=[c.pk]) in response.text
    assert world.b_complaints[0].tracking_code not in response.text


def test_quarter_and_year_periods_widen_the_counts(client, city_leader, world):
    client.force_login(city_leader)
    q4 = figure_counts(
        client.get(reverse("leadership:city") + "?period=quarter&value=2026-Q4").text
    )
    q3 = figure_counts(
        client.get(reverse("leadership:city") + "?period=quarter&value=2026-Q3").text
    )
    year = figure_counts(
        client.get(reverse("leadership:city") + "?period=year&value=2026").text
    )
    assert q4["complaints-received"][1] == 5
    assert q3["complaints-received"][1] == 1  # the one received on 28 September
    assert year["complaints-received"][1] == 6


def test_city_page_query_count_does_not_grow_with_rows(
    client, city_leader, world, django_assert_max_num_queries
):
    client.force_login(city_leader)
    # 62 since the petition cases joined the rectification section (their
    # figures and their per-district table: two grouped queries); 71 since the
    # world has the city's air days and forecasts (the forecast scores: one) and
    # the environmental-quality section reads the quality module's selectors
    # (sections and their means this year and last, targets, drinking sources
    # and volumes, the air days this year and last, emission targets and totals:
    # eight). The drinking-water summary reads each source's months with a query
    # of its own (quality's `drinking_summary`), so that part grows with the
    # number of sources, not with samples. 72 since each district's emission
    # cells link to its drill-down only for a district the reader may choose
    # there (`quality.selectors.districts_for_user`: one query, not per row).
    with django_assert_max_num_queries(72):
        client.get(reverse("leadership:city") + OCT)
