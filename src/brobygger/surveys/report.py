"""The cohort report: the funnel, meetings, attendance, response rates, goal change,
baseline vs closing and the answers, built in a constant number of queries.

One builder serves the coordinator (everything, free text without names unless the
survey is not anonymous) and the company contact (her company's participants only,
aggregates only, never free text). Aggregates over fewer than three answers are
suppressed in ``analytics``; the page, the exports and the charts all read this object,
so none of them can show what it does not hold.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from brobygger.programs.selectors import apply_roles
from brobygger.surveys import analytics, charts, report_data
from brobygger.surveys.analytics import MIN_GROUP, ChangeSummary, MeanSummary
from brobygger.surveys.models import (
    Answer,
    Invitation,
    Question,
    QuestionKind,
    Survey,
    SurveyRole,
)
from brobygger.surveys.selectors import KIND_ORDER

if TYPE_CHECKING:
    from brobygger.people.models import Company
    from brobygger.programs.models import Cohort

MEETING_BUCKETS = list(range(0, 9))  # 0 … 8, where 8 means "8 or more"
ROLES = ("mentee", "mentor")


def too_few() -> str:
    return _("too few answers to show")


def not_available() -> str:
    return _("not available yet")


@dataclass(frozen=True)
class FunnelStep:
    key: str
    label: str
    mentee: int | None
    mentor: int | None

    @property
    def total(self) -> int | None:
        if self.mentee is None or self.mentor is None:
            return None
        return self.mentee + self.mentor


@dataclass(frozen=True)
class MeetingsSection:
    n_pairs: int
    buckets: list[tuple[str, int]] = field(default_factory=list)
    mean: float | None = None
    median: float | None = None
    chart: SafeString | None = None

    @property
    def suppressed(self) -> bool:
        return self.mean is None


@dataclass(frozen=True)
class ResponseRow:
    survey: Survey
    invited: int
    answered: int

    @property
    def rate(self) -> float | None:
        return self.answered / self.invited if self.invited else None


@dataclass(frozen=True)
class GroupChange:
    label: str
    summary: ChangeSummary
    key: str = ""  # "mentee", "mentor" or "overall", for the API and other programs


@dataclass(frozen=True)
class PairedRow:
    role: str
    role_label: str
    label: str
    key: str
    scale_max: int
    before: MeanSummary
    after: MeanSummary
    change: ChangeSummary


@dataclass
class QuestionResult:
    question: Question
    n: int
    mean: MeanSummary | None = None
    counts: list[tuple[str, int]] | None = None
    texts: list[tuple[str, str]] | None = None  # (name or "", text)
    chart: SafeString | None = None

    @property
    def suppressed(self) -> bool:
        return self.n < MIN_GROUP


@dataclass
class SurveyResult:
    survey: Survey
    questions: list[QuestionResult]


@dataclass
class Report:
    cohort: Cohort
    company: Company | None
    roles: list[tuple[str, str]]
    funnel: list[FunnelStep]
    funnel_chart: SafeString
    meetings: MeetingsSection | None
    attendance: list[report_data.AttendanceRow] | None
    responses: list[ResponseRow]
    responses_chart: SafeString | None
    goal_change: list[GroupChange] | None
    goal_chart: SafeString | None
    paired: list[PairedRow]
    paired_chart: SafeString | None
    surveys: list[SurveyResult]
    midpoint: dt.date
    key_means: dict[str, MeanSummary] = field(default_factory=dict)

    @property
    def for_company(self) -> bool:
        return self.company is not None

    @property
    def overall_response_rate(self) -> float | None:
        invited = sum(r.invited for r in self.responses)
        return sum(r.answered for r in self.responses) / invited if invited else None


def build_report(cohort: Cohort, *, company: Company | None = None) -> Report:
    """The report of ``cohort``; restricted to ``company``'s participants when given."""
    company_id = company.pk if company else None
    roles = apply_roles(cohort)
    role_labels = dict(roles)
    pairs = report_data.pairs_of(cohort)
    my_pairs = [p for p in pairs if p.involves(company_id)] if pairs is not None else None
    funnel = _funnel(cohort, pairs, company_id)
    surveys, invitations, answers = _survey_data(cohort, company_id)
    responses = _responses(surveys, invitations)
    goal_change = _goal_change(cohort, company_id, role_labels)
    paired = _paired(surveys, invitations, answers, role_labels)
    return Report(
        cohort=cohort,
        company=company,
        roles=roles,
        funnel=funnel,
        funnel_chart=_safe(
            charts.bar_chart(
                [(s.label, s.total) for s in funnel],
                title=_("From application to completion"),
                missing=not_available(),
            )
        ),
        meetings=_meetings(cohort, my_pairs),
        attendance=_attendance(cohort, pairs, company_id),
        responses=responses,
        responses_chart=_responses_chart(responses),
        goal_change=goal_change,
        goal_chart=_goal_chart(goal_change),
        paired=paired,
        paired_chart=_paired_chart(paired),
        surveys=_survey_results(surveys, answers, invitations, with_text=company is None),
        midpoint=report_data.midpoint_of(cohort),
        key_means=_key_means(surveys, answers),
    )


