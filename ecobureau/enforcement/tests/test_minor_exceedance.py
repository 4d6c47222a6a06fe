"""Minor-violation item 3 (超标排放) read from the monitoring module's exceedance
episode instead of typed (issue 9 item 3): the pollutant's class, the hours and
the extent come from the episode; typed facts stand only for an on-site sample,
marked so; only the case enterprise's finished episodes the officer may see."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ecobureau.enterprises.models import EmissionLimit, Outlet
from ecobureau.monitoring import services as monitoring_services
from ecobureau.monitoring.models import Exceedance

from ..models import MinorViolationItem
from ..services import minor as minor_services

pytestmark = pytest.mark.django_db


def item3() -> MinorViolationItem:
    return MinorViolationItem.objects.get(number=3, part=1)


def episode(enterprise, *, code="w01018", hours=2, max_value="55", ongoing=False, n=1):
    """One episode as monitoring's evaluation leaves it (its own tests cover how
    episodes are found): COD against a 50 mg/L limit by default."""
    outlet = Outlet.objects.create(
        enterprise=enterprise, code=f"DW00{n}", name="废水排放口", kind="water"
    )
    limit = EmissionLimit.objects.create(
        outlet=outlet,
        pollutant_code=code,
        pollutant_name="化学需氧量",
        limit_value=Decimal("50"),
        unit="mg/L",
        basis="measured",
        effective_from=date(2015, 1, 1),
    )
    instrument = monitoring_services.instrument_register(
        outlet=outlet,
        data=monitoring_services.InstrumentData(mn=f"MN{n:022d}", name="COD在线监测"),
        by=None,
    )
    start = timezone.now() - timedelta(days=3)
    return Exceedance.objects.create(
        instrument=instrument,
        enterprise=enterprise,
        outlet=outlet,
        limit=limit,
        code=code,
        pollutant_name="化学需氧量",
        unit="mg/L",
        field="Avg",
        limit_value=Decimal("50"),
        started_at=start,
        ended_at=start + timedelta(hours=hours),
        hours=hours,
        max_value=Decimal(max_value),
        max_multiple=(Decimal(max_value) - 50) / 50,
        ongoing=ongoing,
    )


def test_item_3_facts_are_read_from_the_episode(
    client, filed_case, officers, enterprise_a
):
    ep = episode(enterprise_a)  # 2 hours, (55 − 50) / 50 = 0.1: within the item
    url = reverse("enforcement:minor-check", args=[filed_case.pk])
    client.force_login(officers[0])
    page = client.get(url, {"item": item3().pk}).content.decode()
    assert f'name="exceedance" value="{ep.pk}"' in page
    # the typed hours (1) give way to the episode's (2)
    response = client.post(
        url, {"item": item3().pk, "exceedance": str(ep.pk), "hours": "1"}
    )
    assert response.status_code == 302
    check = filed_case.minor_checks.get()
    assert check.exceedance == ep and not check.manual_measurement
    assert check.facts["hours"] == "2" and check.facts["multiple"] == "0.1000"
    assert check.facts["not_excluded"] is True and check.eligible


def test_a_longer_episode_is_not_minor_whatever_is_typed(
    filed_case, officers, enterprise_a
):
    ep = episode(enterprise_a, hours=3)
    check = minor_services.minor_check(
        case=filed_case,
        item=item3(),
        facts={"not_excluded": True, "hours": "1", "multiple": "0.05"},
        exceedance=ep,
        by=officers[0],
    )
    assert check.facts["hours"] == "3" and not check.eligible


def test_typed_facts_only_for_an_on_site_sample(client, filed_case, officers):
    url = reverse("enforcement:minor-check", args=[filed_case.pk])
    client.force_login(officers[0])
    typed = {"item": item3().pk, "not_excluded": "1", "hours": "1", "multiple": "0.05"}
    page = client.post(url, typed)
    assert page.status_code == 400 and "现场采样监测" in page.content.decode()
    assert not filed_case.minor_checks.exists()
    assert client.post(url, {**typed, "manual_measurement": "1"}).status_code == 302
    check = filed_case.minor_checks.get()
    assert check.manual_measurement and check.exceedance is None and check.eligible


def test_only_the_partys_finished_episodes_seen_by_the_officer(
    client, filed_case, officers, enterprise_b, enterprise_a, district_b_officer
):
    other = episode(enterprise_b, n=2)
    running = episode(enterprise_a, ongoing=True, n=3)
    for ep, message in ((other, "不是本案当事人"), (running, "尚未结束")):
        with pytest.raises(ValidationError, match=message):
            minor_services.minor_check(
                case=filed_case,
                item=item3(),
                facts={},
                exceedance=ep,
                by=officers[0],
            )
    assert minor_services.exceedance_episodes(filed_case, officers[0]) == []
    # the page offers neither, and a posted id of another party's episode is ignored
    url = reverse("enforcement:minor-check", args=[filed_case.pk])
    client.force_login(officers[0])
    page = client.post(url, {"item": item3().pk, "exceedance": str(other.pk)})
    assert page.status_code == 400 and not filed_case.minor_checks.exists()
    # an officer of another district cannot open the case's check at all
    client.force_login(district_b_officer)
    assert client.get(url).status_code in (403, 404)


def test_ph_and_noise_are_read_as_the_item_reads_them(enterprise_a):
    ph = episode(enterprise_a, code="w01001", max_value="9.6", hours=1, n=4)
    facts = minor_services.facts_from_exceedance(ph)
    assert facts["ph"] == Decimal("9.6") and "multiple" not in facts
    noise = episode(enterprise_a, code="LA", max_value="50.8", hours=1, n=5)
    facts = minor_services.facts_from_exceedance(noise)
    assert facts["noise_db"] == Decimal("0.8") and "multiple" not in facts
