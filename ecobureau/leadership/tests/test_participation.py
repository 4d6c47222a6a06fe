"""A76 on the assessment: each unit's participation in enterprise engagement in
the period (and each cadre's on the drill-down), equal to what engagement's
`participation_for_user` counts for the reader, narrowed to the reader's units;
in both exports; reported beside the scores, not scored."""

from __future__ import annotations

import io
import re
from datetime import date

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from ecobureau.engagement import selectors as engagement_selectors
from ecobureau.engagement import services as engagement
from ecobureau.engagement.models import Demand, Visit
from ecobureau.leadership import selectors

from .conftest import at

pytestmark = pytest.mark.django_db

OCT = "?period=month&value=2026-10"
OCTOBER = selectors.period_parse("month", "2026-10", today=date(2026, 11, 16))


def _visit(officer, enterprise, day, month=10) -> Visit:
    return engagement.visit_record(
        by=officer,
        enterprise=enterprise,
        kind=Visit.Kind.HUNDRED_CADRES,
        visited_on=at(day, month=month).date(),
        difficulties="除尘设施运行不稳定",
    )


def _answered(enterprise_user, enterprise, officer, head, day) -> Demand:
    with time_machine.travel(at(day, 9), tick=False):
        demand = engagement.demand_file(
            by=enterprise_user,
            enterprise=enterprise,
            title="VOCs治理",
            content="请给予技术指导。",
            category=Demand.Category.TECHNOLOGY,
        )
    with time_machine.travel(at(day, 15), tick=False):
        engagement.demand_assign(
            demand=demand, by=head, unit=officer.unit, assignee=officer
        )
        engagement.demand_answer(demand=demand, by=officer, answer="已派员指导。")
    return demand


@pytest.fixture
def participation_world(
    city_leader,
    district_a_leader,
    district_a_officer,
    district_b_officer,
    enterprise_a,
    enterprise_b,
    enterprise_user_a,
    enterprise_user_b,
):
    """October: A's officer visits twice and answers a demand; B's officer visits
    once and answers a demand. A visit in September is not October's."""
    _visit(district_a_officer, enterprise_a, 5)
    _visit(district_a_officer, enterprise_a, 6)
    _visit(district_a_officer, enterprise_a, 20, month=9)
    _visit(district_b_officer, enterprise_b, 7)
    _answered(enterprise_user_a, enterprise_a, district_a_officer, district_a_leader, 8)
    _answered(enterprise_user_b, enterprise_b, district_b_officer, city_leader, 12)


def _page_rows(html: str) -> dict[str, tuple[int, ...]]:
    """key -> (visits, receptions, revisits, answered, total) from the table."""
    out = {}
    for key, cells in re.findall(
        r'data-testid="participation-(\d+|none)">(.*?)</tr>', html, re.S
    ):
        numbers = re.findall(r"<td[^>]*>(?:<strong>)?(\d+)(?:</strong>)?</td>", cells)
        out[key] = tuple(int(n) for n in numbers)
    return out


def test_city_figures_equal_engagements_function(
    client, city_leader, participation_world, sub_bureau_a, sub_bureau_b
):
    expected = engagement_selectors.participation_for_user(
        city_leader, start=date(2026, 10, 1), end=date(2026, 10, 31)
    )
    assert selectors.participation_for_user(city_leader, OCTOBER) == expected
    by_key = {r.key: r for r in expected}
    assert by_key[sub_bureau_a.pk].visits == 2  # September's is not October's
    assert by_key[sub_bureau_a.pk].answered == 1
    client.force_login(city_leader)
    html = client.get(reverse("leadership:assessment", args=["month"]) + OCT).text
    assert "与企业互动参与情况" in html and "不计入考核得分" in html
    rows = _page_rows(html)
    assert rows == {
        str(r.key): (r.visits, r.receptions, r.revisits, r.answered, r.total)
        for r in expected
    }
    assert rows[str(sub_bureau_b.pk)] == (1, 0, 0, 1, 2)
    # Per cadre on the drill-down, equal to engagement's per-cadre figures.
    cadres = engagement_selectors.participation_for_user(
        city_leader, start=date(2026, 10, 1), end=date(2026, 10, 31), by="cadre"
    )
    assert selectors.participation_for_user(city_leader, OCTOBER, by="cadre") == cadres
    drill = client.get(reverse("leadership:participation", args=["month"]) + OCT)
    assert drill.status_code == 200
    assert "张科员" in drill.text and "赵科员" in drill.text


