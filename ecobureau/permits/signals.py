"""Signals this module sends, for modules above it that take over part of an
item's work (credit, air, monitoring) once they exist."""

from django.dispatch import Signal

# Sent after commit when an application is handed over to another unit (信用评价,
# 自动监控登记, 重污染天气应急减排清单). Arguments: application_id, label.
application_handed_over = Signal()
