"""The anomaly checks on hourly series with their default parameters (pure: no
database): each finds what it is for and leaves normal data alone."""

from datetime import datetime, timedelta
from decimal import Decimal

from ecobureau.lib.dates import SHANGHAI
from ecobureau.monitoring.services import anomaly_rules as rules
from ecobureau.monitoring.services.anomaly_rules import Context, Hour, LimitAt

START = datetime(2026, 11, 20, tzinfo=SHANGHAI)
H = timedelta(hours=1)
Kind = rules.Kind


def series(values: list[str | None], flags: str = "") -> list[Hour]:
    hours = []
    for n, value in enumerate(values):
        if value is None:
            continue
        flag = flags[n] if flags else "N"
        number = Decimal(value)
        hours.append(Hour(START + n * H, number, None, number - 1, number + 1, flag))
    return hours


def context(hours: dict[str, list[Hour]], **kw) -> Context:
    end = START + 24 * H
    return Context(
        start=START,
        end=end,
        hours=hours,
        limit_at=kw.get("limit_at", lambda code, at: None),
        hours_with_data=kw.get("with_data", {START + n * H for n in range(24)}),
        had_data_before=kw.get("before", True),
        drifts=kw.get("drifts", []),
    )


def check(kind: str, ctx: Context) -> list[rules.Finding]:
    return rules.CHECKS[kind](ctx, rules.defaults(kind))


def test_zero_while_discharging_but_not_while_stopped() -> None:
    cod = ["30", "0", "0", "0", "30", "0", "0", "0"]
    flow = ["12", "12", "12", "12", "12", "0", "0", "0"]
    found = check(
        Kind.ZERO_RUNNING, context({"w01018": series(cod), "w00000": series(flow)})
    )
    assert [(f.code, f.started_at, f.ended_at) for f in found] == [
        ("w01018", START + H, START + 4 * H)
    ]


def test_sudden_drop_to_just_under_the_limit() -> None:
    limit = LimitAt(Decimal("50"), converted=False)
    cod = ["70", "72", "48", "47.5", "48.2", "49", "30"]
    found = check(
        Kind.NEAR_LIMIT_DROP,
        context({"w01018": series(cod)}, limit_at=lambda code, at: limit),
    )
    assert [(f.started_at, f.ended_at) for f in found] == [
        (START + 2 * H, START + 6 * H)
    ]
    # A gradual fall well under the limit is not suspicious.
    calm = check(
        Kind.NEAR_LIMIT_DROP,
        context(
            {"w01018": series(["70", "40", "35", "30"])},
            limit_at=lambda code, at: limit,
        ),
    )
    assert calm == []


def test_missing_hours_in_a_row() -> None:
    with_data = {START + n * H for n in range(24) if not 5 <= n < 9}
    found = check(Kind.MISSING_DATA, context({}, with_data=with_data))
    assert [(f.started_at, f.ended_at) for f in found] == [
        (START + 5 * H, START + 9 * H)
    ]
    short = {START + n * H for n in range(24) if n != 5}
    assert check(Kind.MISSING_DATA, context({}, with_data=short)) == []
    # An instrument that never sent anything is not "missing data" yet.
    assert check(Kind.MISSING_DATA, context({}, with_data=set(), before=False)) == []


def test_abnormal_flags_and_set_values() -> None:
    flags = "NNMMMMDDNNNN"
    found = check(
        Kind.FLAG_PATTERN, context({"w01018": series(["30"] * 12, flags=flags)})
    )
    assert len(found) == 1 and found[0].code == "w01018"
    assert "M" in found[0].detail and "D" in found[0].detail
    set_value = check(
        Kind.FLAG_PATTERN, context({"w01018": series(["30"] * 3, flags="NSN")})
    )
    assert [f.started_at for f in set_value] == [START + H]
    normal = check(Kind.FLAG_PATTERN, context({"w01018": series(["30"] * 12)}))
    assert normal == []


def test_clock_drift_by_the_median_of_real_time_packets() -> None:
    slow = [timedelta(minutes=25)] * 8 + [timedelta(seconds=3)] * 2
    found = check(Kind.CLOCK_DRIFT, context({}, drifts=slow))
    assert len(found) == 1 and "慢约25分钟" in found[0].detail
    fine = [timedelta(seconds=5)] * 10
    assert check(Kind.CLOCK_DRIFT, context({}, drifts=fine)) == []
