"""The personal calendar feed: a page with the secret address, and the feed itself."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from brobygger.pairs.ics import build_calendar
from brobygger.pairs.selectors.calendar import (
    calendar_events,
    feed_name,
    feed_of,
    get_feed_by_token,
)
from brobygger.pairs.services.calendar import get_or_create_feed, revoke_feed
from brobygger.people.http import AuthenticatedHttpRequest
from brobygger.people.models import Person
from brobygger.people.selectors import person_for_user


def _person(request: AuthenticatedHttpRequest) -> Person:
    person = person_for_user(request.user)
    if person is None:
        raise Http404(_("You have no profile yet."))
    return person


@require_GET
@login_required
def calendar_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    feed = feed_of(_person(request))
    url = (
        request.build_absolute_uri(reverse("pairs:calendar-feed", args=[feed.token]))
        if feed is not None
        else ""
    )
    return render(request, "pairs/calendar_settings.html", {"feed": feed, "feed_url": url})


@require_POST
@login_required
def calendar_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    get_or_create_feed(person=_person(request))
    return redirect("pairs:calendar-settings")


@require_POST
@login_required
def calendar_revoke(request: AuthenticatedHttpRequest) -> HttpResponse:
    revoke_feed(person=_person(request))
    messages.success(request, _("The old address no longer works. Use the new one below."))
    return redirect("pairs:calendar-settings")


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """No sign-in: the secret token is the key. A revoked token answers 404."""
    feed = get_feed_by_token(token)
    body = build_calendar(calendar_events(feed.person), name=feed_name(feed.person))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response


urlpatterns: list[URLPattern] = [
    path("calendar/", calendar_settings, name="calendar-settings"),
    path("calendar/new/", calendar_create, name="calendar-create"),
    path("calendar/revoke/", calendar_revoke, name="calendar-revoke"),
    path("calendar/<str:token>.ics", calendar_feed, name="calendar-feed"),
]
