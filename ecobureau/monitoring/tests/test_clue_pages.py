"""Clues on the workbench pages, with the people who must not see them: a
sub-bureau sees and decides its own district's clues only; an enterprise or a
township account sees none; dismissing needs a reason and is recorded."""

import pytest
from django.urls import reverse

from ecobureau.core import records
from ecobureau.core.records import payload_of
from ecobureau.monitoring import selectors, services
from ecobureau.monitoring.models import Clue

from .test_evaluation import NOW, disable_anomaly_rules, store_hours

pytestmark = pytest.mark.django_db


@pytest.fixture
def clues(instrument_a, instrument_b) -> tuple[Clue, Clue]:
    disable_anomaly_rules()
    store_hours(instrument_a, "w01018", [("60", "N"), ("40", "N")])
    store_hours(instrument_b, "w01018", [("40", "N"), ("75", "N")])
    services.evaluate(now=NOW)
    return (
        Clue.objects.get(enterprise=instrument_a.enterprise),
        Clue.objects.get(enterprise=instrument_b.enterprise),
    )


def test_each_district_sees_only_its_own_clues(
    client, clues, district_a_officer, district_b_officer
) -> None:
    clue_a, clue_b = clues
    assert list(selectors.clue_list_for_user(district_a_officer)) == [clue_a]
    client.force_login(district_a_officer)
    page = client.get(reverse("monitoring:clue-list"))
    assert page.status_code == 200
    assert clue_a.number in page.content.decode()
    assert clue_b.number not in page.content.decode()
    assert (
        client.get(reverse("monitoring:clue-detail", args=[clue_b.pk])).status_code
        == 404
    )
    counts = selectors.clue_monthly_counts(district_b_officer)
    assert sum(month.total for month in counts) == 1


def test_the_other_district_cannot_decide_a_clue(
    client, clues, district_b_officer
) -> None:
    clue_a, _ = clues
    client.force_login(district_b_officer)
    response = client.post(
        reverse("monitoring:clue-detail", args=[clue_a.pk]),
        {"action": "dismiss", "reason": "仪器故障"},
    )
    assert response.status_code == 404
    clue_a.refresh_from_db()
    assert clue_a.status == "new"


@pytest.mark.parametrize("who", ["enterprise_user_a", "township_official"])
def test_enterprise_and_township_accounts_see_no_clues(
    client, clues, who, request
) -> None:
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(reverse("monitoring:clue-list")).status_code in (302, 403)
    assert not selectors.clue_list_for_user(user).exists()


def test_dismissing_needs_a_reason_and_is_recorded(
    client, clues, district_a_officer
) -> None:
    clue_a, _ = clues
    client.force_login(district_a_officer)
    url = reverse("monitoring:clue-detail", args=[clue_a.pk])
    refused = client.post(url, {"action": "dismiss", "reason": "  "})
    assert refused.status_code == 200
    clue_a.refresh_from_db()
    assert clue_a.status == "new"
    done = client.post(
        url, {"action": "dismiss", "reason": "已核实：停产检修期间仪器维护"}
    )
    assert done.status_code == 302
    clue_a.refresh_from_db()
    assert clue_a.status == "dismissed"
    assert clue_a.decided_by == district_a_officer
    assert clue_a.decision_reason == "已核实：停产检修期间仪器维护"
    assert clue_a.decided_at is not None
    entries = [payload_of(r) for r in records.history(clue_a)]
    assert any("已核实：停产检修期间仪器维护" in str(entry) for entry in entries)
    assert list(records.history(clue_a).values_list("actor_id", flat=True))[-1] == (
        district_a_officer.pk
    )
