"""The personal calendar feed: secret, no sign-in, revocable; meetings and gatherings."""

import icalendar
from django.urls import reverse

from brobygger.pairs.models import CalendarFeed
from tests.pairs.helpers import NOTE_SECRET, gathering, meeting, plant_secrets


def _events(response):
    return list(icalendar.Calendar.from_ical(response.content).walk("VEVENT"))


def test_feed_lists_meetings_and_gatherings_without_content(client, cohort, pair, mentee_anne):
    plant_secrets(pair)
    planned = meeting(pair, days=3)
    kickoff = gathering([cohort], title="Felles oppstart")
    client.force_login(mentee_anne.user)
    client.post(reverse("pairs:calendar-create"))
    feed = CalendarFeed.objects.get(person=mentee_anne)
    client.logout()
    response = client.get(reverse("pairs:calendar-feed", args=[feed.token]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    uids = sorted(str(e["uid"]) for e in _events(response))
    held = pair.meetings.get(status="held")
    cancelled = pair.meetings.get(status="cancelled")
    assert uids == sorted(
        [
            f"meeting-{planned.code}@brobygger",
            f"meeting-{held.code}@brobygger",
            f"meeting-{cancelled.code}@brobygger",
            f"gathering-{kickoff.code}@brobygger",
        ]
    )
    # an agreed meeting that was cancelled stays, cancelled, so calendars drop it
    statuses = {str(e["uid"]): str(e["status"]) for e in _events(response)}
    assert statuses[f"meeting-{cancelled.code}@brobygger"] == "CANCELLED"
    assert statuses[f"meeting-{planned.code}@brobygger"] == "CONFIRMED"
    assert NOTE_SECRET not in response.content.decode()


def test_declined_gatherings_leave_the_feed(client, cohort, pair, mentee_anne):
    from brobygger.gatherings.services import respond

    kickoff = gathering([cohort])
    respond(gathering=kickoff, person=mentee_anne, response="no", by=mentee_anne.user)
    client.force_login(mentee_anne.user)
    client.post(reverse("pairs:calendar-create"))
    token = CalendarFeed.objects.get().token
    assert _events(client.get(reverse("pairs:calendar-feed", args=[token]))) == []


def test_a_revoked_token_answers_404_and_a_new_one_works(client, pair, mentee_anne):
    client.force_login(mentee_anne.user)
    client.post(reverse("pairs:calendar-create"))
    old = CalendarFeed.objects.get().token
    client.post(reverse("pairs:calendar-revoke"))
    new = CalendarFeed.objects.get(revoked_at__isnull=True).token
    assert new != old
    client.logout()
    assert client.get(reverse("pairs:calendar-feed", args=[old])).status_code == 404
    assert client.get(reverse("pairs:calendar-feed", args=[new])).status_code == 200
    assert client.get(reverse("pairs:calendar-feed", args=["made-up"])).status_code == 404


def test_the_settings_page_shows_the_address(client, mentee_anne):
    client.force_login(mentee_anne.user)
    client.post(reverse("pairs:calendar-create"))
    response = client.get(reverse("pairs:calendar-settings"))
    token = CalendarFeed.objects.get().token
    assert response.context["feed_url"] == f"http://testserver/calendar/{token}.ics"
