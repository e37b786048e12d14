"""The personal calendar feed's secret address: created on first use, revocable."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from brobygger.core.services import log_activity
from brobygger.pairs.models import CalendarFeed
from brobygger.people.models import Person


@transaction.atomic
def get_or_create_feed(*, person: Person) -> CalendarFeed:
    feed = CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).first()
    if feed is None:
        feed = CalendarFeed.objects.create(person=person)
        log_activity(actor=person.user, action="calendar.feed.create", target=feed)
    return feed


@transaction.atomic
def revoke_feed(*, person: Person) -> CalendarFeed:
    """Old addresses stop working at once; a new address replaces them."""
    CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    feed = CalendarFeed.objects.create(person=person)
    log_activity(actor=person.user, action="calendar.feed.revoke", target=feed)
    return feed
