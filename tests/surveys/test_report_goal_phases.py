"""The report's goal change counts only ratings made while their phase was open."""

import datetime as dt

from django.utils import timezone

from brobygger.pairs.models import Goal, GoalRating
from brobygger.pairs.selectors.outcomes import goal_changes
from brobygger.surveys.reports.cohort import build_report
from tests.surveys.helpers import rate_goal


def _rate_at(goal, phase, value, at):
    rating = GoalRating.objects.create(goal=goal, phase=phase, rating=value, rated_by_role="mentee")
    GoalRating.objects.filter(pk=rating.pk).update(created_at=at)


def test_an_end_rating_made_on_the_first_day_is_not_a_change(pairs, running_cohort):
    """The bug: "at the end" rated on the first day counted as the end of the year."""
    first_day = timezone.make_aware(dt.datetime.combine(running_cohort.kickoff_on, dt.time(12)))
    early = Goal.objects.create(pair=pairs[0], position=1, text="Mål")
    _rate_at(early, "start", 2, first_day)
    _rate_at(early, "end", 9, first_day)
    assert goal_changes(running_cohort) == []
    rate_goal(pairs[1], 1, 3, 6)  # both in their phases
    changes = goal_changes(running_cohort)
    assert [(c.start, c.end) for c in changes] == [(3, 6)]
    mentee, _mentor, _overall = build_report(running_cohort).goal_change
    assert mentee.summary.n == 1


def test_the_latest_rating_in_the_phase_counts_not_a_later_one(pairs, running_cohort):
    goal = rate_goal(pairs[0], 1, 3, 6)
    after_the_end = running_cohort.rating_phase("end").closes_at + dt.timedelta(days=1)
    _rate_at(goal, "end", 10, after_the_end)
    assert [(c.start, c.end) for c in goal_changes(running_cohort)] == [(3, 6)]
