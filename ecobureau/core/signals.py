"""Signals the core sends so that modules above it can react (STYLE.md section 3)."""

from django.dispatch import Signal

# The working-day calendar of `years` (a list of int) changed: an administrator
# (`by`, the acting user, or None) entered or removed a year's official schedule,
# or a single day. Sent inside the transaction that made the change, after the
# calendar cache was refreshed, so a receiver that recomputes provisional
# deadlines (casework) sees the new calendar and commits or rolls back with it.
calendar_changed = Signal()
