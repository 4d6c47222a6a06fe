"""A77, A78 (与基层互动 5 and 8): suggestions made, reviewed by someone else, adopted
ones rewarded; research reports per section; per-unit progress for the office;
staff see only their own, outsiders nothing."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.core import records
from ecobureau.engagement import selectors, services
from ecobureau.engagement.models import ResearchReport, Suggestion

pytestmark = pytest.mark.django_db

NOW = "2026-07-01T10:00:00+08:00"


@time_machine.travel(NOW, tick=False)
def test_suggestion_reviewed_and_rewarded_through_the_page(
    client, eia_officer, eia_head, coordinator
):
    client.force_login(eia_officer)
    url = reverse("engagement:grassroots")
    response = client.post(
        url, {"form": "suggestion", "title": "网格巡查用无人机", "content": ""}
    )
    assert response.status_code == 400
    assert "网格巡查用无人机" in response.content.decode()
    data = {"form": "suggestion", "title": "网格巡查用无人机", "content": "节省人力"}
    assert client.post(url, data).status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.year == 2026 and suggestion.author == eia_officer
    # Staff without the office's right cannot review.
    response = client.post(
        url, {"form": "decide", "suggestion": suggestion.pk, "adopt": "1", "note": "好"}
    )
    assert response.status_code in (403, 404)
    # The head reviews; the reward needs its date, then is saved once.
    client.force_login(eia_head)
    assert "网格巡查用无人机" in client.get(url).content.decode()
    decide = {
        "form": "decide",
        "suggestion": suggestion.pk,
        "adopt": "1",
        "note": "采纳试点",
    }
    assert client.post(url, decide).status_code == 302
    reward = {
        "form": "reward",
        "suggestion": suggestion.pk,
        "reward": "通报表扬",
        "rewarded_on": "",
    }
    response = client.post(url, reward)
    assert response.status_code == 400
    assert "通报表扬" in response.content.decode()
    reward["rewarded_on"] = "2026-06-30"
    assert client.post(url, reward).status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.ADOPTED
    assert suggestion.rewarded_on == date(2026, 6, 30)
    actions = set(records.history(suggestion).values_list("action", flat=True))
    assert actions == {
        "engagement.suggestion.submit",
        "engagement.suggestion.decide",
        "engagement.suggestion.reward",
    }
    response = client.post(url, reward)
    assert response.status_code == 400
    assert "已给予奖励" in response.content.decode()
    # Another staff member sees neither the suggestion nor the progress table.
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert "网格巡查用无人机" not in page and "grassroots-progress" not in page


@time_machine.travel(NOW, tick=False)
def test_rules_reviewer_reports_and_progress(
    eia_officer,
    eia_head,
    city_leader,
    district_a_officer,
    district_b_officer,
    citizen,
    bureau,
):
    own = services.suggestion_submit(by=eia_head, title="自己的", content="x")
    with pytest.raises(ValidationError, match="本人"):
        services.suggestion_decide(by=eia_head, suggestion=own, adopt=True, note="x")
    services.suggestion_decide(by=city_leader, suggestion=own, adopt=False, note="x")
    with pytest.raises(ValidationError, match="已评审"):
        services.suggestion_decide(by=city_leader, suggestion=own, adopt=True, note="x")
    with pytest.raises(ValidationError, match="被采纳"):
        services.suggestion_reward(
            by=city_leader, suggestion=own, reward="x", rewarded_on=date(2026, 6, 1)
        )
    with pytest.raises(PermissionDenied):
        services.suggestion_submit(by=citizen, title="t", content="c")
    # A sub-bureau officer cannot register a report for another unit.
    with pytest.raises(PermissionDenied):
        services.research_report_register(
            by=district_a_officer,
            unit=bureau,
            title="t",
            authors="a",
            summary="s",
            completed_on=date(2026, 6, 1),
        )
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.research_report_register(
            by=eia_officer,
            title="t",
            authors="a",
            summary="s",
            completed_on=date(2026, 8, 1),
        )
    report = services.research_report_register(
        by=eia_officer,
        title="十四五固废治理调研",
        authors="吴环评",
        summary="建议",
        completed_on=date(2026, 6, 1),
    )
    assert report.unit == eia_officer.unit and report.year == 2026
    assert list(selectors.research_reports_for_user(eia_head, year=2026)) == [report]
    assert not selectors.research_reports_for_user(district_b_officer, year=2026)
    assert not selectors.suggestion_list_for_user(district_b_officer, year=2026)
    assert selectors.grassroots_progress(district_b_officer, year=2026) == []
    rows = {row.unit: row for row in selectors.grassroots_progress(eia_head, year=2026)}
    row = rows[bureau.name]
    assert row.suggestions == 1 and row.reports == 1 and row.adopted == 0
    assert row.without_suggestion == row.staff - 1
    assert ResearchReport.objects.count() == 1


def test_outsiders_get_nothing(client, citizen, enterprise_user_a):
    for outsider in (citizen, enterprise_user_a):
        client.force_login(outsider)
        assert client.get(reverse("engagement:grassroots")).status_code == 403
    client.logout()
    assert client.get(reverse("engagement:grassroots")).status_code == 302
