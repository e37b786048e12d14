"""Reading the calendar files of sent emails with ``icalendar``, as a calendar program would."""

from __future__ import annotations

from typing import Any

import icalendar


def calendars(message: Any) -> list[icalendar.Calendar]:
    """The .ics attachments of one sent email, parsed."""
    found = []
    for _name, content, mimetype in message.attachments:
        if mimetype.startswith("text/calendar"):
            raw = content if isinstance(content, bytes) else content.encode()
            found.append(icalendar.Calendar.from_ical(raw))
    return found


def only_event(message: Any) -> tuple[str, icalendar.Event]:
    """The METHOD and the one VEVENT of an email's one calendar file."""
    (calendar,) = calendars(message)
    (event,) = list(calendar.walk("VEVENT"))
    return str(calendar["method"]), event


def apply_to_calendar(calendar_entries: dict[str, Any], message: Any) -> None:
    """What a calendar program does with an emailed file: an event whose UID it has is
    replaced by a later SEQUENCE (a REQUEST moves it, a CANCEL removes it); an older or
    equal one is ignored; an unknown UID is added."""
    method, event = only_event(message)
    uid, sequence = str(event["uid"]), int(event["sequence"])
    known = calendar_entries.get(uid)
    if known is not None and known["sequence"] >= sequence:
        return
    if method == "CANCEL":
        calendar_entries[uid] = {"sequence": sequence, "cancelled": True, "event": event}
    else:
        calendar_entries[uid] = {"sequence": sequence, "cancelled": False, "event": event}
