"""Goal ratings open by phase: at the start, at mid-point and at the end of the programme year.

The cohort runs from kickoff on 1 September 2026 to closing on 1 June 2027, so by default
the start rating is open 15 August – 13 October 2026, mid-point 25 December 2026 –
5 February 2027 and the end 4 May – 29 June 2027.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from brobygger.core.models import ActivityLog
from brobygger.pairs.models import GoalRating
from brobygger.pairs.selectors.health import pair_health, pairs_in_cohort
from tests.pairs.helpers import make_pair, rate, running_cohort, signed_agreement

OSLO = ZoneInfo("Europe/Oslo")
KICKOFF = dt.datetime(2026, 9, 1, 12, tzinfo=OSLO)
BETWEEN_START_AND_MID = dt.datetime(2026, 11, 20, 12, tzinfo=OSLO)
AT_MID = dt.datetime(2027, 1, 15, 12, tzinfo=OSLO)
AT_END = dt.datetime(2027, 5, 20, 12, tzinfo=OSLO)


@pytest.fixture
def year(reverse_initiative):
    return running_cohort(
        reverse_initiative,
        applications_open_at=dt.datetime(2026, 3, 26, 9, tzinfo=OSLO),
        applications_close_at=dt.datetime(2026, 5, 1, 23, tzinfo=OSLO),
        matching_on=dt.date(2026, 8, 15),
        kickoff_on=dt.date(2026, 9, 1),
        closing_on=dt.date(2027, 6, 1),
    )


@pytest.fixture
def our_pair(year, mentee_anne, mentor_bo):
    pair = make_pair(year, mentee_anne, mentor_bo)
    signed_agreement(pair, goals=["Forstå KI", "Bygge nettverk"])
    return pair


def _post_ratings(client, pair, phase, values=(5, 6)):
    goals = pair.goals.order_by("position")
    data = {"phase": phase} | {f"goal_{g.pk}": v for g, v in zip(goals, values, strict=True)}
    return client.post(reverse("pairs:goals-rate", args=[pair.code]), data)


def _phases(response):
    return [(row.window.key, row.state) for row in response.context["space"].phases]


def test_on_the_first_day_only_the_start_rating_is_open(
    client, our_pair, mentee_anne, time_machine
):
    time_machine.move_to(KICKOFF, tick=False)
    client.force_login(mentee_anne.user)
    response = client.get(reverse("pairs:pair-detail", args=[our_pair.code]))
    assert _phases(response) == [("start", "open"), ("mid", "upcoming"), ("end", "upcoming")]
    windows = [(r.window.opens_on, r.window.closes_on) for r in response.context["space"].phases]
    assert windows == [
        (dt.date(2026, 8, 15), dt.date(2026, 10, 13)),
        (dt.date(2026, 12, 25), dt.date(2027, 2, 5)),
        (dt.date(2027, 5, 4), dt.date(2027, 6, 29)),
    ]
    html = response.content.decode()
    assert html.count(reverse("pairs:goals-rate", args=[our_pair.code])) == 1
    assert "åpner 4. mai 2027, stenger 29. juni 2027" in html


def test_the_end_rating_is_refused_on_the_first_day(client, our_pair, mentee_anne, time_machine):
    """The bug: "at the end" could be rated on the first day and counted as the end."""
    time_machine.move_to(KICKOFF, tick=False)
    client.force_login(mentee_anne.user)
    response = _post_ratings(client, our_pair, "end", (9, 9))
    assert response.context["form"].non_field_errors() == [
        "Du kan ikke vurdere «Ved slutt» ennå: den vurderingen åpner 4. mai 2027."
    ]
    assert GoalRating.objects.count() == 0
    assert not ActivityLog.objects.filter(action="pair.goals.rate").exists()


def test_the_start_rating_is_saved_in_its_phase(client, our_pair, mentee_anne, time_machine):
    time_machine.move_to(KICKOFF, tick=False)
    client.force_login(mentee_anne.user)
    page = client.get(reverse("pairs:goals-rate", args=[our_pair.code]))
    assert page.context["form"]["phase"].value() == "start"
    assert "Du vurderer «Ved start». Denne vurderingen er åpen til 13. oktober 2026." in (
        page.content.decode()
    )
    response = _post_ratings(client, our_pair, "start", (4, 6))
    assert response["Location"] == reverse("pairs:pair-detail", args=[our_pair.code])
    ratings = GoalRating.objects.order_by("goal__position")
    assert list(ratings.values_list("phase", "rating", "rated_by_role")) == [
        ("start", 4, "mentee"),
        ("start", 6, "mentee"),
    ]


def test_between_phases_nothing_can_be_rated(client, our_pair, mentor_bo, time_machine):
    time_machine.move_to(BETWEEN_START_AND_MID, tick=False)
    client.force_login(mentor_bo.user)
    detail = client.get(reverse("pairs:pair-detail", args=[our_pair.code]))
    assert _phases(detail) == [("start", "closed"), ("mid", "upcoming"), ("end", "upcoming")]
    assert reverse("pairs:goals-rate", args=[our_pair.code]) not in detail.content.decode()
    page = client.get(reverse("pairs:goals-rate", args=[our_pair.code]))
    assert page.context["phase"] is None
    assert "Ingen vurdering er åpen nå." in page.content.decode()
    response = _post_ratings(client, our_pair, "start")
    assert response.context["form"].non_field_errors() == [
        "Du kan ikke lenger vurdere «Ved start»: den vurderingen stengte 13. oktober 2026."
    ]
    assert GoalRating.objects.count() == 0


def test_a_forged_phase_is_refused_while_another_is_open(
    client, our_pair, mentee_anne, time_machine
):
    time_machine.move_to(AT_MID, tick=False)
    client.force_login(mentee_anne.user)
    detail = client.get(reverse("pairs:pair-detail", args=[our_pair.code]))
    assert _phases(detail) == [("start", "closed"), ("mid", "open"), ("end", "upcoming")]
    response = _post_ratings(client, our_pair, "end")
    assert response.context["form"].non_field_errors() == [
        "Du kan ikke vurdere «Ved slutt» ennå: den vurderingen åpner 4. mai 2027."
    ]
    assert GoalRating.objects.count() == 0
    _post_ratings(client, our_pair, "mid", (7, 8))
    assert sorted(GoalRating.objects.values_list("phase", "rating")) == [("mid", 7), ("mid", 8)]


def test_the_coordinator_moves_a_phase_and_the_pair_can_rate(
    client, our_pair, year, mentee_anne, time_machine
):
    time_machine.move_to(BETWEEN_START_AND_MID, tick=False)
    year.rating_mid_opens_on = dt.date(2026, 11, 15)
    year.save()
    client.force_login(mentee_anne.user)
    response = _post_ratings(client, our_pair, "mid", (5, 5))
    assert response["Location"] == reverse("pairs:pair-detail", args=[our_pair.code])
    assert list(GoalRating.objects.values_list("phase", flat=True)) == ["mid", "mid"]


def test_ratings_made_out_of_phase_are_not_shown_or_counted(our_pair, mentee_anne, year):
    """Ratings saved before phases existed: an "end" on the first day is ignored."""
    first, second = our_pair.goals.order_by("position")
    rate(first, "start", 2, at=KICKOFF)
    rate(second, "start", 3, at=KICKOFF)
    rate(first, "end", 9, at=KICKOFF)  # out of phase: the end is not open at the kickoff
    rate(second, "mid", 5, at=AT_END)  # out of phase: mid-point closed in February
    row = next(r for r in pair_health(pairs_in_cohort(year)) if r.pair == our_pair)
    assert row.rating_averages == {"start": 2.5}
    rate(first, "end", 8, at=AT_END)
    row = next(r for r in pair_health(pairs_in_cohort(year)) if r.pair == our_pair)
    assert row.rating_averages == {"start": 2.5, "end": 8.0}


def test_the_pair_page_shows_only_ratings_made_in_their_phase(
    client, our_pair, mentee_anne, time_machine
):
    first, _second = our_pair.goals.order_by("position")
    rate(first, "start", 2)
    rate(first, "end", 9, at=KICKOFF)
    time_machine.move_to(AT_MID, tick=False)
    client.force_login(mentee_anne.user)
    response = client.get(reverse("pairs:pair-detail", args=[our_pair.code]))
    rows = response.context["space"].goals
    assert [row.latest for row in rows] == [{"start": 2}, {}]
    assert [len(row.history) for row in rows] == [2, 0]  # nothing is deleted