def _safe(svg: str) -> SafeString:
    return mark_safe(svg)  # noqa: S308 - charts.py escapes every label it writes


# -- the funnel ------------------------------------------------------------------------
def _funnel(
    cohort: Cohort, pairs: list[report_data.PairRow] | None, company_id: int | None
) -> list[FunnelStep]:
    counts = report_data.application_counts(cohort, company_id)
    steps = [
        FunnelStep(
            "applications",
            _("Applications"),
            *(counts[r].submitted if r in counts else 0 for r in ROLES),
        ),
        FunnelStep(
            "accepted", _("Accepted"), *(counts[r].accepted if r in counts else 0 for r in ROLES)
        ),
    ]
    if pairs is None:
        for key, label in _pair_steps():
            steps.append(FunnelStep(key, label, None, None))
        return steps
    signed = report_data.signed_pair_ids(cohort)
    midpoint = report_data.midpoint_of(cohort)
    reached_mid = timezone.localdate() >= midpoint

    def people(selected: list[report_data.PairRow] | None, role: str) -> int | None:
        if selected is None:
            return None
        if role == "mentee":
            ids = {p.mentee_id for p in selected if _mine(p.mentee_company_id, company_id)}
        else:
            ids = {p.mentor_id for p in selected if _mine(p.mentor_company_id, company_id)}
        return len(ids)

    active_mid = [
        p
        for p in pairs
        if p.status != "ended_early" or (p.ended_on is not None and p.ended_on >= midpoint)
    ]
    selections: dict[str, list[report_data.PairRow] | None] = {
        "matched": pairs,
        "signed": [p for p in pairs if p.id in signed] if signed is not None else None,
        "active_mid": active_mid if reached_mid else None,
        "completed": [p for p in pairs if p.status == "completed"],
    }
    for key, label in _pair_steps():
        chosen = selections[key]
        steps.append(FunnelStep(key, label, people(chosen, "mentee"), people(chosen, "mentor")))
    return steps


def _pair_steps() -> list[tuple[str, str]]:
    return [
        ("matched", _("Matched")),
        ("signed", _("Agreement signed")),
        ("active_mid", _("Active at mid-point")),
        ("completed", _("Completed")),
    ]


def _mine(row_company: int | None, company_id: int | None) -> bool:
    return company_id is None or row_company == company_id


# -- meetings and gatherings -------------------------------------------------------------
def _meetings(cohort: Cohort, pairs: list[report_data.PairRow] | None) -> MeetingsSection | None:
    if pairs is None:
        return None
    held = report_data.held_meetings_per_pair(cohort)
    if held is None:
        return None
    counts = [held.get(p.id, 0) for p in pairs]
    if len(counts) < MIN_GROUP:
        return MeetingsSection(n_pairs=len(counts))
    distribution = analytics.distribution(counts, MEETING_BUCKETS)
    labels = [str(b) for b in MEETING_BUCKETS[:-1]] + [f"{MEETING_BUCKETS[-1]}+"]
    buckets = list(zip(labels, distribution, strict=True))
    return MeetingsSection(
        n_pairs=len(counts),
        buckets=buckets,
        mean=statistics.fmean(counts),
        median=float(statistics.median(counts)),
        chart=_safe(charts.histogram(buckets, title=_("Meetings held per pair"))),
    )


def _attendance(
    cohort: Cohort, pairs: list[report_data.PairRow] | None, company_id: int | None
) -> list[report_data.AttendanceRow] | None:
    person_ids: set[int] = set()
    for pair in pairs or []:
        person_ids |= {pair.mentee_id, pair.mentor_id}
    return report_data.gathering_attendance(cohort, person_ids, company_id)


