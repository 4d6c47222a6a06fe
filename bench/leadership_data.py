"""The other sections' rows for `bench.leadership_pages` (split off when the
script passed 800 lines): applications, enforcement, monitoring instruments, the
air days and forecasts, rectification tasks and petition cases, credit grades
and environmental quality, in bulk over the past year."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

BATCH = 2000


def generate_more(scale: int, leader: Any, rng: random.Random) -> None:
    """The other sections' rows over the past year, for the bench enterprises of
    `generate_engagement` (bulk inserts): `scale` applications (each with its
    decision clock, 10 % missed), 2 × `scale` inspections (each on an approved
    reason) and `scale` / 2 enforcement cases, four in five with a penalty
    decision and its fine; an instrument (on its outlet) for every enterprise,
    nine in ten online; the city's daily values for this year and last (the AQI
    and the concentrations) with a day-ahead forecast scored each day, and a
    station per district for the last 400 days; `scale` / 10 rectification tasks
    and `scale` / 2 petition cases; last year's credit evaluation of every
    enterprise, graded; and environmental quality: 10 national sections and 2
    drinking-water sources sampled monthly over two years, and COD / NOx caps
    per district with their monthly totals."""
    from datetime import date
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from ecobureau.accounts.models import Unit
    from ecobureau.air import selectors as air_selectors
    from ecobureau.air.models import City, DailyValue, Forecast, ForecastDay, Station
    from ecobureau.casework.models import Clock
    from ecobureau.core.models import Division
    from ecobureau.credit.models import Evaluation, EvaluationYear, Scheme
    from ecobureau.enforcement.models import (
        EnforcementCase,
        Inspection,
        InspectionReason,
        PenaltyDecision,
    )
    from ecobureau.enterprises.models import Enterprise, Outlet
    from ecobureau.lib import aqi as aqi_lib
    from ecobureau.monitoring.models import Instrument
    from ecobureau.permits.models import Application, ServiceItem
    from ecobureau.quality.models import (
        EmissionActual,
        EmissionTarget,
        Measurement,
        Sample,
        Section,
        SectionTarget,
    )
    from ecobureau.rectification.models import PetitionCase, RectificationTask

    if Application.objects.filter(submission_key__startswith="bench-lead-").exists():
        return
    now = timezone.now()
    today = timezone.localdate()
    districts = list(Division.objects.filter(level=2).order_by("code"))
    units = {u.division_id: u for u in Unit.objects.filter(kind="sub_bureau")}
    enterprises = list(Enterprise.objects.filter(name__startswith="基准测试企业"))

    def moment() -> Any:
        return now - timedelta(minutes=rng.randrange(365 * 24 * 60))

    with transaction.atomic():
        # Applications and their decision clocks.
        item = ServiceItem.objects.order_by("pk").first()
        apps = []
        for n in range(scale):
            d = rng.choice(districts)
            submitted = moment()
            decided = submitted + timedelta(days=rng.randrange(1, 30))
            apps.append(
                Application(
                    item=item,
                    applicant_name=f"基准测试申请人{n}",
                    created_by=leader,
                    submission_key=f"bench-lead-{n}",
                    status="completed" if decided < now else "review",
                    district=d,
                    unit=units.get(d.pk),
                    submitted_at=submitted,
                    received_at=submitted,
                    decided_at=decided if decided < now else None,
                )
            )
        apps = Application.objects.bulk_create(apps, batch_size=BATCH)
        clocks = []
        for a in apps:
            due = a.submitted_at + timedelta(days=20)
            state = (
                ("missed" if rng.random() < 0.1 else "met")
                if a.decided_at
                else ("overdue" if due < now else "running")
            )
            clocks.append(
                Clock(
                    target_type="permits.application",
                    target_id=a.pk,
                    step="decide",
                    label="许可决定时限",
                    amount=20,
                    unit="workdays",
                    started_at=a.submitted_at,
                    due_at=due,
                    due_soon_at=due - timedelta(days=3),
                    state=state,
                    stopped_at=a.decided_at,
                    district=a.district,
                )
            )
        Clock.objects.bulk_create(clocks, batch_size=BATCH)

        # Inspections on approved reasons; cases and penalty decisions.
        reasons, inspections = [], []
        for _ in range(2 * scale):
            e = rng.choice(enterprises)
            reasons.append(
                InspectionReason(
                    enterprise=e,
                    source="superior",
                    reason="基准测试",
                    requested_by=leader,
                    unit=units.get(e.district_id),
                    district_id=e.district_id,
                )
            )
        reasons = InspectionReason.objects.bulk_create(reasons, batch_size=BATCH)
        for r in reasons:
            inspections.append(
                Inspection(
                    enterprise_id=r.enterprise_id,
                    year=today.year,
                    basis="reason",
                    reason=r,
                    status="finished",
                    district_id=r.district_id,
                    unit=r.unit,
                    arrived_at=moment(),
                    created_by=leader,
                )
            )
        inspections = Inspection.objects.bulk_create(inspections, batch_size=BATCH)
        cases = []
        for i in inspections[: scale // 2]:
            cases.append(
                EnforcementCase(
                    enterprise_id=i.enterprise_id,
                    source="inspection",
                    inspection=i,
                    start_reason="基准测试",
                    facts="基准测试",
                    status="decided",
                    district_id=i.district_id,
                    unit=i.unit,
                    filed_at=i.arrived_at + timedelta(days=1),
                    created_by=leader,
                )
            )
        cases = EnforcementCase.objects.bulk_create(cases, batch_size=BATCH)
        PenaltyDecision.objects.bulk_create(
            [
                PenaltyDecision(
                    case=c,
                    procedure="ordinary",
                    party_kind="organisation",
                    fine=Decimal(rng.randrange(1, 100) * 10000),
                    facts="基准测试",
                    legal_basis="《大气污染防治法》第九十九条",
                    decided_at=min(c.filed_at + timedelta(days=30), now),
                    created_by=leader,
                )
                for c in cases
                if rng.random() < 0.8
            ],
            batch_size=BATCH,
        )

        # An instrument on an outlet of every enterprise.
        outlets = Outlet.objects.bulk_create(
            [
                Outlet(
                    enterprise=e,
                    code=f"BL{e.pk}",
                    name="基准测试排放口",
                    kind=Outlet.Kind.values[0],
                )
                for e in enterprises
            ],
            batch_size=BATCH,
        )
        Instrument.objects.bulk_create(
            [
                Instrument(
                    mn=f"BLMN{o.pk:010d}",
                    enterprise_id=o.enterprise_id,
                    outlet=o,
                    status="active",
                    link="online" if rng.random() < 0.9 else "offline",
                )
                for o in outlets
            ],
            batch_size=BATCH,
        )

        # The city's days this year and last, scored day-ahead forecasts, and a
        # station per district for the last 400 days.
        city = air_selectors.home_city()
        if city is None:
            city = City.objects.create(
                code="210300",
                name="鞍山市",
                division=Division.objects.filter(level=1).first(),
            )
        have = set(
            DailyValue.objects.filter(city=city, station__isnull=True).values_list(
                "date", flat=True
            )
        )
        values, forecasts = [], []
        for back in range(730):
            day = today - timedelta(days=back + 1)
            pm25 = rng.uniform(10, 120)
            aqi = int(pm25 * 1.3)
            if day not in have:
                values.append(
                    DailyValue(
                        city=city,
                        date=day,
                        standard=aqi_lib.standard_for(day),
                        so2=rng.uniform(5, 30),
                        no2=rng.uniform(10, 50),
                        pm10=pm25 * 1.6,
                        co=rng.uniform(0.3, 1.5),
                        o3_1h=rng.uniform(60, 200),
                        o3_8h=rng.uniform(50, 180),
                        pm25=pm25,
                        aqi=aqi,
                        level=aqi_lib.level_of(aqi),
                    )
                )
            if back < 365:
                forecasts.append(
                    Forecast(
                        city=city,
                        issue_date=day - timedelta(days=1),
                        model_version="bench",
                        standard=aqi_lib.standard_for(day),
                        status="published",
                        published_at=now,
                    )
                )
        DailyValue.objects.bulk_create(values, batch_size=BATCH)
        taken = set(
            Forecast.objects.filter(city=city).values_list("issue_date", flat=True)
        )
        forecasts = Forecast.objects.bulk_create(
            [f for f in forecasts if f.issue_date not in taken], batch_size=BATCH
        )
        ForecastDay.objects.bulk_create(
            [
                ForecastDay(
                    forecast=f,
                    lead=1,
                    target_date=f.issue_date + timedelta(days=1),
                    model_low=40,
                    model_high=90,
                    model_method="bench",
                    low=40,
                    high=90,
                    primary=["pm25"],
                    observed_aqi=rng.randrange(20, 180),
                    observed_primary=["pm25"],
                    scored_at=now,
                )
                for f in forecasts
            ],
            batch_size=BATCH,
        )
        stations = Station.objects.bulk_create(
            [
                Station(
                    city=city, code=f"BL-{d.code}", name=f"{d.name}基准点位", district=d
                )
                for d in districts
            ]
        )
        DailyValue.objects.bulk_create(
            [
                DailyValue(
                    city=city,
                    station=st,
                    date=today - timedelta(days=back + 1),
                    standard=aqi_lib.standard_for(today - timedelta(days=back + 1)),
                    so2=rng.uniform(5, 30),
                    no2=rng.uniform(10, 50),
                    pm10=rng.uniform(30, 150),
                    co=rng.uniform(0.3, 1.5),
                    o3_1h=rng.uniform(60, 200),
                    o3_8h=rng.uniform(50, 180),
                    pm25=rng.uniform(10, 120),
                )
                for st in stations
                for back in range(400)
            ],
            batch_size=BATCH,
        )

        # Rectification tasks and petition cases.
        steps = ["rectifying", "rectifying", "published", "closed", "filed"]
        RectificationTask.objects.bulk_create(
            [
                RectificationTask(
                    number=f"BL-ZG-{n}",
                    round="第二轮",
                    source="central",
                    problem="基准测试",
                    target="基准测试",
                    responsible_units="区政府",
                    deadline=today + timedelta(days=rng.randrange(-200, 300)),
                    status=rng.choice(steps),
                    district=(d := rng.choice(districts)),
                    unit=units.get(d.pk),
                    at_risk_flagged_at=now if rng.random() < 0.1 else None,
                )
                for n in range(max(1, scale // 10))
            ],
            batch_size=BATCH,
        )
        PetitionCase.objects.bulk_create(
            [
                PetitionCase(
                    number=f"BL-XF-{n}",
                    round="第二轮",
                    source="central",
                    received_on=(now - timedelta(days=rng.randrange(365))).date(),
                    content="基准测试",
                    category="nearby",
                    responsible_units="区政府",
                    deadline=today + timedelta(days=rng.randrange(-200, 100)),
                    status=rng.choice(["handling", "handling", "filed"]),
                    district=(d := rng.choice(districts)),
                    unit=units.get(d.pk),
                    late_flagged_at=now if rng.random() < 0.1 else None,
                )
                for n in range(max(1, scale // 2))
            ],
            batch_size=BATCH,
        )

        # Last year's credit evaluation of every bench enterprise, graded.
        scheme = Scheme.objects.filter(kind="liaoning").order_by("pk").first()
        year, _ = EvaluationYear.objects.get_or_create(
            year=today.year - 1,
            defaults={"scheme": scheme, "notice": "基准测试", "launched_by": leader},
        )
        grades = [
            ("trusted", "守信"),
            ("fair", "一般守信"),
            ("untrusted", "失信"),
            ("serious", "严重失信"),
        ]
        done = set(year.evaluations.values_list("enterprise_id", flat=True))
        evaluations = []
        for e in enterprises:
            if e.pk in done:
                continue
            code, name = rng.choices(grades, weights=[6, 3, 1, 0.3])[0]
            evaluations.append(
                Evaluation(
                    evaluation_year=year,
                    enterprise=e,
                    scope_reason="基准测试",
                    status="published",
                    district_id=e.district_id,
                    unit=units.get(e.district_id),
                    grade_code=code,
                    grade_name=name,
                    score=Decimal(rng.randrange(55, 100)),
                )
            )
        Evaluation.objects.bulk_create(evaluations, batch_size=BATCH)

        # Environmental quality: sections sampled monthly, emission caps and totals.
        sections = Section.objects.bulk_create(
            [
                Section(
                    code=f"BL-S{n}",
                    name=f"基准断面{n}",
                    level="national",
                    water_body="lake" if n == 9 else "river",
                    district=districts[n % len(districts)],
                )
                for n in range(10)
            ]
            + [
                Section(
                    code=f"BL-D{n}",
                    name=f"基准水源{n}",
                    level="city",
                    water_body="river",
                    district=districts[n],
                    is_drinking_source=True,
                )
                for n in range(2)
            ]
        )
        SectionTarget.objects.bulk_create(
            [
                SectionTarget(section=s, year=y, target="III")
                for s in sections
                for y in (today.year - 1, today.year)
            ]
        )
        samples = Sample.objects.bulk_create(
            [
                Sample(section=s, sampled_on=date(y, m, 10))
                for s in sections
                for y in (today.year - 1, today.year)
                for m in range(1, 13)
                if date(y, m, 10) < today
            ],
            batch_size=BATCH,
        )
        ranges = {"ph": (6.5, 8.5), "do": (4, 9), "codmn": (2, 8), "cod": (10, 25),
                  "bod5": (2, 5), "nh3n": (0.1, 1.6), "tp": (0.02, 0.3),
                  "tn": (0.5, 2)}  # fmt: skip
        Measurement.objects.bulk_create(
            [
                Measurement(
                    sample=sample,
                    parameter=key,
                    value=Decimal(f"{rng.uniform(low, high):.3f}"),
                )
                for sample in samples
                for key, (low, high) in ranges.items()
            ],
            batch_size=BATCH,
        )
        targets, actuals = [], []
        for d in districts:
            for pollutant in ("cod", "nox"):
                targets.append(
                    EmissionTarget(
                        year=today.year,
                        district=d,
                        pollutant=pollutant,
                        base_tonnes=Decimal(1200),
                        cap_tonnes=Decimal(1140),
                    )
                )
                actuals += [
                    EmissionActual(
                        year=today.year,
                        month=m,
                        district=d,
                        pollutant=pollutant,
                        tonnes=Decimal(rng.randrange(70, 110)),
                        source="基准测试",
                    )
                    for m in range(1, today.month)
                ]
        EmissionTarget.objects.bulk_create(targets, ignore_conflicts=True)
        EmissionActual.objects.bulk_create(actuals, ignore_conflicts=True)
