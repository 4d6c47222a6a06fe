from datetime import date, datetime

from ecobureau.leadership import selectors
from ecobureau.lib.dates import SHANGHAI

TODAY = date(2026, 11, 16)


def test_month_quarter_year_parse_to_local_bounds():
    m = selectors.period_parse("month", "2026-02", today=TODAY)
    assert (m.start, m.end, m.label) == (
        date(2026, 2, 1),
        date(2026, 3, 1),
        "2026年2月",
    )
    assert m.since == datetime(2026, 2, 1, tzinfo=SHANGHAI)
    q = selectors.period_parse("quarter", "2026-Q4", today=TODAY)
    assert (q.start, q.end, q.value) == (date(2026, 10, 1), date(2027, 1, 1), "2026-Q4")
    assert q.months() == [date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1)]
    y = selectors.period_parse("year", "2025", today=TODAY)
    assert (y.start, y.end) == (date(2025, 1, 1), date(2026, 1, 1))


def test_malformed_or_missing_value_is_the_current_period():
    assert selectors.period_parse("month", "2026-13", today=TODAY).start == date(
        2026, 11, 1
    )
    assert selectors.period_parse("bogus", None, today=TODAY).kind == "month"
    assert selectors.period_parse("quarter", "", today=TODAY).start == date(2026, 10, 1)


def test_previous_and_following():
    q = selectors.period_parse("quarter", "2026-Q1", today=TODAY)
    assert q.previous().value == "2025-Q4"
    assert q.following().value == "2026-Q2"
