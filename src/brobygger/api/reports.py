"""The built cohort report (``surveys.reports.cohort.build_report``) as API data.

It reads the built report only, as the page, the CSV/XLSX exports and the charts do, so it
can hold nothing the page may not show: a group under three is suppressed where the report
is built, and arrives here as null figures with ``suppressed`` and a reason; a count hidden
from a company (one or two people, directly or by subtraction) is null and named in the
row's ``hidden``. Survey figures exist only once published (the survey has closed).
Free-text answers are never read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from brobygger.surveys.models import QuestionKind
from brobygger.surveys.reports.analytics import ChangeSummary, MeanSummary
from brobygger.surveys.reports.disclosure import HIDDEN, MIN_GROUP, Count

if TYPE_CHECKING:
    from brobygger.programs.models import Cohort
    from brobygger.surveys.reports.cohort import MeetingsSection, QuestionResult, Report

TOO_FEW = "too_few_answers"
HIDDEN_REASON = "hidden_small_group"
AGGREGATE_KINDS = (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)


def _round(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def _suppression(suppressed: bool, n: Count = 0) -> dict[str, Any]:
    reason = (HIDDEN_REASON if n is HIDDEN else TOO_FEW) if suppressed else None
    return {"suppressed": suppressed, "reason": reason}


def _count(count: Count) -> int | None:
    """A count as JSON: hidden and not available are both null (``hidden`` says which)."""
    return count if isinstance(count, int) else None


def _counts(**counts: Count) -> dict[str, Any]:
    """Counts by name, and ``hidden``: the names of those hidden from a company."""
    return {
        **{name: _count(value) for name, value in counts.items()},
        "hidden": [name for name, value in counts.items() if value is HIDDEN],
    }


def mean_data(summary: MeanSummary, n: Count | None = None) -> dict[str, Any]:
    """``n``: the group's size as shown, when it may be hidden (a company's)."""
    ci = summary.ci
    shown_n = summary.n if n is None else n
    return {
        **_suppression(summary.suppressed or shown_n is HIDDEN, shown_n),
        "n": _count(shown_n),
        "mean": _round(summary.mean),
        "ci_low": _round(ci.low if ci else None),
        "ci_high": _round(ci.high if ci else None),
        "ci_clipped": bool(ci and ci.clipped),
    }


def change_data(summary: ChangeSummary, n: Count | None = None) -> dict[str, Any]:
    share_ci = summary.share_ci
    return {
        **mean_data(MeanSummary(summary.n, summary.mean, summary.ci), n),
        "improved": summary.improved,
        "share_improved": _round(summary.share_improved),
        "share_ci_low": _round(share_ci.low if share_ci else None),
        "share_ci_high": _round(share_ci.high if share_ci else None),
    }


def cohort_ref(cohort: Cohort) -> dict[str, Any]:
    """A cohort as every answer names it: its code, initiative, title and status."""
    initiative = cohort.initiative
    return {
        "code": cohort.code,
        "initiative": {
            "code": initiative.code,
            "name": initiative.name,
            "name_en": initiative.name_en,
        },
        "title": cohort.title,
        "status": cohort.status,
    }


def cohort_data(cohort: Cohort) -> dict[str, Any]:
    return {
        **cohort_ref(cohort),
        "applications_open_at": cohort.applications_open_at,
        "applications_close_at": cohort.applications_close_at,
        "matching_on": cohort.matching_on,
        "kickoff_on": cohort.kickoff_on,
        "closing_on": cohort.closing_on,
    }


def report_data(report: Report) -> dict[str, Any]:
    company = report.company
    return {
        "cohort": cohort_data(report.cohort),
        "company": {"code": company.code, "name": company.name} if company else None,
        "minimum_group": MIN_GROUP,
        "funnel": [
            {
                "key": step.key,
                "label": step.label,
                **_counts(mentee=step.mentee, mentor=step.mentor, total=step.total),
            }
            for step in report.funnel
        ],
        "meetings": _meetings(report.meetings),
        "attendance": [
            {
                "title": row.title,
                "starts_at": row.starts_at,
                **_counts(invited=row.invited, said_yes=row.coming, attended=row.attended),
            }
            for row in report.attendance
        ],
        "response_rates": [
            {
                "survey_kind": row.survey.kind,
                "role": row.survey.role,
                "published": row.published,
                **_counts(invited=row.invited, answered=row.answered),
                "rate": _round(row.rate),
            }
            for row in report.responses
        ],
        "overall_response_rate": _round(report.overall_response_rate),
        "goal_change_published": report.goal_change_published,
        "goal_change": None
        if report.goal_change is None
        else [
            {
                "group": g.key,
                "label": g.label,
                "change": change_data(g.summary, g.n),
                "share_hidden": g.share_hidden,
            }
            for g in report.goal_change
        ],
        "baseline_vs_closing": [
            {
                "role": row.role,
                "question_key": row.key,
                "label": row.label,
                "scale_max": row.scale_max,
                "baseline": mean_data(row.before, row.n),
                "closing": mean_data(row.after, row.n),
                "change": change_data(row.change, row.n),
            }
            for row in report.paired
        ],
        "surveys": [
            {
                "code": result.survey.code,
                "kind": result.survey.kind,
                "role": result.survey.role,
                "published": result.published,
                "questions": [
                    _question(q)
                    for q in result.questions
                    if q.question.is_numeric or q.question.kind in AGGREGATE_KINDS
                ],
            }
            for result in report.surveys
        ],
    }


def _meetings(section: MeetingsSection | None) -> dict[str, Any] | None:
    if section is None:
        return None
    return {
        **_suppression(section.suppressed),
        "n_pairs": section.n_pairs,
        "mean": _round(section.mean),
        "median": section.median,
        "distribution": None
        if section.suppressed
        else [{"meetings": label, "pairs": count} for label, count in section.buckets],
    }


def _question(result: QuestionResult) -> dict[str, Any]:
    """A numeric or choice question's aggregates; free text is never read. Before the survey
    is published, every figure is null (``n`` too) and it is not ``suppressed``."""
    question = result.question
    return {
        **_suppression(result.suppressed, result.n),
        "key": question.key,
        "label": question.display_label,
        "kind": question.kind,
        "n": _count(result.n),
        "mean": mean_data(result.mean) if result.mean is not None else None,
        "counts": None
        if result.counts is None
        else [
            {"option": option, "count": _count(count), "hidden": count is HIDDEN}
            for option, count in result.counts
        ],
    }
