"""自动监控设备安装及变更备案 (requirements A11): filed within 5 working days of
the acceptance, decided the same day; filing it registers the instrument; staff
of another district cannot file for the enterprise."""

from datetime import date, datetime, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ecobureau.casework.models import Clock
from ecobureau.lib.dates import SHANGHAI
from ecobureau.monitoring import services
from ecobureau.monitoring.models import Filing, Instrument

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 23)


def report() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "验收报告.pdf",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
    )


def data(outlet, accepted_on: date, mn: str = "NEW0000000000000000000A1"):
    return services.FilingData(
        kind=Filing.Kind.INSTALL,
        outlet=outlet,
        mn=mn,
        vendor="某某环境仪器",
        model_name="COD-2000",
        description="新装化学需氧量在线监测仪及数采仪",
        accepted_on=accepted_on,
    )


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), SHANGHAI)


def test_the_fifth_working_day_after_acceptance_is_the_last_day() -> None:
    # Accepted on Friday 20 November: Mon 23 … Fri 27 are the five working days.
    assert services.filing_due(date(2026, 11, 20)) == date(2026, 11, 27)


def test_a_filing_is_decided_the_same_day_and_filing_it_registers_the_instrument(
    water_outlet_a, district_a_officer
) -> None:
    filing = services.filing_submit(
        data=data(water_outlet_a, date(2026, 11, 20)),
        report=report(),
        by=district_a_officer,
        now=at(MONDAY, 10),
    )
    assert filing.due_on == date(2026, 11, 27) and not filing.late
    clock = Clock.objects.get(target_type="monitoring.filing", target_id=filing.pk)
    assert clock.due_at.astimezone(SHANGHAI) == at(MONDAY, 17, 30)
    services.filing_file(
        filing=filing, opinion="材料齐全，予以备案", by=district_a_officer
    )
    filing.refresh_from_db()
    assert filing.status == "filed"
    instrument = Instrument.objects.get(mn="NEW0000000000000000000A1")
    assert instrument.outlet == water_outlet_a and filing.instrument == instrument


def test_after_office_hours_the_same_day_limit_runs_the_next_day(
    water_outlet_a, district_a_officer
) -> None:
    filing = services.filing_submit(
        data=data(water_outlet_a, date(2026, 11, 20)),
        report=report(),
        by=district_a_officer,
        now=at(MONDAY, 18),
    )
    clock = Clock.objects.get(target_type="monitoring.filing", target_id=filing.pk)
    assert clock.due_at.astimezone(SHANGHAI) == at(date(2026, 11, 24), 17, 30)


def test_a_late_filing_is_accepted_and_marked_late(
    water_outlet_a, district_a_officer
) -> None:
    filing = services.filing_submit(
        data=data(water_outlet_a, date(2026, 11, 13)),
        report=report(),
        by=district_a_officer,
        now=at(MONDAY, 10),
    )
    assert filing.due_on == date(2026, 11, 20) and filing.late


def test_another_district_cannot_file_for_the_enterprise(
    water_outlet_a, district_b_officer
) -> None:
    with pytest.raises(PermissionDenied):
        services.filing_submit(
            data=data(water_outlet_a, date(2026, 11, 20)),
            report=report(),
            by=district_b_officer,
            now=at(MONDAY, 10),
        )
    assert not Filing.objects.exists()


def test_an_mn_already_registered_cannot_be_installed_again(
    instrument_a, water_outlet_a, district_a_officer
) -> None:
    with pytest.raises(ValidationError):
        services.filing_submit(
            data=data(water_outlet_a, date(2026, 11, 20), mn=instrument_a.mn),
            report=report(),
            by=district_a_officer,
            now=at(MONDAY, 10),
        )
