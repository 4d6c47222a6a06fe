"""The veto register (一票否决, D7): recorded by city-scope quality staff with its
consequences and a record entry holding no names, one standing veto per unit,
year and reason, withdrawal kept, the page's refused form (400, input kept), and
who may not see or write it."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.core.models import Record
from ecobureau.lib.dates import SHANGHAI
from ecobureau.quality import selectors, services
from ecobureau.quality.models import Veto

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 20, 10, tzinfo=SHANGHAI)


def _record(actor, **kwargs):
    fields = {
        "year": 2026,
        "unit_name": "铁东区人民政府",
        "reason": Veto.Reason.INCIDENT,
        "facts": "2026年6月辖区发生较大突发环境事件",
        "decided_on": date(2026, 11, 1),
        "now": NOW,
    }
    fields.update(kwargs)
    return services.veto_record(actor=actor, **fields)


def test_city_staff_record_a_veto_with_its_consequences_and_a_record_entry(
    monitor, district_a
) -> None:
    veto = _record(
        monitor, district=district_a, person_name="张三", person_post="副区长"
    )
    assert veto.consequences == (
        "取消铁东区人民政府2026年度各类表彰奖励资格；取消责任人当年评优评先和提拔任用资格"
    )
    assert selectors.is_vetoed(year=2026, unit_name="铁东区人民政府")
    assert not selectors.is_vetoed(year=2025, unit_name="铁东区人民政府")
    entry = Record.objects.get(action="quality.veto_record")
    assert entry.target_id == str(veto.pk)
    # The record names the unit, never the person.
    payload = json.loads(entry.payload)
    assert "张三" not in str(payload) and "副区长" not in str(payload)
    assert payload["data"]["person_named"] is True
    assert payload["data"]["unit"] == "铁东区人民政府"


def test_one_standing_veto_per_unit_year_and_reason_and_rules_on_dates(
    monitor,
) -> None:
    _record(monitor)
    with pytest.raises(ValidationError, match="已因同一事由"):
        _record(monitor)
    _record(monitor, reason=Veto.Reason.DUTY)  # another reason is its own veto
    with pytest.raises(ValidationError) as error:
        _record(monitor, unit_name="立山区人民政府", year=2027)
    assert "年度应在2000年至2026年之间" in str(error.value)
    with pytest.raises(ValidationError):
        _record(monitor, unit_name="立山区人民政府", decided_on=date(2026, 12, 1))
    with pytest.raises(ValidationError):
        _record(
            monitor, unit_name="立山区人民政府", year=2026, decided_on=date(2025, 12, 1)
        )
    assert Veto.objects.count() == 2


def test_withdrawal_keeps_the_veto_and_lifts_it(monitor) -> None:
    veto = _record(monitor)
    services.veto_withdraw(actor=monitor, veto=veto, reason="复议撤销原决定", now=NOW)
    veto.refresh_from_db()
    assert veto.withdrawn_at is not None and veto.withdrawn_reason == "复议撤销原决定"
    assert not selectors.is_vetoed(year=2026, unit_name="铁东区人民政府")
    with pytest.raises(ValidationError, match="已撤销"):
        services.veto_withdraw(actor=monitor, veto=veto, reason="再次", now=NOW)
    # A new veto for the same unit, year and reason may now be recorded.
    _record(monitor)
    assert Record.objects.filter(action="quality.veto_withdraw").count() == 1


def test_only_city_scope_quality_staff_may_record(
    district_a_leader, district_a_officer, city_leader, citizen
) -> None:
    # city_leader is a bureau leader and system admin (city scope, manages).
    _record(city_leader)
    for person in (district_a_leader, district_a_officer, citizen):
        with pytest.raises(PermissionDenied):
            _record(person, unit_name="立山区人民政府")
    assert Veto.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_refused_form_answers_400_and_keeps_what_was_typed(client, monitor) -> None:
    client.force_login(monitor)
    response = client.post(
        reverse("quality:veto-create"),
        {"year": "2027", "unit_name": "立山区环境保护局", "reason": "duty",
         "facts": "未按期完成整改", "decided_on": "2026-11-01"},
    )  # fmt: skip
    assert response.status_code == 400
    body = response.content.decode()
    assert "年度应在2000年至2026年之间" in body
    assert 'value="立山区环境保护局"' in body and "未按期完成整改" in body
    assert not Veto.objects.exists()
    response = client.post(
        reverse("quality:veto-create"),
        {"year": "2026", "unit_name": "立山区环境保护局", "reason": "duty",
         "facts": "未按期完成整改", "decided_on": "2026-11-01"},
    )  # fmt: skip
    assert response.status_code == 302
    body = client.get(reverse("quality:vetoes")).content.decode()
    assert "立山区环境保护局" in body and "取消立山区环境保护局2026年度" in body


def test_who_may_not_see_or_write_the_register(
    client, monitor, district_a_officer, township_official, enterprise_user_a
) -> None:
    veto = _record(monitor)
    url = reverse("quality:vetoes")
    # A district officer reads the register but gets no form and may not write.
    client.force_login(district_a_officer)
    response = client.get(url)
    assert response.status_code == 200 and 'data-testid="veto-form"' not in response.content.decode()  # fmt: skip
    assert client.post(reverse("quality:veto-withdraw", args=[veto.pk]), {"reason": "x"}).status_code == 403  # fmt: skip
    assert client.post(reverse("quality:veto-create"), {}).status_code == 403
    # Staff without quality.view_quality, enterprises and the public see nothing.
    for outsider in (township_official, enterprise_user_a):
        client.force_login(outsider)
        assert client.get(url).status_code in (302, 403)
        assert selectors.veto_list_for_user(outsider).count() == 0
    client.logout()
    assert client.get(url).status_code == 302
    veto.refresh_from_db()
    assert veto.withdrawn_at is None