# -- surveys -----------------------------------------------------------------------------
@dataclass(frozen=True)
class InvitationRow:
    id: int
    survey_id: int
    person_id: int | None
    answered: bool
    name: str


def _survey_data(
    cohort: Cohort, company_id: int | None
) -> tuple[list[Survey], dict[int, InvitationRow], list[dict[str, Any]]]:
    surveys = sorted(
        Survey.objects.filter(cohort=cohort).prefetch_related("questions"),
        key=lambda s: (KIND_ORDER.get(s.kind, 9), s.role != "mentee"),
    )
    invitations_qs = Invitation.objects.filter(survey__cohort=cohort)
    if company_id is not None:
        invitations_qs = invitations_qs.filter(company_id=company_id)
    invitations = {
        row["id"]: InvitationRow(
            row["id"],
            row["survey_id"],
            row["person_id"],
            row["answered_at"] is not None,
            f"{row['person__user__first_name']} {row['person__user__last_name']}".strip()
            if row["person_id"] and not row["survey__anonymous"]
            else "",
        )
        for row in invitations_qs.values(
            "id",
            "survey_id",
            "person_id",
            "answered_at",
            "survey__anonymous",
            "person__user__first_name",
            "person__user__last_name",
        )
    }
    answers_qs = Answer.objects.filter(
        invitation__survey__cohort=cohort, invitation__answered_at__isnull=False
    )
    if company_id is not None:
        answers_qs = answers_qs.filter(invitation__company_id=company_id)
    answers = [
        dict(row)
        for row in answers_qs.values("question_id", "invitation_id", "value").order_by("id")
    ]
    return surveys, invitations, answers


def _responses(surveys: list[Survey], invitations: dict[int, InvitationRow]) -> list[ResponseRow]:
    invited: dict[int, int] = defaultdict(int)
    answered: dict[int, int] = defaultdict(int)
    for row in invitations.values():
        invited[row.survey_id] += 1
        answered[row.survey_id] += row.answered
    return [ResponseRow(s, invited[s.pk], answered[s.pk]) for s in surveys]


def _responses_chart(rows: list[ResponseRow]) -> SafeString | None:
    if not rows:
        return None
    return _safe(
        charts.bar_chart(
            [
                (
                    f"{r.survey.get_kind_display()} · {r.survey.get_role_display()}",
                    None if r.rate is None else round(100 * r.rate),
                )
                for r in rows
            ],
            title=_("Response rate per survey"),
            maximum=100,
            suffix=" %",
            missing=_("nobody invited yet"),
        )
    )


