"""The personal calendar feed: one's meetings and gatherings as calendar events."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from brobygger.gatherings.calendar import gathering_event
from brobygger.gatherings.models import Gathering, Response
from brobygger.gatherings.selectors import gatherings_for
from brobygger.pairs.emails import meeting_event
from brobygger.pairs.ics import CalendarEvent
from brobygger.pairs.models import CalendarFeed, Meeting, MeetingStatus
from brobygger.people.models import Person


def feed_of(person: Person) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).first()


def get_feed_by_token(token: str) -> CalendarFeed:
    """A live feed; a revoked or unknown token answers 404."""
    feed = (
        CalendarFeed.objects.select_related("person__user")
        .filter(token=token, revoked_at__isnull=True)
        .first()
    )
    if feed is None:
        raise Http404(_("No such calendar."))
    return feed


def calendar_events(person: Person) -> list[CalendarEvent]:
    """Agreed and held meetings of one's pairs, and gatherings one has not declined. A
    cancelled meeting that was agreed, and a cancelled gathering, stay in the feed as
    ``STATUS:CANCELLED`` (same UID, one version on), so the calendar drops the event."""
    language = person.user.language or settings.LANGUAGE_CODE
    agreed_then_cancelled = Q(status=MeetingStatus.CANCELLED, accepted_at__isnull=False)
    meetings = Meeting.objects.filter(
        Q(pair__mentor=person) | Q(pair__mentee=person),
        Q(status__in=(MeetingStatus.PLANNED, MeetingStatus.HELD)) | agreed_then_cancelled,
    ).select_related("pair__mentor__user", "pair__mentee__user")
    events = [meeting_event(m, language=language) for m in meetings]
    gathering_ids = gatherings_for(person.user).values("pk")  # of her role, too
    declined = person.gathering_invitations.filter(response=Response.NO).values("gathering_id")
    gatherings = Gathering.objects.filter(pk__in=gathering_ids).exclude(pk__in=declined)
    events += [gathering_event(g, language=language) for g in gatherings]
    return sorted(events, key=lambda e: e.starts_at)


def feed_name(person: Person) -> str:
    return f"Brobygger – {person.name}"
