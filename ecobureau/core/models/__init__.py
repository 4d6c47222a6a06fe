from .base import TimeStampedModel
from .calendar import CalendarDay, CalendarYear
from .divisions import Division
from .installation import Installation
from .outbox import OutboxMessage
from .records import Record, RecordGuard
from .schedule import ScheduleRun

__all__ = [
    "CalendarDay",
    "CalendarYear",
    "Division",
    "Installation",
    "OutboxMessage",
    "Record",
    "RecordGuard",
    "ScheduleRun",
    "TimeStampedModel",
]
