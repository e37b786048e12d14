"""Setting up answers and goal ratings for report tests."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from brobygger.surveys.models import Survey
from brobygger.surveys.services import save_answers
from tests.surveys.conftest import invite


def answer(survey: Survey, person, **by_key):
    """Answer ``survey`` as ``person``; keys name questions, values are stored values."""
    invitation = invite(survey, person)
    questions = {q.key: q for q in survey.questions.all()}
    values = {q.pk: None for q in questions.values() if not q.required}
    values.update({questions[key].pk: value for key, value in by_key.items()})
    for q in questions.values():
        if q.required and q.pk not in values:
            values[q.pk] = 3 if q.kind == "likert" else 7
    save_answers(invitation=invitation, values=values)
    return invitation


def rate_goal(pair, position, start, end, *, role="mentee"):
    """``role``'s own goal at ``position``, rated by her at the start and at the end."""
    from brobygger.pairs.models import Goal, GoalRating

    goal, _ = Goal.objects.get_or_create(
        pair=pair, owner_role=role, position=position, defaults={"text": "Mål"}
    )
    for phase, value in (("start", start), ("end", end)):
        rating = GoalRating.objects.create(goal=goal, phase=phase, rating=value, rated_by_role=role)
        # made while its phase was open: only those count
        opens_at = pair.cohort.rating_phase(phase).opens_at
        GoalRating.objects.filter(pk=rating.pk).update(created_at=opens_at + dt.timedelta(hours=1))
    return goal


def hold_meetings(pair, count):
    from brobygger.pairs.models import Meeting

    for i in range(count):
        start = timezone.now() - dt.timedelta(days=10 + i)
        Meeting.objects.create(
            pair=pair,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            status="held",
            proposed_by_role="mentee",
            place="Kafé",
        )


def sign_agreement(pair):
    from brobygger.pairs.models import Agreement

    now = timezone.now()
    Agreement.objects.create(
        pair=pair,
        version=1,
        goals=["Mål"],
        cadence="Hver tredje uke",
        meeting_format="digital",
        proposed_by_role="mentee",
        mentee_signed_at=now,
        mentor_signed_at=now,
    )


def close(*surveys: Survey) -> None:
    """The surveys have closed (yesterday was the last day to answer): the next report read
    publishes their figures."""
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Survey.objects.filter(pk__in=[s.pk for s in surveys]).update(closes_on=yesterday)
    for survey in surveys:
        survey.refresh_from_db()


def publish(cohort, *surveys: Survey) -> None:
    """Close the surveys and publish what is due, as a report read would."""
    from brobygger.surveys.services import publish_results

    close(*surveys)
    publish_results(cohort=cohort)
