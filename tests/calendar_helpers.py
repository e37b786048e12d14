"""Reading the calendar files of sent emails with ``icalendar``, as a calendar program would."""

from __future__ import annotations

import email
from email import policy
from typing import Any

import icalendar


def calendar_parts(message: Any) -> list[tuple[str, dict[str, str], bytes]]:
    """The .ics parts of one sent email as the recipient's program reads them: from the
    message's bytes, each as (file name, Content-Type parameters, the decoded bytes)."""
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=policy.default)
    return [
        (
            part.get_filename() or "",
            {key.lower(): value for key, value in part.get_params()[1:]},
            part.get_payload(decode=True),
        )
        for part in parsed.walk()
        if part.get_content_type() == "text/calendar"
    ]


def calendars(message: Any) -> list[icalendar.Calendar]:
    """The .ics attachments of one sent email, parsed."""
    return [icalendar.Calendar.from_ical(raw) for _name, _params, raw in calendar_parts(message)]


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
