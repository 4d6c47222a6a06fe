"""Discharge without a valid permit or above the permitted total (D14): actual
totals from flow × concentration in the stored data, the daily check raising a
flag and a clue once, the permitted totals entered by the monitoring centre,
and the public page of discharge methods and totals without personal data."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ecobureau.enterprises.models import Permit
from ecobureau.lib import hj212
from ecobureau.lib.dates import SHANGHAI
from ecobureau.monitoring import discharge, services
from ecobureau.monitoring.models import (
    Clue,
    DischargeAllowance,
    DischargeFlag,
    Instrument,
)
from ecobureau.monitoring.services import ingest

pytestmark = pytest.mark.django_db

DAY = datetime(2026, 11, 17, tzinfo=SHANGHAI)
NOW = datetime(2026, 11, 21, 2, 0, tzinfo=SHANGHAI)


def store(instrument, cn: str, at: datetime, items: list[str], n: int) -> None:
    (segment,) = hj212.data_segments(
        qn=f"20261117{n:09d}",
        st=instrument.system_code,
        cn=cn,
        pw="x",
        mn=instrument.mn,
        data_time=at,
        items=items,
    )
    packet = hj212.decode_frame(hj212.frame(segment))
    assert packet.ok, packet.error
    services.frames_store(
        [ingest.Received(instrument.pk, packet, at + timedelta(minutes=1), "test")],
        seen=[instrument.pk],
        now=NOW,
    )


def store_history(instrument) -> None:
    """Three days of daily data (COD 40 mg/L, 1,000 m³ a day: 0.04 t a day),
    then a day with hourly data only (COD 40 mg/L at 10 L/s: 0.00144 t an hour)."""
    for n in range(3):
        store(
            instrument,
            "2031",
            DAY + timedelta(days=n),
            [
                "w01018-Avg=40,w01018-Flag=N",
                "w00000-Avg=11.57,w00000-Cou=1000,w00000-Flag=N",
            ],
            n,
        )
    for hour in range(24):
        store(
            instrument,
            "2061",
            DAY + timedelta(days=3, hours=hour),
            ["w01018-Avg=40,w01018-Flag=N", "w00000-Avg=10,w00000-Flag=N"],
            100 + hour,
        )


@pytest.fixture
def permit_a(enterprise_a) -> Permit:
    return Permit.objects.create(
        enterprise=enterprise_a,
        kind=Permit.Kind.DISCHARGE,
        number="912103000000000001001P",
        issuer="鞍山市生态环境局",
        issued_on=date(2024, 1, 1),
        valid_until=date(2028, 12, 31),
    )


def test_totals_are_flow_times_concentration_daily_else_hourly(instrument_a) -> None:
    store_history(instrument_a)
    totals = discharge.year_totals([instrument_a], 2026, until=NOW)
    cod = totals["w01018"]
    assert cod.tonnes_decimal == Decimal("0.1546")
    assert cod.by_day[date(2026, 11, 17)] == pytest.approx(0.04)
    assert cod.by_day[date(2026, 11, 20)] == pytest.approx(0.03456)
    assert cod.by_month[11] == pytest.approx(0.15456)
    assert "w00000" not in totals


def test_the_check_flags_over_total_once_with_a_clue(
    instrument_a, permit_a, monitoring_staff
) -> None:
    store_history(instrument_a)
    services.allowance_set(
        permit=permit_a,
        data=services.AllowanceData(
            pollutant_code="w01018",
            yearly_tonnes=Decimal("0.1"),
            method="continuous",
            route="direct",
            receiving="太子河",
        ),
        by=monitoring_staff,
    )
    first = services.discharge_check(now=NOW)
    again = services.discharge_check(now=NOW)
    assert (first.over_total, again.over_total) == (1, 0)
    flag = DischargeFlag.objects.get()
    assert flag.kind == DischargeFlag.Kind.OVER_TOTAL
    assert flag.actual_tonnes == Decimal("0.1546")
    assert flag.permitted_tonnes == Decimal("0.1")
    clue = Clue.objects.get()
    assert clue.source == Clue.Source.PERMIT
    assert clue.discharge_flag == flag
    assert clue.district_id == instrument_a.enterprise.district_id


def test_discharging_without_a_valid_permit_is_flagged(
    instrument_a, instrument_b, permit_a
) -> None:
    Instrument.objects.update(last_seen_at=timezone.now() - timedelta(hours=1))
    call_command("check_discharge_permits", stdout=open("/dev/null", "w"))  # noqa: SIM115
    flag = DischargeFlag.objects.get()
    # A has a permit in force; B has none.
    assert flag.enterprise == instrument_b.enterprise
    assert flag.kind == DischargeFlag.Kind.NO_PERMIT
    assert Clue.objects.get().discharge_flag == flag
    # An expired permit is no permit.
    Permit.objects.filter(pk=permit_a.pk).update(valid_until=date(2020, 1, 1))
    assert services.discharge_check().no_permit == 1


def test_allowance_input_and_who_may_enter_it(
    permit_a, monitoring_staff, district_b_officer, district_a_officer
) -> None:
    data = services.AllowanceData(
        pollutant_code="x99",
        yearly_tonnes=Decimal("1"),
        method="continuous",
        route="direct",
    )
    with pytest.raises(ValidationError, match="不是HJ 212污染物编码"):
        services.allowance_set(permit=permit_a, data=data, by=monitoring_staff)
    good = services.AllowanceData(
        pollutant_code="w01018",
        yearly_tonnes=Decimal("1"),
        method="continuous",
        route="direct",
    )
    for outsider in (district_b_officer, district_a_officer):
        with pytest.raises(PermissionDenied):
            services.allowance_set(permit=permit_a, data=good, by=outsider)
    assert not DischargeAllowance.objects.exists()


def test_allowance_page_keeps_bad_input(
    client, permit_a, enterprise_a, monitoring_staff
) -> None:
    client.force_login(monitoring_staff)
    url = reverse("monitoring:allowance-list", args=[enterprise_a.pk])
    response = client.post(
        url,
        {
            "permit": permit_a.pk,
            "pollutant_code": "w01018",
            "yearly_tonnes": "-3",
            "method": "continuous",
            "route": "direct",
            "receiving": "太子河",
        },
    )
    assert response.status_code == 400
    assert "太子河" in response.content.decode()
    assert not DischargeAllowance.objects.exists()


def test_public_page_shows_method_and_totals_without_personal_data(
    client, instrument_a, permit_a, monitoring_staff, enterprise_b
) -> None:
    store_history(instrument_a)
    services.allowance_set(
        permit=permit_a,
        data=services.AllowanceData(
            pollutant_code="w01018",
            yearly_tonnes=Decimal("12.5"),
            method="intermittent",
            route="indirect",
        ),
        by=monitoring_staff,
    )
    enterprise = instrument_a.enterprise
    enterprise.contact_name = "联系人甲"
    enterprise.contact_phone = "13800000000"
    enterprise.legal_representative = "法人乙"
    enterprise.save()
    services.discharge_summary_refresh(now=NOW)
    response = client.get(reverse("monitoring:discharge-public"), {"year": 2026})
    assert response.status_code == 200
    body = response.content.decode()
    assert enterprise.name in body
    assert "间歇排放" in body
    assert "12.5" in body
    assert "0.1546" in body
    for private in ("联系人甲", "13800000000", "法人乙"):
        assert private not in body
    # Enterprises without a permit stating totals are not listed.
    assert enterprise_b.name not in body


def test_staff_pages_of_flags_and_allowances_are_scoped(
    client, instrument_b, enterprise_b, district_a_officer, enterprise_user_a
) -> None:
    Instrument.objects.update(last_seen_at=NOW - timedelta(hours=1))
    services.discharge_check(now=NOW)
    client.force_login(district_a_officer)
    page = client.get(reverse("monitoring:flag-list")).content.decode()
    assert enterprise_b.name not in page
    url = reverse("monitoring:allowance-list", args=[enterprise_b.pk])
    assert client.get(url).status_code == 404
    client.force_login(enterprise_user_a)
    assert client.get(reverse("monitoring:flag-list")).status_code in (302, 403)
