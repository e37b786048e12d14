"""Gatherings: coordinators create them for one or more cohorts; participants reply (also by
a once-only emailed link), join a waitlist when it is full; the coordinator marks attendance."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from brobygger.gatherings.models import Gathering, Invitation
from brobygger.gatherings.selectors import invitation_mailing
from brobygger.gatherings.services import respond, send_invitations
from tests.factories import InitiativeFactory
from tests.pairs.helpers import gathering, make_pair, other_people, running_cohort


def _when(days, hour):
    day = timezone.localdate() + dt.timedelta(days=days)
    return f"{day:%Y-%m-%d}T{hour:02d}:00"


def _form(cohorts, **extra):
    return {
        "title": "Felles oppstart",
        "theme": "Verdibasert ledelse",
        "description": "",
        "starts_at": _when(20, 17),
        "ends_at": _when(20, 20),
        "video_url": "",
        "place": "Oslo",
        "capacity": "",
        "cohorts": [c.pk for c in cohorts],
        **extra,
    }


def test_coordinator_creates_a_joint_kickoff(client, cohort, coordinator_cora):
    """Cora coordinates both initiatives: one gathering for both programme years."""
    classic_initiative = InitiativeFactory(kind="classic", slug="klassisk")
    classic_initiative.coordinators.add(coordinator_cora.user)
    classic = running_cohort(classic_initiative)
    client.force_login(coordinator_cora.user)
    response = client.post(
        reverse("gatherings:coordinate-new", args=[cohort.code]), _form([cohort, classic])
    )
    assert response.status_code == 302
    created = Gathering.objects.get()
    assert sorted(c.pk for c in created.cohorts.all()) == sorted([cohort.pk, classic.pk])
    assert (created.created_by, timezone.localtime(created.starts_at).hour) == (
        coordinator_cora.user,
        17,
    )


def test_end_before_start_is_refused(en, cohort, coordinator_cora):
    en.force_login(coordinator_cora.user)
    response = en.post(
        reverse("gatherings:coordinate-new", args=[cohort.code]),
        _form([cohort], ends_at=_when(20, 16)),
    )
    assert response.context["form"].errors == {"ends_at": ["A gathering must end after it starts."]}
    assert Gathering.objects.count() == 0


@pytest.mark.parametrize("who", ["mentee_anne", "contact_hege", "outsider_dag"])
def test_only_coordinators_manage(client, cohort, pair, who, request):
    kickoff = gathering([cohort])
    client.force_login(request.getfixturevalue(who).user)
    for url in (
        reverse("gatherings:coordinate-list", args=[cohort.code]),
        reverse("gatherings:coordinate-new", args=[cohort.code]),
        reverse("gatherings:coordinate-detail", args=[cohort.code, kickoff.code]),
    ):
        assert client.get(url).status_code == 404


def test_participants_see_their_cohorts_gatherings_others_404(
    client, cohort, pair, mentee_anne, outsider_dag, contact_hege
):
    kickoff = gathering([cohort])
    client.force_login(mentee_anne.user)
    assert list(client.get(reverse("gatherings:mine")).context["gatherings"]) == [kickoff]
    assert client.get(reverse("gatherings:detail", args=[kickoff.code])).status_code == 200
    for person in (outsider_dag, contact_hege):
        client.force_login(person.user)
        assert client.get(reverse("gatherings:detail", args=[kickoff.code])).status_code == 404
        assert list(client.get(reverse("gatherings:mine")).context["gatherings"]) == []


def test_rsvp_from_the_page_and_htmx_fragment(client, cohort, pair, mentee_anne):
    kickoff = gathering([cohort])
    client.force_login(mentee_anne.user)
    response = client.post(
        reverse("gatherings:rsvp", args=[kickoff.code]),
        {"response": "maybe"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert html.lstrip().startswith(
        '<section class="card" aria-labelledby="rsvp-heading" id="rsvp">'
    )
    assert "<h1" not in html
    assert Invitation.objects.get().response == "maybe"


def test_full_gathering_waitlists_and_moves_up(
    client, cohort, pair, other_pair, mentee_anne, django_capture_on_commit_callbacks
):
    kickoff = gathering([cohort], capacity=1)
    respond(gathering=kickoff, person=other_pair.mentee, response="yes", by=None)
    client.force_login(mentee_anne.user)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("gatherings:rsvp", args=[kickoff.code]), {"response": "yes"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "The gathering is full, so you are on the waitlist. You get an email if a place "
        "becomes free."
    ]
    anne = Invitation.objects.get(person=mentee_anne)
    assert anne.is_waitlisted
    assert Invitation.objects.filter(response="yes", waitlisted_at=None).count() == 1  # capacity
    with django_capture_on_commit_callbacks(execute=True):
        respond(gathering=kickoff, person=other_pair.mentee, response="no", by=None)
    anne.refresh_from_db()
    assert anne.has_place
    assert [m.to for m in mail.outbox] == [["anne@a.example"]]


def _invite(gathering, cohort, coordinator):
    token = invitation_mailing(gathering, cohort).token
    return send_invitations(gathering=gathering, cohort=cohort, token=token, by=coordinator.user)


def _link(email):
    return (
        re.search(r"https?://\S+/rsvp/\S+/", email.body)
        .group(0)
        .split("://", 1)[1]
        .split("/", 1)[1]
    )


def test_rsvp_link_works_once_without_signing_in(
    client, cohort, pair, coordinator_cora, mentee_anne, django_capture_on_commit_callbacks
):
    kickoff = gathering([cohort])
    with django_capture_on_commit_callbacks(execute=True):
        assert _invite(kickoff, cohort, coordinator_cora).recipient_count == 2
    email = next(m for m in mail.outbox if m.to == ["anne@a.example"])
    url = "/" + _link(email)
    assert client.get(url).status_code == 200
    client.post(url, {"response": "yes"})
    assert Invitation.objects.get(person=mentee_anne).response == "yes"
    # Reused: a clear message, nothing changed.
    client.cookies["django_language"] = "en"
    response = client.post(url, {"response": "no"})
    assert response.status_code == 410
    assert "This link has already been used." in response.content.decode()
    assert Invitation.objects.get(person=mentee_anne).response == "yes"


def test_tampered_or_foreign_rsvp_link_answers_404(
    client, cohort, pair, coordinator_cora, mentee_anne, django_capture_on_commit_callbacks
):
    kickoff = gathering([cohort])
    closing = gathering([cohort], title="Avslutning", days=200)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(kickoff, cohort, coordinator_cora)
    path = "/" + _link(next(m for m in mail.outbox if m.to == ["anne@a.example"]))
    token = path.rstrip("/").rsplit("/", 1)[1]
    tampered = path.replace(token, token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    foreign = path.replace(str(kickoff.code), str(closing.code))
    for url in (tampered, foreign):
        assert client.post(url, {"response": "yes"}).status_code == 404
    assert Invitation.objects.exclude(response="").count() == 0


def test_coordinator_marks_attendance(
    client, cohort, pair, other_pair, coordinator_cora, mentee_anne
):
    kickoff = gathering([cohort], days=-1)
    client.force_login(coordinator_cora.user)
    client.post(
        reverse("gatherings:coordinate-attendance", args=[cohort.code, kickoff.code]),
        {"attended": [str(mentee_anne.code)]},
    )
    assert sorted(Invitation.objects.values_list("person__user__email", "attended")) == [
        ("anne@a.example", True),
        ("bo@b.example", False),
        ("eva.j@y.example", False),
        ("eva.s@x.example", False),
    ]
    health = client.get(reverse("pairs:health", args=[cohort.code]))
    assert [g.n_attended for g in health.context["gatherings"]] == [1]


def test_rsvp_after_start_is_refused(en, cohort, pair, mentee_anne):
    kickoff = gathering([cohort], days=-1)
    en.force_login(mentee_anne.user)
    response = en.post(reverse("gatherings:rsvp", args=[kickoff.code]), {"response": "yes"})
    assert response.context["form"].non_field_errors() == ["This gathering has already started."]
    assert Invitation.objects.count() == 0


@pytest.mark.parametrize("count", [1, 3])
def test_list_query_counts(
    client, cohort, pair, mentee_anne, coordinator_cora, django_assert_num_queries, count
):
    for n in range(count):
        gathering([cohort], title=f"Samling {n}", days=10 + n)
    client.force_login(mentee_anne.user)
    with django_assert_num_queries(8):
        client.get(reverse("gatherings:mine"))
    client.force_login(coordinator_cora.user)
    with django_assert_num_queries(8):
        client.get(reverse("gatherings:coordinate-list", args=[cohort.code]))


def test_people_in_other_cohorts_are_not_invited(cohort, pair, coordinator_cora):
    classic = running_cohort(InitiativeFactory(kind="classic", slug="klassisk"))
    make_pair(classic, *other_people("k"))
    kickoff = gathering([cohort, classic])
    assert _invite(kickoff, cohort, coordinator_cora).recipient_count == 2
