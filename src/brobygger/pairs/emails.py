"""Emails to pair members, rendered in each recipient's language (no pair content in them)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from brobygger.core.emails import render_email, send_templated_email
from brobygger.core.ics import CalendarEvent, build_calendar, platform_organizer
from brobygger.core.services import attach_calendar
from brobygger.pairs.models import Meeting, MeetingStatus, Pair
from brobygger.people.models import Person


def notify(person: Person, template: str, context: dict[str, Any]) -> None:
    """``pairs/email/<template>_{subject,body}.txt`` to ``person``, sent on commit."""
    send_templated_email(
        to=person.user.email,
        template_prefix=f"pairs/email/{template}",
        context={"name": person.user.get_short_name(), **context},
        language=person.user.language,
    )


def pair_path(pair: Pair) -> str:
    return reverse("pairs:pair-detail", args=[pair.code])


def meeting_event(meeting: Meeting, *, language: str) -> CalendarEvent:
    """The meeting as a calendar event: time, place or link, never notes."""
    pair = meeting.pair
    site = settings.SITE_URL.rstrip("/")
    with translation.override(language):
        summary = _("Mentoring meeting: %(mentee)s & %(mentor)s") % {
            "mentee": pair.mentee.name,
            "mentor": pair.mentor.name,
        }
        lines = []
        if meeting.video_url:
            lines.append(_("Video link: %(url)s") % {"url": meeting.video_url})
        lines.append(_("Your pair's page: %(url)s") % {"url": site + pair_path(pair)})
    return CalendarEvent(
        uid=f"meeting-{meeting.code}@brobygger",
        summary=summary,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        location=meeting.place or meeting.video_url,
        url=meeting.video_url or site + pair_path(pair),
        description="\n".join(lines),
        cancelled=meeting.status == MeetingStatus.CANCELLED,
        sequence=meeting.sequence,
        organizer=platform_organizer(),
        attendees=tuple((str(p.name), p.user.email) for p in pair.members),
    )


def meeting_invitation(meeting: Meeting, person: Person) -> EmailMultiAlternatives:
    """The "meeting agreed" email with an .ics invitation, in ``person``'s language."""
    language = person.user.language or settings.LANGUAGE_CODE
    pair = meeting.pair
    subject, body = render_email(
        "pairs/email/meeting_accepted",
        {
            "name": person.user.get_short_name(),
            "partner": pair.other(person).name,
            "meeting": meeting,
            "pair_path": pair_path(pair),
        },
        language,
    )
    message = EmailMultiAlternatives(subject=subject, body=body, to=[person.user.email])
    ics = build_calendar([meeting_event(meeting, language=language)], method="REQUEST")
    attach_calendar(message, ics, "invitation.ics")
    return message


def notify_with_calendar(
    person: Person, template: str, meeting: Meeting, context: dict[str, Any]
) -> None:
    """A pair email whose .ics updates (``REQUEST``) or takes out (``CANCEL``, a cancelled
    meeting) the meeting in ``person``'s calendar: the same UID, the meeting's SEQUENCE."""
    language = person.user.language or settings.LANGUAGE_CODE
    method = "CANCEL" if meeting.status == MeetingStatus.CANCELLED else "REQUEST"
    ics = build_calendar([meeting_event(meeting, language=language)], method=method)
    send_templated_email(
        to=person.user.email,
        template_prefix=f"pairs/email/{template}",
        context={"name": person.user.get_short_name(), "meeting": meeting, **context},
        language=language,
        calendar=ics,
    )
