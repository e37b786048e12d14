"""A gathering as a calendar event (RFC 5545): the invitation's .ics, its updates and its
cancellation, and the personal feed's entry. One ``UID`` per gathering; each change of time
or place and the cancellation raise ``SEQUENCE``, so calendar programs replace the event."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from brobygger.core.ics import CalendarEvent, build_calendar, platform_organizer
from brobygger.gatherings.models import Gathering
from brobygger.people.models import Person

REQUEST = "REQUEST"
CANCEL = "CANCEL"


def gathering_uid(gathering: Gathering) -> str:
    return f"gathering-{gathering.code}@brobygger"


def gathering_event(
    gathering: Gathering,
    *,
    language: str,
    person: Person | None = None,
    sequence: int | None = None,
    cancelled: bool | None = None,
) -> CalendarEvent:
    """``gathering`` as an event: its place and video link (``LOCATION`` and ``URL``), the
    theme and the page in the description; ``person``: the attendee of an emailed file."""
    site = settings.SITE_URL.rstrip("/")
    page = site + reverse("gatherings:detail", args=[gathering.code])
    with translation.override(language or settings.LANGUAGE_CODE):
        lines = [gathering.theme] if gathering.theme else []
        if gathering.video_url:
            lines.append(_("Video link: %(url)s") % {"url": gathering.video_url})
        lines.append(_("The gathering's page: %(url)s") % {"url": page})
    attendees: tuple[tuple[str, str], ...] = ()
    if person is not None:
        attendees = ((str(person.name), person.user.email),)
    return CalendarEvent(
        uid=gathering_uid(gathering),
        summary=gathering.title,
        starts_at=gathering.starts_at,
        ends_at=gathering.ends_at,
        location=gathering.place or gathering.video_url,
        url=gathering.video_url or page,
        description="\n".join(lines),
        cancelled=gathering.is_cancelled if cancelled is None else cancelled,
        sequence=gathering.sequence if sequence is None else sequence,
        organizer=platform_organizer(),
        attendees=attendees,
    )


def gathering_ics(
    gathering: Gathering,
    person: Person,
    *,
    method: str = REQUEST,
    sequence: int | None = None,
) -> bytes:
    """The .ics file emailed to ``person``: an invitation or update (``REQUEST``) or the
    cancellation (``CANCEL``), in her language."""
    event = gathering_event(
        gathering,
        language=person.user.language,
        person=person,
        sequence=sequence,
        cancelled=method == CANCEL,
    )
    return build_calendar([event], method=method)
