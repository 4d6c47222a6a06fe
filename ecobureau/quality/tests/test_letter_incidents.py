"""Major incidents fed into the responsibility letters (X1 → D3): the letter page
shows the 重大/特别重大 incidents of the letter's area and year; an unmet letter
whose cause is 辖区发生重大环境污染事件 names one of them, checked by
`letter_conclude` and kept in its record entry."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from ecobureau.core.models import Record
from ecobureau.lib.dates import SHANGHAI
from ecobureau.quality import services
from ecobureau.quality.models import Letter

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
def letter_a(monitor, district_a) -> Letter:
    """铁东区's 2026 letter, its one target assessed unmet."""
    letter = services.letter_create(
        actor=monitor, year=2026, unit_name="铁东区人民政府", issuer="市人民政府",
        head_name="李四", head_post="区长", signed_on=date(2026, 2, 1),
        targets=[("不发生重大环境污染事件", "")], now=NOW, district=district_a,
    )  # fmt: skip
    services.letter_target_assess(
        actor=monitor, target=letter.targets.get(), met=False, result="6月发生", now=NOW
    )
    return letter


def _conclude(actor, letter, **kwargs):
    fields = {"cause": "incident", "accountability": "区长诫勉谈话", "now": NOW}
    fields.update(kwargs)
    return services.letter_conclude(actor=actor, letter=letter, **fields)


def test_cause_incident_names_a_major_incident_of_the_area_and_year(
    monitor, duty, district_a, district_b, letter_a
) -> None:
    with pytest.raises(ValidationError, match="请选择该事件"):
        _conclude(monitor, letter_a)
    larger = graded_incident(duty, district_a, "larger", occurred_at=JUNE)
    with pytest.raises(ValidationError, match="较大（Ⅲ级）"):
        _conclude(monitor, letter_a, incident=larger.pk)
    in_b = graded_incident(duty, district_b, "major", occurred_at=JUNE)
    with pytest.raises(ValidationError, match="不在铁东区辖区"):
        _conclude(monitor, letter_a, incident=in_b.pk)
    major = graded_incident(duty, district_a, "major", occurred_at=JUNE)
    with pytest.raises(ValidationError, match="时才关联事件"):
        _conclude(monitor, letter_a, cause="poor_work", incident=major.pk)
    letter = _conclude(monitor, letter_a, incident=major.pk)
    assert (letter.status, letter.cause, letter.incident_id) == ("unmet", "incident", major.pk)  # fmt: skip
    payload = json.loads(Record.objects.get(action="quality.letter_conclude").payload)
    assert (payload["data"]["cause"], payload["data"]["incident"]) == ("incident", major.pk)  # fmt: skip


def test_letter_page_shows_the_area_incidents_and_the_form_offers_them(
    client, monitor, duty, district_a, district_b, letter_a
) -> None:
    major = graded_incident(
        duty, district_a, "major", occurred_at=JUNE, title="A区泄漏"
    )
    graded_incident(duty, district_b, "major", occurred_at=JUNE, title="B区爆炸")
    client.force_login(monitor)
    url = reverse("quality:letter-detail", args=[letter_a.pk])
    body = client.get(url).content.decode()
    assert "2026年度铁东区重大及以上突发环境事件" in body
    assert f"突发环境事件#{major.pk} A区泄漏" in body and "B区爆炸" not in body
    assert f'<option value="{major.pk}">#{major.pk} A区泄漏' in body

    # Refused (no incident chosen): 400, what was typed kept.
    conclude = reverse("quality:letter-conclude", args=[letter_a.pk])
    response = client.post(
        conclude,
        {"cause": "incident", "incident": "", "accountability": "区长诫勉谈话"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "请选择该事件" in body and "区长诫勉谈话" in body
    assert '<option value="incident" selected>' in body
    response = client.post(
        conclude,
        {"cause": "incident", "incident": str(major.pk), "accountability": "诫勉谈话"},
    )
    assert response.status_code == 302
    body = client.get(url).content.decode()
    assert f"辖区发生重大环境污染事件：突发环境事件#{major.pk} A区泄漏" in body


def test_other_district_staff_do_not_see_the_incidents(
    client, monitor, duty, district_a, district_b_officer, letter_a
) -> None:
    graded_incident(duty, district_a, "major", occurred_at=JUNE, title="A区泄漏")
    client.force_login(district_b_officer)
    body = client.get(
        reverse("quality:letter-detail", args=[letter_a.pk])
    ).content.decode()
    assert "A区泄漏" not in body


def test_a_choice_outside_the_area_is_refused_by_the_form(
    client, monitor, duty, district_b, letter_a
) -> None:
    in_b = graded_incident(duty, district_b, "major", occurred_at=JUNE)
    client.force_login(monitor)
    response = client.post(
        reverse("quality:letter-conclude", args=[letter_a.pk]),
        {"cause": "incident", "incident": str(in_b.pk), "accountability": "诫勉"},
    )
    assert response.status_code == 400
    letter_a.refresh_from_db()
    assert letter_a.status == Letter.Status.SIGNED
