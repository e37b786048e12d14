"""Gathering invitations carry an .ics (METHOD:REQUEST, a stable UID, ORGANIZER, the
ATTENDEE); a change of time or place sends an update with a higher SEQUENCE; a cancelled
gathering sends METHOD:CANCEL. Past gatherings take no replies and are listed apart."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from brobygger.core.models import Mailing
from brobygger.gatherings.models import Gathering
from brobygger.gatherings.selectors import (
    cancel_mailing,
    change_mailing,
    invitation_mailing,
    pending_change,
)
from brobygger.gatherings.services import (
    cancel_gathering,
    respond,
    send_invitations,
    update_gathering,
)
from tests.calendar_helpers import apply_to_calendar, calendar_parts, only_event
from tests.factories import InitiativeFactory, PersonFactory

OSLO = ZoneInfo("Europe/Oslo")
NOW = dt.datetime(2027, 3, 1, 10, 0, tzinfo=OSLO)
STARTS = dt.datetime(2027, 3, 18, 17, 0, tzinfo=OSLO)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def kickoff(cohort, pair, other_pair):
    gathering = Gathering.objects.create(
        title="Oppstart",
        theme="Verdibasert ledelse",
        starts_at=STARTS,
        ends_at=STARTS + dt.timedelta(hours=3),
        place="Oslo",
    )
    gathering.cohorts.set([cohort])
    return gathering


def _invite(gathering, cohort, by, capture):
    with capture(execute=True):
        send_invitations(
            gathering=gathering,
            cohort=cohort,
            token=invitation_mailing(gathering, cohort).token,
            by=by,
        )


def _move(gathering, cohort, by, capture, **fields):
    gathering = Gathering.objects.get(pk=gathering.pk)
    token = change_mailing(pending_change(gathering, fields), cohort).token
    with capture(execute=True):
        update_gathering(
            gathering=gathering, cohorts=[], by=by, cohort=cohort, token=token, **fields
        )


def _by_address(messages):
    found = {}
    for message in messages:
        found.setdefault(message.to[0], []).append(message)
    return found


def test_the_invitation_carries_a_request_with_uid_organizer_and_attendee(
    kickoff, cohort, coordinator_cora, django_capture_on_commit_callbacks
):
    _invite(kickoff, cohort, coordinator_cora.user, django_capture_on_commit_callbacks)
    anne = next(m for m in mail.outbox if m.to == ["anne@a.example"])
    method, event = only_event(anne)
    assert method == "REQUEST"
    assert str(event["uid"]) == f"gathering-{kickoff.code}@brobygger"
    assert int(event["sequence"]) == 0
    assert str(event["organizer"]) == "mailto:noreply@brobygger.localhost"
    assert str(event["attendee"]) == "mailto:anne@a.example"
    assert event["attendee"].params["CN"] == "Anne Aas"
    assert event.decoded("dtstart") == STARTS.astimezone(dt.UTC)
    assert str(event["location"]) == "Oslo"
    assert str(event["status"]) == "CONFIRMED"
    ((name, params, _raw),) = calendar_parts(anne)
    assert (name, params) == ("invite.ics", {"method": "REQUEST", "charset": "UTF-8"})


def test_moving_twice_replaces_the_event_and_never_duplicates_it(
    kickoff, cohort, coordinator_cora, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    _invite(kickoff, cohort, coordinator_cora.user, capture)
    later = STARTS + dt.timedelta(days=7)
    _move(
        kickoff,
        cohort,
        coordinator_cora.user,
        capture,
        starts_at=later,
        ends_at=later + dt.timedelta(hours=3),
        place="Bergen",
    )
    latest = later + dt.timedelta(days=1)
    _move(
        kickoff,
        cohort,
        coordinator_cora.user,
        capture,
        starts_at=latest,
        ends_at=latest + dt.timedelta(hours=3),
    )

    invitees = sorted({m.to[0] for m in mail.outbox})
    assert invitees == ["anne@a.example", "bo@b.example", "eva.j@y.example", "eva.s@x.example"]
    for address, messages in _by_address(mail.outbox).items():
        assert len(messages) == 3, address
        assert [only_event(m)[0] for m in messages] == ["REQUEST", "REQUEST", "REQUEST"]
        assert [int(only_event(m)[1]["sequence"]) for m in messages] == [0, 1, 2]
        assert {str(only_event(m)[1]["uid"]) for m in messages} == {
            f"gathering-{kickoff.code}@brobygger"
        }
        entries: dict = {}
        for message in messages + messages[1:]:  # an update received twice changes nothing
            apply_to_calendar(entries, message)
        (entry,) = entries.values()
        assert entry["event"].decoded("dtstart") == latest.astimezone(dt.UTC)
        assert str(entry["event"]["location"]) == "Bergen"
    anne = _by_address(mail.outbox)["anne@a.example"]
    assert "Oslo → Bergen" in anne[1].body
    assert Gathering.objects.get(pk=kickoff.pk).sequence == 2


def test_a_typo_does_not_raise_the_sequence(
    kickoff, cohort, coordinator_cora, django_capture_on_commit_callbacks
):
    _invite(kickoff, cohort, coordinator_cora.user, django_capture_on_commit_callbacks)
    update_gathering(gathering=kickoff, cohorts=[], by=coordinator_cora.user, title="Oppstart!")
    assert Gathering.objects.get(pk=kickoff.pk).sequence == 0


def test_cancelling_sends_a_cancel_once_and_closes_replies(
    kickoff, cohort, coordinator_cora, mentee_anne, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    _invite(kickoff, cohort, coordinator_cora.user, capture)
    invitations = list(mail.outbox)
    mail.outbox.clear()
    token = cancel_mailing(kickoff, cohort).token
    with capture(execute=True):
        cancel_gathering(gathering=kickoff, cohort=cohort, by=coordinator_cora.user, token=token)
    kickoff.refresh_from_db()
    assert (kickoff.cancelled_at, kickoff.sequence) == (NOW, 1)
    assert len(mail.outbox) == 4
    anne = next(m for m in mail.outbox if m.to == ["anne@a.example"])
    assert anne.subject == "Avlyst: Oppstart"
    method, event = only_event(anne)
    assert (method, str(event["status"]), int(event["sequence"])) == ("CANCEL", "CANCELLED", 1)
    assert str(event["uid"]) == f"gathering-{kickoff.code}@brobygger"
    ((name, params, _raw),) = calendar_parts(anne)
    assert (name, params) == ("cancel.ics", {"method": "CANCEL", "charset": "UTF-8"})
    entries: dict = {}
    invited = next(m for m in invitations if m.to == anne.to)
    for message in [invited, anne, anne]:  # the cancellation received twice
        apply_to_calendar(entries, message)
    assert [e["cancelled"] for e in entries.values()] == [True]

    # a second cancellation is refused and sends nothing; replies are closed
    with pytest.raises(ValidationError) as refused, capture(execute=True):
        cancel_gathering(gathering=kickoff, cohort=cohort, by=coordinator_cora.user, token=token)
    assert refused.value.messages == ["Denne samlingen er avlyst."]
    with pytest.raises(ValidationError) as closed:
        respond(gathering=kickoff, person=mentee_anne, response="yes", by=mentee_anne.user)
    assert closed.value.messages == ["Denne samlingen er avlyst."]
    assert (len(mail.outbox), Mailing.objects.filter(action="gatherings.cancel").count()) == (4, 1)


def test_cancelling_without_a_preview_is_refused_and_changes_nothing(
    kickoff, cohort, coordinator_cora, django_capture_on_commit_callbacks
):
    _invite(kickoff, cohort, coordinator_cora.user, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with pytest.raises(ValidationError) as refused:
        cancel_gathering(gathering=kickoff, cohort=cohort, by=coordinator_cora.user)
    assert refused.value.messages == [
        "De som er invitert, må få beskjed om denne endringen: se over e-posten først."
    ]
    kickoff.refresh_from_db()
    assert (kickoff.cancelled_at, kickoff.sequence, mail.outbox) == (None, 0, [])


def test_the_coordinator_previews_then_cancels_and_others_get_404(
    client, kickoff, cohort, coordinator_cora, mentee_anne, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    _invite(kickoff, cohort, coordinator_cora.user, capture)
    mail.outbox.clear()
    url = reverse("gatherings:coordinate-cancel", args=[cohort.code, kickoff.code])
    other = PersonFactory(user__email="olga@o.example")
    InitiativeFactory(name="Annet").coordinators.add(other.user)
    for person in (mentee_anne, other):
        client.force_login(person.user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"token": "x"}).status_code == 404
    assert Gathering.objects.get(pk=kickoff.pk).cancelled_at is None

    client.force_login(coordinator_cora.user)
    preview = client.get(url).context["preview"]
    assert sorted(r.address for r in preview.recipients) == [
        "anne@a.example",
        "bo@b.example",
        "eva.j@y.example",
        "eva.s@x.example",
    ]
    with capture(execute=True):
        response = client.post(url, {"token": preview.token})
    assert response["Location"] == reverse(
        "gatherings:coordinate-detail", args=[cohort.code, kickoff.code]
    )
    assert sorted(m.to[0] for m in mail.outbox) == [r.address for r in preview.recipients]


def test_a_gathering_nobody_was_invited_to_is_cancelled_without_email(
    kickoff, cohort, coordinator_cora, django_capture_on_commit_callbacks
):
    token = cancel_mailing(kickoff, cohort).token
    with django_capture_on_commit_callbacks(execute=True):
        cancel_gathering(gathering=kickoff, cohort=cohort, by=coordinator_cora.user, token=token)
    assert (Gathering.objects.get(pk=kickoff.pk).is_cancelled, mail.outbox) == (True, [])


def test_past_gatherings_are_listed_apart_and_take_no_replies(client, kickoff, cohort, mentee_anne):
    past = Gathering.objects.create(
        title="Samling om scenariotenkning",
        starts_at=NOW - dt.timedelta(days=5),
        ends_at=NOW - dt.timedelta(days=5) + dt.timedelta(hours=2),
        place="Oslo",
    )
    past.cohorts.set([cohort])
    client.force_login(mentee_anne.user)
    page = client.get(reverse("gatherings:mine"))
    assert (page.context["upcoming"], page.context["past"]) == ([kickoff], [past])
    detail = client.get(reverse("gatherings:detail", args=[past.code]))
    assert "Denne samlingen er holdt. Den tar ikke imot svar lenger." in detail.content.decode()
    assert 'name="response"' not in detail.content.decode()
    with pytest.raises(ValidationError) as refused:
        respond(gathering=past, person=mentee_anne, response="yes", by=mentee_anne.user)
    assert refused.value.messages == ["Denne samlingen har allerede startet."]
