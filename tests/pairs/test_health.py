"""The coordinator's health page: metadata per pair, pairs at risk, end early, message a pair."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from brobygger.pairs.models import Message, PairStatus, PulseAnswer
from brobygger.pairs.selectors.health import pair_health, pairs_in_cohort
from tests.factories import MeetingFactory
from tests.pairs.helpers import (
    make_pair,
    meeting,
    other_people,
    plant_secrets,
    queries,
    rate,
    signed_agreement,
)


def _row(cohort, pair):
    return next(r for r in pair_health(pairs_in_cohort(cohort)) if r.pair == pair)


def test_coordinator_sees_metadata(en, cohort, pair, coordinator_cora):
    plant_secrets(pair)  # one held, one cancelled by the mentee, signed, a start rating of 3
    meeting(pair, days=5)
    en.force_login(coordinator_cora.user)
    response = en.get(reverse("pairs:health", args=[cohort.code]))
    row = response.context["rows"][0]
    assert (row.held, row.planned, row.cancelled_by, row.agreement_signed) == (
        1,
        1,
        {"mentor": 0, "mentee": 1},
        True,
    )
    assert row.rating_averages == {"start": 3.0}
    assert row.risks == []
    assert "Healthy" in response.content.decode()


def test_goal_averages_use_each_goals_latest_rating(cohort, pair):
    signed_agreement(pair, goals=["A", "B"])
    first, second = pair.goals.order_by("position")
    for goal, rating in ((first, 2), (first, 4), (second, 7)):
        rate(goal, "start", rating)
    rate(first, "end", 9)
    assert _row(cohort, pair).rating_averages == {"start": 5.5, "end": 9.0}
    assert first.ratings.count() == 3  # the history is kept


def test_no_meeting_for_five_weeks_is_at_risk(cohort, pair):
    pair.published_at = timezone.now() - dt.timedelta(weeks=10)
    pair.save()
    signed_agreement(pair)
    meeting(pair, days=-36, status="held", duration_minutes=60)
    assert _row(cohort, pair).risks == ["Ingen møter de siste fem ukene"]
    meeting(pair, days=-3, status="held", duration_minutes=60)
    assert _row(cohort, pair).risks == []


def test_two_cancellations_in_a_row_are_at_risk(cohort, pair):
    signed_agreement(pair)
    meeting(pair, days=-20, status="held", duration_minutes=60)
    meeting(pair, days=-10, status="cancelled", cancelled_by_role="mentee")
    assert _row(cohort, pair).risks == []
    meeting(pair, days=-3, status="cancelled", cancelled_by_role="mentee")
    assert _row(cohort, pair).risks == ["To avlysninger på rad"]


def test_cancellations_in_a_row_count_from_the_latest_held_meeting(cohort, pair):
    """Counted in the database (issue 23): the cancellations after the latest held meeting,
    in the order of their start and then of their making."""
    signed_agreement(pair)
    meeting(pair, days=-30, status="cancelled", cancelled_by_role="mentor")
    meeting(pair, days=-25, status="cancelled", cancelled_by_role="mentee")
    assert _row(cohort, pair).cancellation_streak == 2  # nothing held yet: all of them
    held = meeting(pair, days=-20, status="held", duration_minutes=60)
    meeting(pair, days=-22, status="cancelled", cancelled_by_role="mentee")  # before it
    meeting(pair, days=-1, status="planned")  # neither ends nor adds to a streak
    row = _row(cohort, pair)
    assert (row.cancellation_streak, row.held, row.last_held) == (0, 1, held.starts_at)
    # the same start as the held meeting, logged after it: after it in the pair's order
    MeetingFactory(pair=pair, starts_at=held.starts_at, status="cancelled")
    meeting(pair, days=-10, status="cancelled", cancelled_by_role="mentor")
    row = _row(cohort, pair)
    assert (row.cancellation_streak, row.cancelled_by) == (2, {"mentor": 2, "mentee": 2})
    assert row.risks == ["To avlysninger på rad"]


def test_the_counts_cover_every_pair_not_only_the_shown_page(
    client, cohort, coordinator_cora, monkeypatch
):
    monkeypatch.setattr("brobygger.core.pagination.PER_PAGE", 2)
    pairs = [make_pair(cohort, *other_people(f"p{n}")) for n in range(3)]
    for pair in pairs:
        signed_agreement(pair)
        meeting(pair, days=-3, status="held", duration_minutes=60)
    # the last by name, on the second page, cancelled twice since
    for days in (-2, -1):
        meeting(pairs[2], days=days, status="cancelled", cancelled_by_role="mentor")
    client.force_login(coordinator_cora.user)
    url = reverse("pairs:health", args=[cohort.code])
    first = client.get(url).context
    assert (first["n_pairs"], first["n_at_risk"]) == (3, 1)
    assert [row.pair for row in first["rows"]] == pairs[:2]
    second = client.get(url, {"page": 2}).context
    assert [(row.pair, row.risks) for row in second["rows"]] == [
        (pairs[2], ["To avlysninger på rad"])
    ]


def test_agreement_unsigned_two_weeks_after_first_meeting_is_at_risk(cohort, pair):
    meeting(pair, days=-13, status="held", duration_minutes=60)
    assert _row(cohort, pair).risks == []
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        assert _row(cohort, pair).risks == ["Avtalen er ikke signert to uker etter første møte"]


@pytest.mark.parametrize("who", ["mentee_anne", "contact_hege", "outsider_dag"])
def test_others_get_404(client, cohort, pair, who, request):
    client.force_login(request.getfixturevalue(who).user)
    for url in (
        reverse("pairs:health", args=[cohort.code]),
        reverse("pairs:messages", args=[cohort.code]),
        reverse("pairs:pair-end", args=[cohort.code, pair.code]),
        reverse("pairs:pair-message", args=[cohort.code, pair.code]),
    ):
        assert client.get(url).status_code == 404, url


def test_a_coordinator_of_another_initiative_gets_404(client, cohort, pair):
    from tests.factories import InitiativeFactory, PersonFactory
    from tests.pairs.helpers import running_cohort

    classic = InitiativeFactory(kind="classic", slug="mentor")
    theirs = running_cohort(classic)
    coordinator = PersonFactory(user__is_coordinator=True)
    classic.coordinators.add(coordinator.user)
    client.force_login(coordinator.user)
    assert client.get(reverse("pairs:health", args=[cohort.code])).status_code == 404
    # Her own cohort does not reach our pair either.
    url = reverse("pairs:pair-end", args=[theirs.code, pair.code])
    assert client.post(url, {"reason": "x"}).status_code == 404
    pair.refresh_from_db()
    assert pair.status == PairStatus.ACTIVE


def test_health_query_count_does_not_grow(client, cohort, coordinator_cora):
    client.force_login(coordinator_cora.user)
    url = reverse("pairs:health", args=[cohort.code])
    counts = []
    for n in range(3):
        made = make_pair(cohort, *other_people(f"q{n}"))
        plant_secrets(made)
        # a low pulse: the coordinator is asked to call her (the names come in one read)
        PulseAnswer.objects.create(pair=made, person=made.mentee, point=1, useful=1, safe=1)
        if n in (0, 2):
            counts.append(queries(lambda: client.get(url)))
    assert counts[0] == counts[1]
    assert len(client.get(url).context["rows"]) == 3


def test_end_a_pair_early(en, cohort, pair, coordinator_cora, django_capture_on_commit_callbacks):
    planned = meeting(pair, days=4)
    en.force_login(coordinator_cora.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = en.post(
            reverse("pairs:pair-end", args=[cohort.code, pair.code]),
            {
                "reason": "Ny jobb i samme selskap",
                "category": "job",
                "mentee_after": "next_round",
                "mentor_after": "leave",
            },
        )
    assert response.status_code == 302
    pair.refresh_from_db()
    planned.refresh_from_db()
    assert (pair.status, pair.end_reason, planned.status) == (
        "ended_early",
        "Ny jobb i samme selskap",
        "declined",
    )
    assert (pair.end_category, pair.mentee_after_end, pair.mentor_after_end) == (
        "job",
        "next_round",
        "leave",
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["anne@a.example", "bo@b.example"]
    assert all("Ny jobb" not in m.body and "job" not in m.body for m in mail.outbox)
    told = {m.to[0]: m.body for m in mail.outbox}
    assert "ser etter en ny partner til deg i neste runde" in told["anne@a.example"]
    assert "avslutter du programåret her" in told["bo@b.example"]


def test_end_needs_a_reason(en, cohort, pair, coordinator_cora):
    en.force_login(coordinator_cora.user)
    response = en.post(reverse("pairs:pair-end", args=[cohort.code, pair.code]), {"reason": ""})
    required = ["This field is required."]
    assert response.context["form"].errors == {
        "category": required,
        "reason": required,
        "mentee_after": required,
        "mentor_after": required,
    }
    pair.refresh_from_db()
    assert pair.status == "active"


def test_message_a_pair(client, cohort, pair, coordinator_cora, django_capture_on_commit_callbacks):
    client.force_login(coordinator_cora.user)
    url = reverse("pairs:pair-message", args=[cohort.code, pair.code])
    data = {"subject": "Hvordan går det?", "body": "Si fra om dere trenger hjelp."}
    token = client.post(url, {**data, "preview": "1"}).context["preview"].token
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**data, "token": token})
    assert sorted(m.to[0] for m in mail.outbox) == ["anne@a.example", "bo@b.example"]
    assert {m.subject for m in mail.outbox} == {"Hvordan går det?"}
    message = Message.objects.get()
    assert (message.audience, message.pair, message.recipient_count) == ("pair", pair, 2)
