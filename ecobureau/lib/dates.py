"""Time zone and local-date helpers. Times are stored in UTC and reasoned about in
Asia/Shanghai; date arithmetic is done on local dates."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
END_OF_DAY = time(23, 59, 59)


def local_date(moment: datetime) -> date:
    """The Asia/Shanghai calendar date of an aware datetime."""
    return moment.astimezone(SHANGHAI).date()


def local_datetime(day: date, at: time = END_OF_DAY) -> datetime:
    """An aware datetime for a local date and time of day (default: end of day)."""
    return datetime.combine(day, at, tzinfo=SHANGHAI)


def to_utc_iso(moment: datetime) -> str:
    """ISO-8601 in UTC with a Z suffix; naive datetimes are refused."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
