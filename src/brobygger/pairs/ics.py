"""iCalendar (RFC 5545) files for invitations and the personal feed, built with ``icalendar``.

Plain data in, bytes out: no database here. Times are written in UTC, which Outlook,
Google and Apple calendars all show in the reader's own time zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import icalendar

PRODID = "-//Brobygger//Brobygger//EN"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    summary: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    location: str = ""
    url: str = ""
    description: str = ""
    cancelled: bool = False
    sequence: int = 0


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC)


def build_calendar(
    events: Iterable[CalendarEvent], *, name: str = "", method: str = "PUBLISH"
) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for item in events:
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", _utc(item.starts_at))
        event.add("dtend", _utc(item.ends_at))
        event.add("summary", item.summary)
        event.add("sequence", item.sequence)
        if item.location:
            event.add("location", item.location)
        if item.url:
            event.add("url", item.url)
        if item.description:
            event.add("description", item.description)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical
