"""The monthly ranking and quarterly assessment: figures, confirmation with the
record, publication, exports read back."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.complaints import selectors as complaint_selectors
from ecobureau.core.models import Record
from ecobureau.leadership import selectors, services
from ecobureau.leadership.models import Assessment

pytestmark = pytest.mark.django_db

OCT = selectors.period_parse("month", "2026-10", today=date(2026, 11, 16))
Q4 = selectors.period_parse("quarter", "2026-Q4", today=date(2026, 11, 16))


def by_unit(scores):
    return {s.facts.unit_name: s for s in scores}


def test_october_scores_from_the_worked_month(world, settings):
    settings.COMPLAINT_RANKING_BOTTOM_COUNT = 1
    settings.COMPLAINT_RANKING_DEDUCTION_POINTS = "2"
    scores = by_unit(selectors.unit_scores(OCT))
    east = scores["鞍山市生态环境局铁东分局"]
    # Due in October: a1, a2, a3 (a4 due in November) → all closed by month end.
    assert (east.facts.due, east.facts.due_closed) == (3, 3)
    assert (east.facts.closed, east.facts.closed_on_time) == (3, 2)
    assert (east.facts.answered, east.facts.satisfied) == (2, 1)
    assert east.facts.repeats == 1
    # (40×100 + 20×66.7 + 40×50) / 100 = 73.3, minus 1 for the repeat
    assert east.base == Decimal("73.3")
    assert east.score == Decimal("72.3")
    west = scores["鞍山市生态环境局铁西分局"]
    assert west.score == Decimal("100.0")
    assert (west.rank, east.rank) == (1, 2)
    # The quarter sums the months and carries their bottom deductions: 铁东 is last
    # in October and (alone, with a4 due on 5 November still open) in November.
    q = by_unit(selectors.unit_scores(Q4))["鞍山市生态环境局铁东分局"]
    assert (q.facts.due, q.facts.due_closed) == (4, 3)
    assert q.facts.ranking_deduction == Decimal("4")
    # (40×75.0 + 20×66.7 + 40×50.0) / 100 = 63.3, minus 1 repeat, minus 4
    assert q.score == Decimal("58.3")


@pytest.mark.parametrize("bottom, points", [(1, "2"), (2, "3.5"), (0, "2")])
def test_rankings_of_agree_with_the_complaints_ranking(world, settings, bottom, points):
    # The grouped read and the ranking rule (its settings) read here must give what
    # the complaints module's own monthly ranking gives, deductions included.
    settings.COMPLAINT_RANKING_BOTTOM_COUNT = bottom
    settings.COMPLAINT_RANKING_DEDUCTION_POINTS = points
    months = Q4.months()
    ranked = selectors.rankings_of(months)
    assert list(ranked) == months
    for month in months:
        assert ranked[month] == complaint_selectors.ranking(month), month
    assert ranked[OCT.start], "the worked October must rank someone"


def test_confirm_stores_the_result_with_a_record(world, city_leader, sub_bureau_a):
    q3 = selectors.period_parse("quarter", "2026-Q3", today=date(2026, 11, 16))
    a = services.assessment_confirm(
        kind="quarter",
        period=q3,
        by=city_leader,
        supervision={sub_bureau_a.pk: Decimal("5")},
    )
    assert a.status == Assessment.Status.CONFIRMED
    row = next(r for r in a.rows if r["unit_id"] == sub_bureau_a.pk)
    assert row["supervision_deduction"] == "5"
    assert a.scheme["label"] == "示例配置，需按考核办法核定"
    entry = Record.objects.filter(
        target_type="leadership.assessment", target_id=str(a.pk)
    ).get()
    assert entry.action == "leadership.assessment_confirm"
    with pytest.raises(ValidationError):
        services.assessment_confirm(kind="quarter", period=q3, by=city_leader)


def test_a_month_takes_no_grassroots_supervision_deduction(
    world, city_leader, sub_bureau_a
):
    with pytest.raises(ValidationError, match="计入季度考核"):
        services.assessment_confirm(
            kind="month",
            period=OCT,
            by=city_leader,
            supervision={sub_bureau_a.pk: Decimal("1.5")},
        )
    assert not Assessment.objects.exists()


def test_only_a_city_leader_confirms_and_not_before_the_period_ends(
    world, district_a_leader, city_leader
):
    with pytest.raises(PermissionDenied):
        services.assessment_confirm(kind="month", period=OCT, by=district_a_leader)
    november = selectors.period_parse("month", "2026-11", today=date(2026, 11, 16))
    with pytest.raises(ValidationError):
        services.assessment_confirm(kind="month", period=november, by=city_leader)
    assert not Assessment.objects.exists()


def test_confirm_through_the_page_then_publish(
    client, world, city_leader, sub_bureau_a
):
    client.force_login(city_leader)
    url = (
        reverse("leadership:assessment", args=["month"]) + "?period=month&value=2026-10"
    )
    quarter = (
        reverse("leadership:assessment", args=["quarter"])
        + "?period=quarter&value=2026-Q3"
    )
    response = client.post(
        quarter, {f"supervision_{sub_bureau_a.pk}": "30", "note": "x"}
    )
    assert response.status_code == 400  # above the 20-point cap: form shown again
    assert 'value="30"' in response.text
    assert not Assessment.objects.exists()
    # The monthly ranking takes no 与基层互动 deduction (A84; A80 is the
    # performance assessment's): the month's form has no such field.
    assert f"supervision_{sub_bureau_a.pk}" not in client.get(url).text
    response = client.post(
        url, {f"supervision_{sub_bureau_a.pk}": "1.5", "note": "十月"}
    )
    assert response.status_code == 302
    stored = Assessment.objects.get()
    assert stored.note == "十月"
    # Not on the portal until published.
    assert "铁东分局" not in client.get(reverse("leadership:public")).text
    response = client.post(reverse("leadership:assessment-publish", args=[stored.pk]))
    stored.refresh_from_db()
    assert stored.status == Assessment.Status.PUBLISHED
    assert Record.objects.filter(action="leadership.assessment_publish").count() == 1
    client.logout()
    public = client.get(reverse("leadership:public"))
    assert public.status_code == 200
    assert "铁东分局" in public.text and "72.3" in public.text  # 73.3 − 1
    assert "王局长" not in public.text


def test_excel_reads_back_with_the_figures(client, world, district_a_leader):
    client.force_login(district_a_leader)
    url = reverse("leadership:assessment-export", args=["month", "xlsx"])
    response = client.get(url + "?period=month&value=2026-10")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("名次", "单位")
    body = [r for r in rows[1:] if r and r[1] and "分局" in str(r[1])]
    # A district leader's export has their district's unit only.
    assert [r[1] for r in body] == ["鞍山市生态环境局铁东分局"]
    assert body[0][16] in ("72.3", 72.3)
    assert any(
        "示例配置，需按考核办法核定" in str(r[1]) for r in rows if r and r[0] == "说明"
    )


def test_pdf_is_a_real_pdf_with_the_embedded_font(client, world, city_leader):
    client.force_login(city_leader)
    url = reverse("leadership:assessment-export", args=["quarter", "pdf"])
    response = client.get(url + "?period=quarter&value=2026-Q4")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert b"NotoSerifSC" in response.content
