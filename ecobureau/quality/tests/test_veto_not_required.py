"""研判不予一票否决 (D7): the city may find that a 重大/特别重大 incident calls for
no veto; the reason is recorded, the incident leaves the list awaiting a decision
and is listed with its reason. Refused without a reason, twice, for an incident
already vetoed, below 重大; only city recorders may; a refused form comes back
400 as typed."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.core import records
from ecobureau.core.models import Record
from ecobureau.lib.dates import SHANGHAI
from ecobureau.quality import selectors, services
from ecobureau.quality.models import Veto, VetoNotRequired

from .incidents import duty_officer, graded_incident

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 20, 10, tzinfo=SHANGHAI)
JUNE = datetime(2026, 6, 3, 14, tzinfo=SHANGHAI)
REASON = "事故系上游外省企业违法排放所致，本市辖区单位无失职"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def major_a(bureau, district_a):
    return graded_incident(duty_officer(bureau), district_a, "major", occurred_at=JUNE)


def _judge(actor, incident, **kwargs):
    fields = {"year": 2026, "reason": REASON, "decided_on": date(2026, 11, 10)}
    fields.update(kwargs)
    return services.veto_not_required_record(
        actor=actor, incident=incident.pk, now=NOW, **fields
    )


def test_judged_incident_leaves_the_pending_list_with_its_reason_recorded(
    monitor, major_a
) -> None:
    judged = _judge(monitor, major_a)
    assert selectors.incidents_pending_veto_for_user(monitor, year=2026) == []
    assert list(selectors.veto_not_required_list_for_user(monitor, year=2026)) == [
        judged
    ]
    entry = Record.objects.get(action="quality.veto_not_required")
    assert json.loads(entry.payload)["data"]["incident"] == major_a.pk
    assert records.verify() == (Record.objects.count(), None)


def test_refusals(monitor, bureau, district_a, district_a_officer, major_a) -> None:
    with pytest.raises(ValidationError, match="请填写不予否决的理由"):
        _judge(monitor, major_a, reason="  ")
    with pytest.raises(ValidationError, match="研判日期不能晚于今天"):
        _judge(monitor, major_a, decided_on=date(2026, 12, 1))
    larger = graded_incident(
        duty_officer(bureau), district_a, "larger", occurred_at=JUNE, title="较大"
    )
    with pytest.raises(ValidationError, match="较大（Ⅲ级）"):
        _judge(monitor, larger)
    with pytest.raises(ValidationError, match="不属于2025年度"):
        _judge(monitor, major_a, year=2025)
    with pytest.raises(PermissionDenied):
        _judge(district_a_officer, major_a)
    services.veto_record(
        actor=monitor, year=2026, unit_name="铁东区人民政府",
        reason=Veto.Reason.INCIDENT, facts="重大事件", decided_on=date(2026, 11, 1),
        now=NOW, district=district_a, incident=major_a.pk,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="已登记一票否决"):
        _judge(monitor, major_a)
    assert not VetoNotRequired.objects.exists()


def test_once_per_incident(monitor, major_a) -> None:
    _judge(monitor, major_a)
    with pytest.raises(ValidationError, match="已研判不予一票否决"):
        _judge(monitor, major_a, reason="再次登记")
    assert VetoNotRequired.objects.count() == 1


def test_through_the_page_refused_as_typed_then_recorded(
    client, monitor, major_a
) -> None:
    client.force_login(monitor)
    url = reverse("quality:veto-not-required", args=[major_a.pk]) + "?year=2026"
    refused = client.post(url, {"reason": REASON, "decided_on": "2026-12-01"})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "研判日期不能晚于今天" in body and REASON in body
    assert f'id="id_nr{major_a.pk}_reason"' in body
    done = client.post(url, {"reason": REASON, "decided_on": "2026-11-10"})
    assert done.status_code == 302
    page = client.get(reverse("quality:vetoes")).content.decode()
    assert f'data-testid="pending-incident-{major_a.pk}"' not in page
    assert 'data-testid="judged-incidents"' in page and REASON in page
    # No longer pending: a second post finds nothing to judge.
    assert (
        client.post(url, {"reason": "x", "decided_on": "2026-11-10"}).status_code == 404
    )


def test_who_may_not(
    client, district_a_officer, district_b_officer, citizen, major_a
) -> None:
    url = reverse("quality:veto-not-required", args=[major_a.pk]) + "?year=2026"
    data = {"reason": REASON, "decided_on": "2026-11-10"}
    client.force_login(district_a_officer)  # sees the incident, may not record
    assert client.post(url, data).status_code == 403
    client.force_login(district_b_officer)
    assert client.post(url, data).status_code == 403
    client.force_login(citizen)
    assert client.post(url, data).status_code in (302, 403)
    client.logout()
    assert client.post(url, data).status_code == 302
    assert not VetoNotRequired.objects.exists()
