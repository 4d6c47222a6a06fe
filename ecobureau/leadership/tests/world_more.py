"""More of the worked October (conftest's `world`): applications with their
casework clocks, the city's daily air values and scored forecasts, and credit
grades — minimal rows (and the credit module's services for its year and
scope), counted by the leadership figures.

- Applications (permits): district A, decided in October: one with its clock met,
  one with a clock missed (late), one without a clock; one decided in September
  (missed, not counted) and one not decided; district B: one decided in October,
  late. City: 4 decided, 2 late; district A: 3 decided, 1 late.
- Air (city daily values, 鞍山市): 1–5 October AQI 45, 80, 95, 130, 160 (3 good
  of 5, mean 102); 6 October without an AQI and 30 September not counted.
  Forecasts published for 2 and 4 October (lead 1), scored: the first's range
  level hit (60–90 → level 2, observed 80), the second missed (60–80, observed
  130): range-level accuracy 50.0 % over 2 days.
- Credit (2025, Liaoning scheme): district A 守信 ×2 and 失信 ×1, district B 守信 ×1;
  one more of district A in scope but not graded yet (not counted).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.core.models import Division
from ecobureau.enterprises.models import Enterprise
from ecobureau.lib.dates import SHANGHAI


def _at(day: int, month: int = 10) -> datetime:
    return datetime(2026, month, day, 12, tzinfo=SHANGHAI)


def applications(
    district_a: Division, district_b: Division, a: Unit, b: Unit, by: User
) -> None:
    from ecobureau.casework.models import Clock
    from ecobureau.permits.models import Application, ServiceItem

    item = ServiceItem.objects.create(
        code="lead-test-item", category="licence", number=1,
        name="测试许可事项", list_name="测试许可事项",
    )  # fmt: skip

    def application(n, district, unit, decided, clock=None):
        made = Application.objects.create(
            item=item, applicant_name=f"申请单位{n}", created_by=by,
            submission_key=f"lead-{n}", status="completed" if decided else "review",
            district=district, unit=unit, submitted_at=_at(1, 9),
            received_at=_at(1, 9), decided_at=decided,
        )  # fmt: skip
        if clock:
            due = _at(15)
            Clock.objects.create(
                target_type="permits.application", target_id=made.pk,
                step="decide", label="许可决定时限", amount=20, unit="workdays",
                started_at=_at(1, 9), due_at=due, due_soon_at=due - timedelta(days=3),
                state=clock, stopped_at=decided, district=district,
            )  # fmt: skip
        return made

    application(1, district_a, a, _at(10), Clock.State.MET)
    application(2, district_a, a, _at(18), Clock.State.MISSED)
    application(3, district_a, a, _at(28))
    application(4, district_a, a, _at(20, 9), Clock.State.MISSED)
    application(5, district_a, a, None, Clock.State.RUNNING)
    application(6, district_b, b, _at(12), Clock.State.MISSED)


def air_days(city: Division) -> None:
    from ecobureau.air.models import City, DailyValue, Forecast, ForecastDay

    home = City.objects.create(code="210300", name="鞍山市", division=city)
    # (day, AQI, level) — levels as HJ 633 gives them for these AQIs.
    for day, aqi, level in [
        (date(2026, 10, 1), 45, 1),
        (date(2026, 10, 2), 80, 2),
        (date(2026, 10, 3), 95, 2),
        (date(2026, 10, 4), 130, 3),
        (date(2026, 10, 5), 160, 4),
        (date(2026, 10, 6), None, None),
        (date(2026, 9, 30), 50, 1),
    ]:
        DailyValue.objects.create(
            city=home, date=day, standard="HJ633-2026", aqi=aqi, level=level,
            pm25=aqi and aqi * 0.5,
        )  # fmt: skip
    for target, low, high, observed in [
        (date(2026, 10, 2), 60, 90, 80),
        (date(2026, 10, 4), 60, 80, 130),
    ]:
        forecast = Forecast.objects.create(
            city=home, issue_date=target - timedelta(days=1), model_version="t",
            standard="HJ633-2026", status=Forecast.Status.PUBLISHED,
            published_at=_at(target.day - 1),
        )  # fmt: skip
        ForecastDay.objects.create(
            forecast=forecast, lead=1, target_date=target, model_low=low,
            model_high=high, model_method="t", low=low, high=high,
            primary=["pm25"], observed_aqi=observed, observed_primary=["pm25"],
            scored_at=_at(target.day + 1),
        )  # fmt: skip


def credit_grades(
    enterprise_a: Enterprise, enterprise_b: Enterprise, district_a: Division, a: Unit
) -> None:
    from ecobureau.credit import services
    from ecobureau.credit.models import Evaluation, Scheme
    from ecobureau.enterprises.tests.factories import EnterpriseFactory

    officer = UserFactory(
        username="lead-credit", unit=a.parent, scope=User.Scope.CITY,
        role_codes=["credit_staff"],
    )  # fmt: skip
    services.schemes_install()
    year = services.year_launch(
        year=2025, scheme=Scheme.objects.get(code="liaoning-2022"),
        notice="鞍环发〔2026〕1号", by=officer,
    )  # fmt: skip
    more: list[Enterprise] = [
        EnterpriseFactory(name=f"铁东测试企业{n}", district=district_a,
                          supervising_unit=a)
        for n in range(3)
    ]  # fmt: skip
    made = services.evaluation_scope_add(
        evaluation_year=year, enterprises=[enterprise_a, enterprise_b, *more],
        reason="重点排污单位", by=officer,
    )  # fmt: skip
    grades = [
        ("trusted", "守信", "92.0"),  # enterprise_a
        ("trusted", "守信", "91.0"),  # enterprise_b (district B)
        ("trusted", "守信", "95.0"),
        ("untrusted", "失信", "65.0"),
        None,  # in scope, not graded yet
    ]
    for evaluation, grade in zip(made, grades, strict=True):
        if grade is None:
            continue
        code, name, score = grade
        Evaluation.objects.filter(pk=evaluation.pk).update(
            grade_code=code, grade_name=name, score=Decimal(score)
        )
