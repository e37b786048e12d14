"""The report's raw figures: counts, means and intervals computed from the database, before
any label and before the company rule (``disclosure``) is applied.

Two kinds are published once and frozen (``PublishedResult``), because reading them twice
around one more answer would give that answer away: a survey's aggregates, frozen when it
closes (for everyone, and per employer), and a company's goal change, frozen when the
programme year closes. Both are computed here, as JSON-ready dictionaries; the
coordinator's live goal change and meetings use the same functions.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from brobygger.pairs.selectors.outcomes import GoalChange, PairRow, goal_changes
from brobygger.surveys.models import Answer, Invitation, Question, QuestionKind, Survey, SurveyKind
from brobygger.surveys.reports import analytics
from brobygger.surveys.reports.analytics import ChangeSummary
from brobygger.surveys.reports.disclosure import MIN_GROUP

if TYPE_CHECKING:
    from brobygger.programs.models import Cohort

MEETING_BUCKETS = list(range(0, 9))  # 0 … 8, where 8 means "8 or more"
ROLES = ("mentee", "mentor")
Audience = int | None  # a company's id, or None: everyone


def scale_of(question: Question) -> analytics.Bounds:
    return analytics.LIKERT if question.kind == QuestionKind.LIKERT else analytics.SCALE10


def steps_of(question: Question) -> list[int]:
    low, high = scale_of(question)
    return list(range(int(low), int(high) + 1))


# -- surveys -------------------------------------------------------------------------------
def survey_figures(survey: Survey) -> dict[Audience, dict[str, Any]]:
    """Per audience (everyone, and each employer of the people invited): invited, answered,
    each numeric and choice question's n, mean and counts (none under three answers), and for
    a closing survey the baseline-vs-closing comparison of the same people. Free text is not
    read."""
    invitations: list[dict[str, Any]] = [
        dict(row)
        for row in Invitation.objects.filter(survey=survey).values(
            "id", "person_id", "company_id", "answered_at"
        )
    ]
    answers: list[dict[str, Any]] = [
        dict(row)
        for row in Answer.objects.filter(
            invitation__survey=survey, invitation__answered_at__isnull=False
        ).values("question_id", "invitation_id", "value")
        if row["value"] not in (None, "", [])
    ]
    questions = sorted(survey.questions.all(), key=lambda q: (q.order, q.pk))
    baseline = _baseline_values(survey)
    audiences: set[Audience] = {None} | {i["company_id"] for i in invitations if i["company_id"]}
    result = {}
    for audience in audiences:
        mine = {i["id"]: i for i in invitations if audience is None or i["company_id"] == audience}
        rows = [row for row in answers if row["invitation_id"] in mine]
        result[audience] = {
            "invited": len(mine),
            "answered": sum(1 for i in mine.values() if i["answered_at"] is not None),
            "questions": {
                str(q.pk): _question(q, rows) for q in questions if q.kind != QuestionKind.LONG_TEXT
            },
            "paired": _paired(questions, rows, mine, baseline),
        }
    return result


def _question(question: Question, rows: list[dict[str, Any]]) -> dict[str, Any]:
    values = [row["value"] for row in rows if row["question_id"] == question.pk]
    figure: dict[str, Any] = {"n": len(values), "mean": None, "counts": None}
    if len(values) < MIN_GROUP:
        return figure
    if question.is_numeric:
        summary = analytics.summarise_mean(values, bounds=scale_of(question))
        figure["mean"] = analytics.mean_to_data(summary)
        figure["counts"] = analytics.distribution([int(v) for v in values], steps_of(question))
    else:
        figure["counts"] = analytics.choice_counts(values, len(question.choices))
    return figure


def _baseline_values(survey: Survey) -> dict[str, tuple[Question, dict[int, float]]]:
    """For a closing survey: the baseline's numeric questions by measure, with each person's
    answer (the people who have not been erased)."""
    if survey.kind != SurveyKind.CLOSING:
        return {}
    baseline = Survey.objects.filter(
        cohort=survey.cohort_id, kind=SurveyKind.BASELINE, role=survey.role
    )
    questions = {
        q.key: q
        for q in Question.objects.filter(survey__in=baseline).exclude(key="")
        if q.is_numeric
    }
    values: dict[int, dict[int, float]] = defaultdict(dict)
    rows = Answer.objects.filter(
        question__in=[q.pk for q in questions.values()],
        invitation__answered_at__isnull=False,
        invitation__person__isnull=False,
    ).values("question_id", "invitation__person_id", "value")
    for row in rows:
        if isinstance(row["value"], int | float):
            values[row["question_id"]][row["invitation__person_id"]] = float(row["value"])
    return {key: (q, values[q.pk]) for key, q in questions.items()}


def _paired(
    questions: list[Question],
    rows: list[dict[str, Any]],
    invitations: dict[int, dict[str, Any]],
    baseline: dict[str, tuple[Question, dict[int, float]]],
) -> dict[str, Any]:
    """Baseline vs closing per person, on the numeric questions with the same measure."""
    paired = {}
    for question in questions:
        found = baseline.get(question.key) if question.key else None
        if found is None or not question.is_numeric or found[0].kind != question.kind:
            continue
        before = found[1]
        after = {
            invitations[row["invitation_id"]]["person_id"]: float(row["value"])
            for row in rows
            if row["question_id"] == question.pk
            and invitations[row["invitation_id"]]["person_id"]
            and isinstance(row["value"], int | float)
        }
        both = sorted(before.keys() & after.keys())
        scale = scale_of(question)
        paired[str(question.pk)] = {
            "before": analytics.mean_to_data(
                analytics.summarise_mean((before[p] for p in both), bounds=scale)
            ),
            "after": analytics.mean_to_data(
                analytics.summarise_mean((after[p] for p in both), bounds=scale)
            ),
            "change": analytics.change_to_data(
                analytics.summarise_change(
                    analytics.paired_changes(before, after),
                    bounds=analytics.change_bounds(scale),
                )
            ),
        }
    return paired


# -- goal change and meetings ---------------------------------------------------------------
def goal_groups(changes: list[GoalChange], company_id: Audience) -> dict[str, ChangeSummary]:
    """Change per goal by side — whose goal it is, and its only rater (her employer
    ``company_id``, or everyone) — and overall, one value per goal. The overall figure is
    suppressed when a side's group is one or two: the overall minus the other side would
    give it away."""
    mine = [c for c in changes if company_id is None or c.company_id == company_id]
    bounds = analytics.change_bounds(analytics.GOAL_RATING)
    groups = {
        role: analytics.summarise_change((c.change for c in mine if c.role == role), bounds)
        for role in ROLES
    }
    per_goal: dict[int, list[int]] = defaultdict(list)
    for change in mine:
        per_goal[change.goal_id].append(change.change)
    overall = analytics.summarise_change((statistics.fmean(v) for v in per_goal.values()), bounds)
    if any(0 < groups[role].n < MIN_GROUP for role in ROLES):
        overall = ChangeSummary(n=overall.n)
    return {**groups, "overall": overall}


def meeting_figures(pairs: list[PairRow], held: dict[int, int]) -> dict[str, Any]:
    """How many meetings each pair has held: the distribution (0 … 8+), mean and median;
    nothing but the number of pairs under three pairs."""
    counts = [held.get(p.id, 0) for p in pairs]
    if len(counts) < MIN_GROUP:
        return {"n_pairs": len(counts), "buckets": None, "mean": None, "median": None}
    return {
        "n_pairs": len(counts),
        "buckets": analytics.distribution(counts, MEETING_BUCKETS),
        "mean": statistics.fmean(counts),
        "median": float(statistics.median(counts)),
    }


def outcomes_figures(cohort: Cohort) -> dict[Audience, dict[str, Any]]:
    """Per audience (everyone, and each rater's employer): the goal change groups."""
    changes = goal_changes(cohort)
    audiences: set[Audience] = {None} | {c.company_id for c in changes if c.company_id}
    return {
        audience: {
            "goal_change": {
                key: analytics.change_to_data(summary)
                for key, summary in goal_groups(changes, audience).items()
            }
        }
        for audience in audiences
    }
