"""Changing a gathering people were invited to: a new time, place or link is previewed (who is
told, the email with old → new) and saved together with the emails; a typo or the capacity is
saved without email."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from brobygger.core.models import Mailing
from brobygger.gatherings.models import Gathering, Invitation
from brobygger.gatherings.selectors import change_mailing, invitation_mailing, pending_change
from brobygger.gatherings.services import send_invitations, update_gathering
from tests.factories import InitiativeFactory, PersonFactory
from tests.pairs.helpers import make_pair, other_people

OSLO = ZoneInfo("Europe/Oslo")
NOW = dt.datetime(2027, 3, 1, 10, 0, tzinfo=OSLO)
STARTS = dt.datetime(2027, 3, 18, 17, 0, tzinfo=OSLO)
CHANGED = "The recipient list has changed since the preview. Review it and confirm again."
ALREADY = "These emails have already been sent. See the send log."


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def kickoff(
    cohort, pair, other_pair, mentor_bo, coordinator_cora, django_capture_on_commit_callbacks
):
    """Oppstart on Thursday 18 March at 17–20 in Oslo; all four of the cohort invited."""
    mentor_bo.user.language = "en"
    mentor_bo.user.save()
    gathering = Gathering.objects.create(
        title="Oppstart",
        starts_at=STARTS,
        ends_at=STARTS + dt.timedelta(hours=3),
        place="Oslo",
        capacity=40,
    )
    gathering.cohorts.set([cohort])
    with django_capture_on_commit_callbacks(execute=True):
        send_invitations(
            gathering=gathering,
            cohort=cohort,
            token=invitation_mailing(gathering, cohort).token,
            by=coordinator_cora.user,
        )
    mail.outbox.clear()
    return Gathering.objects.get(pk=gathering.pk)


def _url(cohort, gathering):
    return reverse("gatherings:coordinate-edit", args=[cohort.code, gathering.code])


def _form(cohort, **changes):
    data = {
        "title": "Oppstart",
        "theme": "",
        "description": "",
        "starts_at": "2027-03-18T17:00",
        "ends_at": "2027-03-18T20:00",
        "video_url": "",
        "place": "Oslo",
        "capacity": "40",
        "cohorts": [cohort.pk],
    }
    return {**data, **changes}


MOVED = {"starts_at": "2027-03-25T17:00", "ends_at": "2027-03-25T20:00", "place": "Bergen"}

NB_BODY = (
    "Hei Anne,\n\n"
    "Oppstart er endret:\n\n"
    "Når: torsdag 18. mars 2027, 17:00–20:00 → torsdag 25. mars 2027, 17:00–20:00 (norsk tid)\n\n"
    "Hvor: Oslo → Bergen\n\n"
    "Den vedlagte kalenderfilen oppdaterer samlingen i kalenderen din.\n\n"
    "Hvis dette endrer om du kan komme, endre svaret ditt på siden til samlingen:\n"
    "http://127.0.0.1:8000/gatherings/{code}/\n\n"
    "Vennlig hilsen Bølge – kvinner i tech (demo)\n"
)
EN_BODY = (
    "Hi Bo,\n\n"
    "Oppstart has changed:\n\n"
    "When: Thursday 18 March 2027, 17:00–20:00 → Thursday 25 March 2027, 17:00–20:00 "
    "(Norwegian time)\n\n"
    "Where: Oslo → Bergen\n\n"
    "The attached calendar file updates the gathering in your calendar.\n\n"
    "If this changes whether you can come, change your reply on the gathering’s page:\n"
    "http://127.0.0.1:8000/gatherings/{code}/\n\n"
    "Best regards, Bølge – kvinner i tech (demo)\n"
)


def test_a_capacity_change_is_saved_without_email(
    client, cohort, kickoff, coordinator_cora, django_capture_on_commit_callbacks
):
    client.force_login(coordinator_cora.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(cohort, kickoff), _form(cohort, capacity="60", description="Ny")
        )
    assert response["Location"] == reverse(
        "gatherings:coordinate-detail", args=[cohort.code, kickoff.code]
    )
    kickoff.refresh_from_db()
    assert (kickoff.capacity, kickoff.description) == (60, "Ny")
    assert (mail.outbox, Mailing.objects.filter(action="gatherings.change").count()) == ([], 0)


def test_a_new_time_and_place_is_previewed_then_saved_and_sent_together(
    client, cohort, kickoff, coordinator_cora, django_capture_on_commit_callbacks
):
    client.force_login(coordinator_cora.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(cohort, kickoff), _form(cohort, **MOVED))
    preview = response.context["preview"]
    assert response.context["change"].changed == {"starts_at", "ends_at", "place"}
    assert sorted(r.address for r in preview.recipients) == [
        "anne@a.example",
        "bo@b.example",
        "eva.j@y.example",
        "eva.s@x.example",
    ]
    samples = {s.recipient.language: s for s in preview.samples}
    assert samples["nb"].subject == "Endret: Oppstart"
    assert samples["en"].subject == "Changed: Oppstart"
    assert samples["en"].body == EN_BODY.format(code=kickoff.code)
    anne = next(r for r in preview.recipients if r.address == "anne@a.example")
    shown = (
        client.post(_url(cohort, kickoff), _form(cohort, **MOVED, preview="1", recipient=anne.ref))
        .context["preview"]
        .shown
    )
    assert shown.body == NB_BODY.format(code=kickoff.code)
    kickoff.refresh_from_db()
    assert (kickoff.starts_at, kickoff.place, mail.outbox) == (STARTS, "Oslo", [])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(cohort, kickoff), _form(cohort, **MOVED, token=preview.token))
    assert response["Location"] == reverse(
        "gatherings:coordinate-detail", args=[cohort.code, kickoff.code]
    )
    kickoff.refresh_from_db()
    assert (kickoff.starts_at, kickoff.place) == (STARTS + dt.timedelta(days=7), "Bergen")
    sent = {m.to[0]: m for m in mail.outbox}
    assert sorted(sent) == sorted(r.address for r in preview.recipients)
    assert sent["anne@a.example"].body == NB_BODY.format(code=kickoff.code)
    assert sent["bo@b.example"].body == EN_BODY.format(code=kickoff.code)
    mailing = Mailing.objects.get(action="gatherings.change")
    log = client.get(reverse("applications:mailing-log", args=[cohort.code, mailing.code]))
    assert sorted((e.to, e.sent_at is not None) for e in log.context["emails"]) == [
        ("anne@a.example", True),
        ("bo@b.example", True),
        ("eva.j@y.example", True),
        ("eva.s@x.example", True),
    ]


def test_a_changed_list_is_refused_nothing_saved_and_a_double_confirm_sends_once(
    en, cohort, kickoff, coordinator_cora, django_capture_on_commit_callbacks
):
    en.force_login(coordinator_cora.user)
    token = en.post(_url(cohort, kickoff), _form(cohort, **MOVED)).context["preview"].token
    newcomer, partner = other_people("nina")
    make_pair(cohort, newcomer, partner)
    Invitation.objects.create(gathering=kickoff, person=newcomer, response="yes")
    with django_capture_on_commit_callbacks(execute=True):
        refused = en.post(_url(cohort, kickoff), _form(cohort, **MOVED, token=token))
    assert refused.context["form"].non_field_errors() == [CHANGED]
    assert "nina.s@x.example" in [r.address for r in refused.context["preview"].recipients]
    kickoff.refresh_from_db()
    assert (kickoff.place, mail.outbox) == ("Oslo", [])

    token = refused.context["preview"].token
    with django_capture_on_commit_callbacks(execute=True):
        en.post(_url(cohort, kickoff), _form(cohort, **MOVED, token=token))
        again = en.post(_url(cohort, kickoff), _form(cohort, **MOVED, token=token))
    assert again.context["form"].non_field_errors() == [ALREADY]
    assert (len(mail.outbox), Mailing.objects.filter(action="gatherings.change").count()) == (5, 1)


def test_before_anyone_is_invited_a_new_time_is_saved_without_email(
    client, cohort, pair, coordinator_cora, django_capture_on_commit_callbacks
):
    gathering = Gathering.objects.create(
        title="Oppstart", starts_at=STARTS, ends_at=STARTS + dt.timedelta(hours=3), place="Oslo"
    )
    gathering.cohorts.set([cohort])
    client.force_login(coordinator_cora.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(cohort, gathering), _form(cohort, **MOVED, capacity=""))
    gathering.refresh_from_db()
    assert (gathering.place, mail.outbox) == ("Bergen", [])


def test_the_service_refuses_a_change_nobody_previewed(cohort, kickoff, coordinator_cora):
    moved = {"place": "Bergen"}
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        update_gathering(
            gathering=kickoff, cohorts=[cohort], by=coordinator_cora.user, cohort=cohort, **moved
        )
    assert refused.value.messages == [
        "The people invited must be told about this change: preview it first."
    ]
    plan = change_mailing(pending_change(kickoff, moved), cohort)
    assert plan.count == 4
    kickoff.refresh_from_db()
    assert kickoff.place == "Oslo"


@pytest.fixture
def other_coordinator(company_c):
    person = PersonFactory(
        user__email="olga@c.example", user__is_coordinator=True, company=company_c
    )
    InitiativeFactory(slug="mp", kind="classic").coordinators.add(person.user)
    return person


@pytest.mark.parametrize(
    "who", ["other_coordinator", "contact_hege", "mentee_anne", "outsider_dag"]
)
def test_others_get_404_and_nothing_changes(
    client, cohort, kickoff, who, request, django_capture_on_commit_callbacks
):
    person = request.getfixturevalue(who)
    client.force_login(person.user)
    token = change_mailing(pending_change(kickoff, {"place": "Bergen"}), cohort).token
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post(_url(cohort, kickoff), _form(cohort, **MOVED)).status_code,
            client.post(_url(cohort, kickoff), _form(cohort, **MOVED, token=token)).status_code,
        ]
    assert statuses == [404, 404]
    kickoff.refresh_from_db()
    assert (kickoff.place, mail.outbox) == ("Oslo", [])