def _values_by_question(answers: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in answers:
        if row["value"] not in (None, "", []):
            grouped[row["question_id"]].append(row)
    return grouped


def _survey_results(
    surveys: list[Survey],
    answers: list[dict[str, Any]],
    invitations: dict[int, InvitationRow],
    *,
    with_text: bool,
) -> list[SurveyResult]:
    grouped = _values_by_question(answers)
    results = []
    for survey in surveys:
        rows = []
        for question in sorted(survey.questions.all(), key=lambda q: (q.order, q.pk)):
            if question.kind == QuestionKind.TEXT and not with_text:
                continue
            rows.append(_question_result(question, grouped.get(question.pk, []), invitations))
        results.append(SurveyResult(survey, rows))
    return results


def _question_result(
    question: Question, rows: list[dict[str, Any]], invitations: dict[int, InvitationRow]
) -> QuestionResult:
    result = QuestionResult(question=question, n=len(rows))
    if result.suppressed:
        return result
    values = [row["value"] for row in rows]
    if question.is_numeric:
        scale = range(1, 6) if question.kind == QuestionKind.LIKERT else range(0, 11)
        result.mean = analytics.summarise_mean(values)
        counts = analytics.distribution([int(v) for v in values], list(scale))
        result.counts = [(str(step), c) for step, c in zip(scale, counts, strict=True)]
        result.chart = _safe(charts.histogram(result.counts, title=question.display_label))
    elif question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        options = question.display_choices
        counts = analytics.choice_counts(values, len(options))
        result.counts = list(zip(options, counts, strict=True))
        result.chart = _safe(charts.bar_chart(result.counts, title=question.display_label))
    else:
        result.texts = [
            (invitations[row["invitation_id"]].name, str(row["value"]))
            for row in rows
            if row["invitation_id"] in invitations
        ]
    return result


COMPARED_KEYS = ("recommend", "take_part_again")


def _key_means(surveys: list[Survey], answers: list[dict[str, Any]]) -> dict[str, MeanSummary]:
    """The closing survey's headline measures, both roles together (for comparisons)."""
    question_key = {
        q.pk: q.key
        for s in surveys
        if s.kind == "closing"
        for q in s.questions.all()
        if q.key in COMPARED_KEYS and q.is_numeric
    }
    values: dict[str, list[float]] = defaultdict(list)
    for row in answers:
        key = question_key.get(row["question_id"])
        if key and isinstance(row["value"], int | float):
            values[key].append(float(row["value"]))
    return {key: analytics.summarise_mean(values[key]) for key in COMPARED_KEYS}


# -- goal change and baseline vs closing ---------------------------------------------------
def _goal_change(
    cohort: Cohort, company_id: int | None, role_labels: dict[str, str]
) -> list[GroupChange] | None:
    changes = report_data.goal_changes(cohort)
    if changes is None:
        return None
    mine = [c for c in changes if _mine(c.company_id, company_id)]
    per_goal: dict[int, list[int]] = defaultdict(list)
    for change in mine:
        per_goal[change.goal_id].append(change.change)
    groups = [
        GroupChange(
            _("Rated by the %(role)s") % {"role": role_labels[role].lower()},
            analytics.summarise_change(c.change for c in mine if c.role == role),
            key=role,
        )
        for role in ROLES
    ]
    overall = analytics.summarise_change(statistics.fmean(v) for v in per_goal.values())
    groups.append(GroupChange(pgettext("report", "Overall"), overall, key="overall"))
    return groups


def _goal_chart(groups: list[GroupChange] | None) -> SafeString | None:
    if not groups:
        return None
    rows = [
        charts.IntervalRow(
            g.label,
            g.summary.mean,
            g.summary.ci.low if g.summary.ci else None,
            g.summary.ci.high if g.summary.ci else None,
        )
        for g in groups
    ]
    return _safe(
        charts.interval_chart(
            rows,
            title=_("Change in goal rating, end minus start, with 95 % interval"),
            domain=(-9, 9) if any(abs(r.mean or 0) > 4 for r in rows) else (-4, 4),
            missing=too_few(),
        )
    )


def _paired(
    surveys: list[Survey],
    invitations: dict[int, InvitationRow],
    answers: list[dict[str, Any]],
    role_labels: dict[str, str],
) -> list[PairedRow]:
    """Baseline vs closing per person on the numeric questions both surveys share."""
    by_key = {(s.kind, s.role): s for s in surveys}
    value_of: dict[int, dict[int, float]] = defaultdict(dict)  # question → person → value
    for row in answers:
        invitation = invitations.get(row["invitation_id"])
        if invitation and invitation.person_id and isinstance(row["value"], int | float):
            value_of[row["question_id"]][invitation.person_id] = float(row["value"])
    rows = []
    for role in ROLES:
        baseline, closing = by_key.get(("baseline", role)), by_key.get(("closing", role))
        if not baseline or not closing:
            continue
        before_q = {q.key: q for q in baseline.questions.all() if q.key and q.is_numeric}
        for after_q in sorted(closing.questions.all(), key=lambda q: (q.order, q.pk)):
            before = before_q.get(after_q.key)
            if before is None or not after_q.is_numeric or before.kind != after_q.kind:
                continue
            b, a = value_of[before.pk], value_of[after_q.pk]
            both = sorted(b.keys() & a.keys())
            rows.append(
                PairedRow(
                    role=role,
                    role_label=role_labels[role],
                    label=after_q.display_label,
                    key=after_q.key,
                    scale_max=5 if after_q.kind == QuestionKind.LIKERT else 10,
                    before=analytics.summarise_mean(b[p] for p in both),
                    after=analytics.summarise_mean(a[p] for p in both),
                    change=analytics.summarise_change(analytics.paired_changes(b, a)),
                )
            )
    return rows


def _paired_chart(rows: list[PairedRow]) -> SafeString | None:
    if not rows:
        return None
    return _safe(
        charts.before_after_chart(
            [
                charts.BeforeAfterRow(
                    f"{SurveyRole(r.role).label}: {r.label}", r.before.mean, r.after.mean
                )
                for r in rows
            ],
            title=_("Baseline (hollow) and closing (filled), mean of the same people"),
            domain=(0, 10) if any(r.scale_max == 10 for r in rows) else (1, 5),
            missing=too_few(),
        )
    )
