"""The pairs and gatherings privacy providers: export has the words; erase removes them and
keeps anonymous statistics (a meeting happened, a rating changed)."""

from brobygger.core.privacy_registry import providers
from brobygger.gatherings.models import Invitation
from brobygger.gatherings.services import respond
from brobygger.pairs.models import Agreement, Goal, GoalRating, Meeting
from tests.pairs.helpers import (
    AGREEMENT_SECRET,
    CANCEL_SECRET,
    GOAL_SECRET,
    NOTE_SECRET,
    gathering,
    plant_secrets,
)


def _provider(label):
    return next(p for p in providers() if p.app_label == label)


def test_export_contains_the_pairs_words(pair, mentee_anne):
    plant_secrets(pair)
    data = str(_provider("pairs").export(mentee_anne))
    for secret in (NOTE_SECRET, AGREEMENT_SECRET, GOAL_SECRET, CANCEL_SECRET):
        assert secret in data


def test_erase_removes_words_and_keeps_statistics(pair, mentee_anne):
    plant_secrets(pair)
    counts = _provider("pairs").erase(mentee_anne)
    assert counts["pairs.Meeting"] == 2
    texts = [
        *Meeting.objects.values_list("notes", "cancel_reason"),
        *Agreement.objects.values_list("other_terms", "cadence"),
        *Goal.objects.values_list("text", flat=True),
    ]
    assert all(not any(t) if isinstance(t, tuple) else not t for t in texts)
    assert list(
        Meeting.objects.order_by("starts_at").values_list("status", "duration_minutes")
    ) == [
        ("cancelled", None),
        ("held", 60),
    ]
    assert list(GoalRating.objects.values_list("phase", "rating")) == [("start", 3)]
    assert Agreement.objects.get().is_signed


def test_gatherings_erase_keeps_the_counts(cohort, pair, mentee_anne):
    kickoff = gathering([cohort])
    respond(gathering=kickoff, person=mentee_anne, response="yes", by=None)
    provider = _provider("gatherings")
    assert provider.export(mentee_anne)["gatherings.Invitation"][0]["response"] == "yes"
    assert provider.erase(mentee_anne) == {"gatherings.Invitation": 1}
    assert list(Invitation.objects.values_list("person", "response")) == [(None, "yes")]
