"""The calendar files live in :mod:`brobygger.core.ics` (gatherings send them too)."""

from brobygger.core.ics import CalendarEvent, build_calendar

__all__ = ["CalendarEvent", "build_calendar"]
