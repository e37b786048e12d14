"""Goals on both sides: the mentee's (in reverse mentoring the senior's) and the mentor's own
learning goals. Each writes her own in the agreement and rates only her own."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from brobygger.pairs.models import Agreement, Goal, GoalRating
from brobygger.pairs.services.goals import rate_goals
from tests.pairs.helpers import signed_agreement

BASE = {"cadence": "Hver tredje uke", "meeting_format": "digital", "confirm": "on"}


def _propose(client, pair, **goals):
    return client.post(reverse("pairs:agreement-edit", args=[pair.code]), {**BASE, **goals})


def _in_start_phase(pair):
    return time_machine.travel(
        pair.cohort.rating_phase("start").opens_at + dt.timedelta(hours=12), tick=False
    )


def test_each_writes_her_own_goals_and_sees_her_partners(en, pair, mentee_anne, mentor_bo):
    en.force_login(mentee_anne.user)
    _propose(en, pair, goal_1="Forstå KI", goal_2="Bruke sosiale medier")
    en.force_login(mentor_bo.user)
    page = en.get(reverse("pairs:agreement-edit", args=[pair.code]))
    assert page.context["partner_goals"] == ["Forstå KI", "Bruke sosiale medier"]
    assert page.context["form"]["goal_1"].value() is None  # her own, not the senior's
    assert (
        page.context["form"]
        .fields["goal_1"]
        .help_text.startswith("What you want to learn yourself this year")
    )
    response = _propose(en, pair, goal_1="Lede et møte", goal_2="Gi tilbakemelding oppover")
    assert response.status_code == 302
    latest = Agreement.objects.get(pair=pair, version=2)
    assert (latest.goals, latest.mentor_goals, latest.proposed_by_role) == (
        ["Forstå KI", "Bruke sosiale medier"],
        ["Lede et møte", "Gi tilbakemelding oppover"],
        "mentor",
    )
    goals = Goal.objects.filter(pair=pair).order_by("owner_role", "position")
    assert list(goals.values_list("owner_role", "position", "text")) == [
        ("mentee", 1, "Forstå KI"),
        ("mentee", 2, "Bruke sosiale medier"),
        ("mentor", 1, "Lede et møte"),
        ("mentor", 2, "Gi tilbakemelding oppover"),
    ]
    # Her own form shows her own goals again, the senior's as her partner's.
    page = en.get(reverse("pairs:agreement-edit", args=[pair.code]))
    assert page.context["form"]["goal_1"].value() == "Lede et møte"
    detail = en.get(reverse("pairs:pair-detail", args=[pair.code]))
    sides = [
        (s.role, s.is_mine, [r.goal.text for r in s.rows])
        for s in detail.context["space"].goal_sides
    ]
    assert sides == [
        ("mentee", False, ["Forstå KI", "Bruke sosiale medier"]),
        ("mentor", True, ["Lede et møte", "Gi tilbakemelding oppover"]),
    ]


def test_the_mentor_needs_a_goal_of_her_own_and_nothing_changes(en, pair, mentor_bo):
    signed_agreement(pair, goals=["Forstå KI"])
    en.force_login(mentor_bo.user)
    response = _propose(en, pair, goal_1="")
    assert response.status_code == 200
    assert response.context["form"].errors["goal_1"] == ["This field is required."]
    assert Agreement.objects.filter(pair=pair).count() == 1


def test_at_most_five_goals_on_a_side(pair):
    agreement = Agreement(
        pair=pair,
        version=1,
        goals=["a"],
        mentor_goals=["1", "2", "3", "4", "5", "6"],
        cadence="x",
        meeting_format="digital",
        proposed_by_role="mentor",
    )
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert error.value.message_dict == {"mentor_goals": ["Skriv mellom ett og 5 mål."]}


def test_existing_goals_are_the_mentees(pair):
    goal = Goal.objects.create(pair=pair, position=1, text="Gammelt mål")
    assert goal.owner_role == "mentee"


def test_each_rates_her_own_goals_only(en, pair, mentee_anne, mentor_bo):
    signed_agreement(pair, goals=["Forstå KI"], mentor_goals=["Lede et møte"])
    senior_goal = Goal.objects.get(pair=pair, owner_role="mentee")
    own_goal = Goal.objects.get(pair=pair, owner_role="mentor")
    with _in_start_phase(pair):
        en.force_login(mentor_bo.user)
        page = en.get(reverse("pairs:goals-rate", args=[pair.code]))
        assert [f for f in page.context["form"].fields if f.startswith("goal_")] == [
            f"goal_{own_goal.pk}"
        ]
        response = en.post(
            reverse("pairs:goals-rate", args=[pair.code]),
            {"phase": "start", f"goal_{own_goal.pk}": "4"},
        )
        assert response.status_code == 302
        with pytest.raises(ValidationError) as error:
            rate_goals(pair=pair, by=mentor_bo, phase="start", ratings={senior_goal.pk: 9})
        assert error.value.messages == ["That goal is not one of yours."]
        en.force_login(mentee_anne.user)
        en.post(
            reverse("pairs:goals-rate", args=[pair.code]),
            {"phase": "start", f"goal_{senior_goal.pk}": "3"},
        )
    ratings = GoalRating.objects.order_by("goal__owner_role")
    assert list(ratings.values_list("goal__owner_role", "rated_by_role", "rating")) == [
        ("mentee", "mentee", 3),
        ("mentor", "mentor", 4),
    ]


@pytest.mark.parametrize("name", ["agreement-edit", "goals-rate", "pair-detail"])
def test_others_get_404(client, pair, name, outsider_dag, coordinator_cora, contact_hege):
    signed_agreement(pair, goals=["Forstå KI"], mentor_goals=["Lede et møte"])
    for person in (outsider_dag, coordinator_cora, contact_hege):
        client.force_login(person.user)
        response = client.get(reverse(f"pairs:{name}", args=[pair.code]))
        assert (person.user.email, response.status_code) == (person.user.email, 404)
        assert b"Lede et m" not in response.content
