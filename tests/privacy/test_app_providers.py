"""The providers of pairs, gatherings, matching and surveys: the pair's words go to its two
members only, and erasure keeps the anonymous statistics."""

from __future__ import annotations

import json

import pytest

from brobygger.core.privacy_registry import providers
from brobygger.gatherings.models import Invitation as GatheringInvitation
from brobygger.matching.models import MatchRun, Proposal
from brobygger.pairs.models import GoalRating, Meeting, Pair
from brobygger.privacy.services import erase_person
from brobygger.surveys.models import Answer as SurveyAnswer
from tests.privacy.planting import plant_gatherings, plant_matching, plant_pairs, plant_surveys

pytestmark = pytest.mark.django_db


def provider(label: str):  # type: ignore[no-untyped-def]
    return next(p for p in providers() if p.app_label == label)


def test_pair_content_is_exported_to_the_two_members_only(mentee_anne, mentor_bo):
    plant_pairs(mentee_anne, "zqxanne1")
    plant_pairs(mentor_bo, "zqxbo2")
    anne = json.dumps(provider("pairs").export(mentee_anne))
    assert "zqxanne1notes" in anne
    assert "zqxanne1terms" in anne
    assert "zqxanne1goal" in anne
    assert "zqxbo2" not in anne
    # Her partner, the pair's other member, gets the pair's words too.
    partner = Pair.objects.get(mentee=mentee_anne).mentor
    theirs = json.dumps(provider("pairs").export(partner))
    assert "zqxanne1notes" in theirs
    assert "zqxbo2" not in theirs


def test_pair_content_rows_name_their_pair(mentee_anne):
    """A person in pairs of two years can tell whose agreement, goal and meeting is whose."""
    plant_pairs(mentee_anne, "zqxfirst")
    plant_pairs(mentee_anne, "zqxsecond")
    export = provider("pairs").export(mentee_anne)
    codes = sorted(row["code"] for row in export["pairs.Pair"])
    assert len(codes) == 2
    for label, key in (
        ("pairs.Agreement", "pair.code"),
        ("pairs.Goal", "pair.code"),
        ("pairs.Meeting", "pair.code"),
        ("pairs.GoalRating", "goal.pair.code"),
    ):
        assert sorted({row[key] for row in export[label]}) == codes, label
    tag_of = {row["code"]: row["end_reason"].removesuffix("ended") for row in export["pairs.Pair"]}
    goals = {row["pair.code"]: row["text"] for row in export["pairs.Goal"]}
    assert {tag_of[code]: text for code, text in goals.items()} == {
        "zqxfirst": "zqxfirstgoal",
        "zqxsecond": "zqxsecondgoal",
    }


def test_erasure_keeps_anonymous_statistics(mentee_anne):
    for plant in (plant_pairs, plant_gatherings, plant_matching, plant_surveys):
        plant(mentee_anne, "zqxstat3")
    erase_person(person=mentee_anne, by=None)

    pair = Pair.objects.get(mentee=mentee_anne)
    held = Meeting.objects.get(pair=pair, status="held")
    assert (held.duration_minutes, held.notes, held.place) == (60, "", "")
    assert Meeting.objects.filter(pair=pair, status="cancelled", cancelled_by_role="mentee")
    assert list(GoalRating.objects.filter(goal__pair=pair).values_list("rating", flat=True)) == [4]
    invitation = GatheringInvitation.objects.get()
    assert (invitation.person, invitation.response, invitation.attended) == (None, "yes", True)
    assert list(SurveyAnswer.objects.values_list("value", flat=True).order_by("id")) == [None, 4]
    run = MatchRun.objects.get()
    assert run.result["pairs"][0]["score"] == 0.8
    assert run.instance["mentees"][0]["capacity"] == 1
    assert Proposal.objects.get().score == 0.8