def test_not_scored(client, city_leader, participation_world):
    """Beside the scores, not in them: the rows scored are the complaint facts'."""
    client.force_login(city_leader)
    html = client.get(reverse("leadership:assessment", args=["month"]) + OCT).text
    assert "仅作通报，不计入考核得分" in html
    scored = selectors.unit_scores(OCTOBER)
    assert all("participation" not in vars(s) for s in scored)


def test_district_leader_sees_only_their_units(
    client,
    district_a_leader,
    district_a_officer,
    participation_world,
    sub_bureau_a,
    sub_bureau_b,
):
    rows = selectors.participation_for_user(district_a_leader, OCTOBER)
    assert [r.key for r in rows] == [sub_bureau_a.pk]
    client.force_login(district_a_leader)
    html = client.get(reverse("leadership:assessment", args=["month"]) + OCT).text
    page = _page_rows(html)
    assert str(sub_bureau_a.pk) in page and str(sub_bureau_b.pk) not in page
    assert "铁西" not in html.split('data-testid="participation"')[1]
    url = reverse("leadership:participation", args=["month"])
    drill = client.get(f"{url}{OCT}&unit={sub_bureau_a.pk}")
    assert drill.status_code == 200
    assert "张科员" in drill.text and "赵科员" not in drill.text
    assert f'data-testid="cadre-{district_a_officer.pk}"' in drill.text
    # Another district's unit: not theirs to open.
    assert client.get(f"{url}{OCT}&unit={sub_bureau_b.pk}").status_code == 404
    assert "赵科员" not in client.get(url + OCT).text


def test_reader_without_engagement_rights_sees_the_note_only(
    client, participation_world, bureau
):
    from ecobureau.accounts.models import User
    from ecobureau.accounts.tests.factories import UserFactory

    admin = UserFactory(
        username="admin-no-engagement",
        unit=bureau,
        scope=User.Scope.CITY,
        role_codes=["system_admin"],
    )
    client.force_login(admin)
    html = client.get(reverse("leadership:assessment", args=["month"]) + OCT).text
    assert "您没有查看与企业互动台账的权限" in html
    assert 'data-testid="participation-rows"' not in html
    url = reverse("leadership:participation", args=["month"])
    assert client.get(url + OCT).status_code == 403


def test_exports_contain_the_section(
    client, district_a_leader, participation_world, sub_bureau_a
):
    client.force_login(district_a_leader)
    url = reverse("leadership:assessment-export", args=["month", "xlsx"])
    response = client.get(url + OCT)
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book["与企业互动参与情况"]
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[0]]
    assert rows[0] == ("单位", "走访企业", "接待日接待", "执法回访", "答复诉求", "合计")
    assert rows[1][0] == sub_bureau_a.name
    assert [int(v) for v in rows[1][1:]] == [2, 0, 0, 1, 3]
    assert not any("铁西" in str(r[0]) for r in rows)
    assert any("不计入考核得分" in str(r[1]) for r in rows if r[0] == "说明")
    cadres = list(book["参与情况（党员干部）"].iter_rows(values_only=True))
    assert any(r[0] == "张科员" for r in cadres)
    assert not any(r[0] == "赵科员" for r in cadres)

    pdf = client.get(
        reverse("leadership:assessment-export", args=["month", "pdf"]) + OCT
    )
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "与企业互动参与情况" in text
    assert sub_bureau_a.name in text.replace("\n", "")
