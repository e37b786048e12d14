"""iCalendar (RFC 5545) files for invitations and the personal feed, built with ``icalendar``.

Plain data in, bytes out: no database here. Times are written in UTC, which Outlook,
Google and Apple calendars all show in the reader's own time zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.utils import parseaddr
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
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
    #: (name, address) of who sends invitations and updates (the platform's address), and
    #: of the people invited. Set on an invitation, update or cancellation (``REQUEST``,
    #: ``CANCEL``); calendar programs match later ones by ``uid`` and ``sequence``.
    organizer: tuple[str, str] | None = None
    attendees: tuple[tuple[str, str], ...] = field(default=())


def _address(name: str, email: str, prop: str) -> icalendar.vCalAddress:
    import icalendar

    address = icalendar.vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = icalendar.vText(name)
    if prop == "attendee":
        address.params["role"] = icalendar.vText("REQ-PARTICIPANT")
        address.params["rsvp"] = icalendar.vText("FALSE")
    return address


def platform_organizer() -> tuple[str, str]:
    """The ORGANIZER of every event the platform sends: the address its emails come from,
    so calendar programs accept the updates and cancellations that follow an invitation."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return (name or settings.BROBYGGER_NETWORK_NAME, address or settings.DEFAULT_FROM_EMAIL)


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC)


def build_calendar(
    events: Iterable[CalendarEvent], *, name: str = "", method: str = "PUBLISH"
) -> bytes:
    # here, not at import: icalendar (and its time-zone tables) costs a third of a second
    # of every web worker's start, for the few requests that build a calendar file
    import icalendar

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
        if item.organizer:
            event.add("organizer", _address(*item.organizer, "organizer"))
        for name, email in item.attendees:
            event.add("attendee", _address(name, email, "attendee"), encode=False)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical
