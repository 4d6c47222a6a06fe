"""Major incidents fed into the veto (X1 → D7): the year's 重大/特别重大
environmental emergencies with no standing veto are listed on the veto page
(待研判一票否决) in the user's area, a link prefills the form, and `veto_record`
ties the veto to the incident only when it is 重大 or above, of the year and
district, and not already vetoed; the record entry keeps the incident's id."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ecobureau.core.models import Record
from ecobureau.lib.dates import SHANGHAI
from ecobureau.quality import selectors, services
from ecobureau.quality.models import Veto

from .incidents import duty_officer, graded_incident

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 20, 10, tzinfo=SHANGHAI)
JUNE = datetime(2026, 6, 3, 14, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def duty(bureau):
    return duty_officer(bureau)


@pytest.fixture
def major_a(duty, district_a):
    """A 重大 incident in district A in June 2026."""
    return graded_incident(duty, district_a, "major", occurred_at=JUNE)


def _record(actor, **kwargs):
    fields = {
        "year": 2026,
        "unit_name": "铁东区人民政府",
        "reason": Veto.Reason.INCIDENT,
        "facts": "辖区发生重大突发环境事件",
        "decided_on": date(2026, 11, 1),
        "now": NOW,
    }
    fields.update(kwargs)
    return services.veto_record(actor=actor, **fields)


# --- The service ------------------------------------------------------------------------


def test_a_veto_tied_to_a_major_incident_keeps_its_id_in_the_record(
    monitor, district_a, major_a
) -> None:
    veto = _record(monitor, district=district_a, incident=major_a.pk)
    assert veto.incident_id == major_a.pk
    payload = json.loads(Record.objects.get(action="quality.veto_record").payload)
    assert payload["data"]["incident"] == major_a.pk
    assert selectors.incidents_pending_veto_for_user(monitor, year=2026) == []


def test_refused_below_major_in_another_year_or_district_or_for_another_reason(
    monitor, duty, district_a, district_b
) -> None:
    larger = graded_incident(duty, district_a, "larger", occurred_at=JUNE)
    with pytest.raises(ValidationError, match="较大（Ⅲ级）"):
        _record(monitor, incident=larger.pk)
    last_year = graded_incident(
        duty, district_a, "especially_major", occurred_at=datetime(2025, 8, 1, tzinfo=SHANGHAI)
    )  # fmt: skip
    with pytest.raises(ValidationError, match="该事件发生在2025年，不属于2026年度"):
        _record(monitor, incident=last_year.pk)
    major = graded_incident(duty, district_a, "major", occurred_at=JUNE)
    with pytest.raises(ValidationError, match="不在铁西区辖区"):
        _record(monitor, district=district_b, incident=major.pk)
    with pytest.raises(ValidationError, match="否决事由应为"):
        _record(monitor, reason=Veto.Reason.DUTY, incident=major.pk)
    with pytest.raises(ValidationError, match="未找到该突发环境事件"):
        _record(monitor, incident=major.pk + 1000)
    assert not Veto.objects.exists()


def test_one_standing_veto_per_incident(monitor, district_a, major_a) -> None:
    first = _record(monitor, district=district_a, incident=major_a.pk)
    # Another unit, same incident: refused while the first stands.
    with pytest.raises(ValidationError, match="该事件已有一项有效的一票否决"):
        _record(monitor, unit_name="铁东区生态环境分局", incident=major_a.pk)
    services.veto_withdraw(actor=monitor, veto=first, reason="复议撤销", now=NOW)
    assert [i.pk for i in selectors.incidents_pending_veto_for_user(monitor, year=2026)] == [major_a.pk]  # fmt: skip
    _record(monitor, unit_name="铁东区生态环境分局", incident=major_a.pk)
    assert Veto.objects.filter(incident_id=major_a.pk).count() == 2


# --- The page ---------------------------------------------------------------------------


def test_page_lists_pending_incidents_and_the_link_prefills_the_form(
    client, monitor, duty, district_a, major_a
) -> None:
    graded_incident(duty, district_a, "larger", occurred_at=JUNE, title="较大事件")
    client.force_login(monitor)
    url = reverse("quality:vetoes")
    client.get(url)  # (the first request also loads the session)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    # The list costs the same whatever the number of incidents (no N+1).
    graded_incident(duty, district_a, "major", occurred_at=JUNE, title="另一事件")
    with CaptureQueriesContext(connection) as two:
        body = client.get(url).content.decode()
    assert len(two) == len(one)
    assert "另一事件" in body
    assert "本年度重大及以上突发环境事件（待研判一票否决）" in body
    assert f'data-testid="pending-incident-{major_a.pk}"' in body
    assert "较大事件" not in body
    link = f"?year=2026&amp;incident={major_a.pk}"
    assert link in body

    response = client.get(url, {"year": "2026", "incident": str(major_a.pk)})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["reason"] == Veto.Reason.INCIDENT
    assert form.initial["district"] == district_a.pk
    assert form.initial["year"] == 2026 and form.initial["incident"] == major_a.pk
    facts = form.initial["facts"]
    assert f"突发环境事件#{major_a.pk}" in facts and "重大（Ⅱ级）" in facts
    assert "2026年6月3日" in facts
    body = response.content.decode()
    assert f'name="incident" value="{major_a.pk}"' in body

    # Recorded from the prefilled form: the incident leaves the list.
    data = {**{k: v for k, v in form.initial.items() if v is not None}}
    data.update(unit_name="铁东区人民政府", decided_on="2026-11-01")
    assert client.post(reverse("quality:veto-create"), data).status_code == 302
    assert Veto.objects.get().incident_id == major_a.pk
    body = client.get(url).content.decode()
    assert f'data-testid="pending-incident-{major_a.pk}"' not in body
    assert f"关联突发环境事件#{major_a.pk}" in body
    # A vetoed incident no longer prefills.
    assert client.get(url, {"incident": str(major_a.pk)}).status_code == 404


def test_refused_form_answers_400_and_keeps_what_was_typed(
    client, monitor, duty, district_a
) -> None:
    larger = graded_incident(duty, district_a, "larger", occurred_at=JUNE)
    client.force_login(monitor)
    response = client.post(
        reverse("quality:veto-create"),
        {"year": "2026", "unit_name": "铁东区人民政府", "reason": "incident",
         "district": str(district_a.pk), "facts": "储罐泄漏致3人死亡",
         "decided_on": "2026-11-01", "incident": str(larger.pk)},
    )  # fmt: skip
    assert response.status_code == 400
    body = response.content.decode()
    assert (
        "该事件级别为较大（Ⅲ级），只有重大及以上突发环境事件可作为否决或追责依据"
        in body
    )
    assert 'value="铁东区人民政府"' in body and "储罐泄漏致3人死亡" in body
    assert f'name="incident" value="{larger.pk}"' in body
    assert not Veto.objects.exists()


def test_district_staff_see_only_their_district_and_the_public_nothing(
    client, duty, district_a_officer, district_b_officer, district_b, citizen, major_a
) -> None:
    major_b = graded_incident(
        duty, district_b, "especially_major", occurred_at=JUNE, title="铁西某厂爆炸"
    )
    url = reverse("quality:vetoes")
    client.force_login(district_b_officer)
    body = client.get(url).content.decode()
    assert f'data-testid="pending-incident-{major_b.pk}"' in body
    assert f'data-testid="pending-incident-{major_a.pk}"' not in body
    assert "铁西某厂爆炸" in body and major_a.title not in body
    # No form and no prefill for those who may not record.
    assert "登记一票否决</a>" not in body
    response = client.get(url, {"incident": str(major_a.pk)})
    assert response.status_code == 200 and response.context["form"] is None
    assert [i.pk for i in selectors.incidents_pending_veto_for_user(district_a_officer, year=2026)] == [major_a.pk]  # fmt: skip
    client.force_login(citizen)
    assert client.get(url).status_code in (302, 403)
    assert selectors.incidents_pending_veto_for_user(citizen, year=2026) == []
    client.logout()
    assert client.get(url).status_code == 302


def test_earlier_year_on_request(client, monitor, duty, district_a) -> None:
    last_year = graded_incident(
        duty, district_a, "major", occurred_at=datetime(2025, 9, 1, tzinfo=SHANGHAI)
    )
    client.force_login(monitor)
    body = client.get(reverse("quality:vetoes")).content.decode()
    assert f"pending-incident-{last_year.pk}" not in body and "查看2025年度" in body
    body = client.get(reverse("quality:vetoes"), {"year": "2025"}).content.decode()
    assert "2025年度重大及以上突发环境事件（待研判一票否决）" in body
    assert f"pending-incident-{last_year.pk}" in body
