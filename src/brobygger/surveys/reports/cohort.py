"""The cohort report: the funnel, meetings, attendance, response rates, goal change,
baseline vs closing and the answers, built in a constant number of queries.

One builder serves the coordinator (everything, free text without names unless the survey
is not anonymous) and the company contact (her company's participants only, aggregates
only, never free text, never the pairs' meetings). The page, the exports, the charts and the
API all read the built object, so none of them can show what it does not hold:

- aggregates over fewer than three answers are suppressed in ``analytics``;
- survey figures come only from what was published, once, when the survey closed
  (``PublishedResult``), for every reader; so do a company's goal change figures, once the
  programme year has closed. Two reads can never be subtracted to give one answer away;
- for a company, every count obeys the small-group rule of ``disclosure``, applied here
  and in ``answers`` (the survey sections).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from brobygger.applications.choices import Role
from brobygger.applications.selectors.outcomes import (
    ApplicationCounts,
    application_counts_by_role,
    released_acceptances,
)
from brobygger.pairs.models import PairRole
from brobygger.pairs.selectors import outcomes as pair_outcomes
from brobygger.pairs.selectors.outcomes import PairRow
from brobygger.programs.selectors import apply_roles
from brobygger.surveys.reports import analytics, charts, disclosure, figures
from brobygger.surveys.reports import data as report_data
from brobygger.surveys.reports.analytics import ChangeSummary, MeanSummary
from brobygger.surveys.reports.answers import (  # re-exported: the exports and the API read them
    PairedRow,
    Published,
    QuestionResult,
    ResponseRow,
    SurveyResult,
    add_texts,
    clipped_text,
    cohort_surveys,
    hidden_note,
    hidden_text,
    key_means,
    live_responses,
    not_available,
    outcomes_pending,
    paired_chart,
    paired_rows,
    published_figures,
    published_responses,
    responses_chart,
    safe,
    survey_pending,
    survey_results,
    too_few,
    value_of,
)
from brobygger.surveys.reports.disclosure import HIDDEN, Count, is_small
from brobygger.surveys.reports.figures import MEETING_BUCKETS, ROLES

if TYPE_CHECKING:
    from brobygger.people.models import Company
    from brobygger.programs.models import Cohort

__all__ = [
    "AttendanceRow",
    "FunnelStep",
    "GroupChange",
    "MeetingsSection",
    "PairedRow",
    "QuestionResult",
    "Report",
    "ResponseRow",
    "SurveyResult",
    "build_report",
    "clipped_text",
    "hidden_note",
    "hidden_text",
    "not_available",
    "outcomes_pending",
    "survey_pending",
    "too_few",
]


@dataclass(frozen=True)
class FunnelStep:
    key: str
    label: str
    mentee: Count
    mentor: Count
    total: Count = None


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
class EndedSection:
    """The pairs that ended early: why (the coordinator's category) and when (before or
    after the mid-point), counted; a group of one or two is hidden, and under three pairs
    only their number is shown."""

    n_pairs: int
    by_category: list[tuple[str, Count]] = field(default_factory=list)
    by_when: list[tuple[str, Count]] = field(default_factory=list)

    @property
    def suppressed(self) -> bool:
        return not self.by_category


@dataclass(frozen=True)
class AttendanceRow:
    title: str
    starts_at: dt.datetime
    invited: Count
    coming: Count
    attended: Count


@dataclass(frozen=True)
class GroupChange:
    label: str
    summary: ChangeSummary
    key: str = ""  # "mentee", "mentor" or "overall", for the API and other programs
    n: Count = None  # as shown: a company's group of one or two is hidden
    share_hidden: bool = False  # a company's "improved" count that is (or leaves) one or two


@dataclass
class Report:
    cohort: Cohort
    company: Company | None
    roles: list[tuple[str, str]]
    funnel: list[FunnelStep]
    funnel_chart: SafeString
    meetings: MeetingsSection | None
    attendance: list[AttendanceRow]
    ended: EndedSection | None
    responses: list[ResponseRow]
    responses_chart: SafeString | None
    goal_change: list[GroupChange] | None
    goal_chart: SafeString | None
    paired: list[PairedRow]
    paired_chart: SafeString | None
    surveys: list[SurveyResult]
    midpoint: dt.date
    key_means: dict[str, MeanSummary] = field(default_factory=dict)
    goal_change_published: bool = True  # a company's waits for the programme year to close

    @property
    def for_company(self) -> bool:
        return self.company is not None

    @property
    def overall_response_rate(self) -> float | None:
        rows = [r for r in self.responses if r.published]
        if not all(isinstance(r.invited, int) and isinstance(r.answered, int) for r in rows):
            return None  # a hidden count must not be recoverable from the total
        invited = sum(r.invited for r in rows if isinstance(r.invited, int))
        answered = sum(r.answered for r in rows if isinstance(r.answered, int))
        return answered / invited if invited else None


def build_report(cohort: Cohort, *, company: Company | None = None) -> Report:
    """The report of ``cohort``; restricted to ``company``'s participants when given.

    Survey figures (and a company's goal change) are read from ``PublishedResult``: publish
    what is due first (``services.publish_results``)."""
    company_id = company.pk if company else None
    for_company = company_id is not None
    roles = apply_roles(cohort)
    role_labels = dict(roles)
    pairs = pair_outcomes.pair_rows(cohort)
    published = published_figures(cohort, company_id)
    surveys = cohort_surveys(cohort)
    goal_change: list[GroupChange] | None
    meetings: MeetingsSection | None
    ended: EndedSection | None
    if company_id is None:
        funnel = _funnel(cohort, pairs)
        responses = live_responses(cohort, surveys)
        goal_change = _live_goal_change(cohort, role_labels)
        meetings = _meetings(cohort, pairs)
        ended = _ended(cohort)
        attendance = _attendance(cohort, None)
    else:
        funnel = _company_funnel(cohort, pairs, company_id)
        responses = published_responses(surveys, published)
        goal_change = _published_goal_change(published, role_labels)
        meetings = None  # the pairs' own activity: never shown to an employer
        ended = None  # nor why a pair ended
        attendance = _attendance(cohort, company_id)
    results = survey_results(surveys, published, for_company=for_company)
    if not for_company:
        add_texts(cohort, results)
    paired = paired_rows(surveys, published, role_labels, for_company=for_company)
    return Report(
        cohort=cohort,
        company=company,
        roles=roles,
        funnel=funnel,
        funnel_chart=_funnel_chart(funnel, roles, for_company=for_company),
        meetings=meetings,
        attendance=attendance,
        ended=ended,
        responses=responses,
        responses_chart=responses_chart(responses),
        goal_change=goal_change,
        goal_chart=_goal_chart(goal_change),
        paired=paired,
        paired_chart=paired_chart(paired),
        surveys=results,
        midpoint=report_data.midpoint_of(cohort),
        key_means={} if for_company else key_means(surveys, published),
        goal_change_published=not for_company or published.outcomes_published,
    )


def _guard(n: int, for_company: bool) -> Count:
    """``n`` as a company may see it (hidden if one or two); a coordinator sees it as is."""
    return HIDDEN if for_company and is_small(n) else n


# -- the funnel ------------------------------------------------------------------------
StepCounts = tuple[str, str, int | None, int | None]  # key, label, mentees, mentors


def _funnel(cohort: Cohort, pairs: list[PairRow]) -> list[FunnelStep]:
    """Everyone's funnel, for the coordinator: applications, decisions, pairs."""
    counts = application_counts_by_role(cohort)
    empty = ApplicationCounts(0, 0)
    mentee, mentor = counts.get(Role.MENTEE, empty), counts.get(Role.MENTOR, empty)
    rows: list[StepCounts] = [
        ("applications", _("Applications"), mentee.submitted, mentor.submitted),
        ("accepted", _("Accepted"), mentee.accepted, mentor.accepted),
    ]
    rows += _pair_steps(cohort, pairs, None)
    return [
        FunnelStep(
            key,
            label,
            mentee,
            mentor,
            None if mentee is None or mentor is None else mentee + mentor,
        )
        for key, label, mentee, mentor in rows
    ]


def _company_funnel(cohort: Cohort, pairs: list[PairRow], company_id: int) -> list[FunnelStep]:
    """A company's funnel: her people whose acceptance they have been told of, then the pair
    steps; never an application that was not accepted. Each role's column counts the same
    people step by step, so the small-group rule runs down it (the first steps win); there
    is no total, which would let a hidden role be worked out from the other."""
    accepted = released_acceptances(cohort, company_id)
    rows: list[StepCounts] = [
        (
            "accepted",
            _("Accepted"),
            accepted.get(Role.MENTEE, 0),
            accepted.get(Role.MENTOR, 0),
        )
    ]
    rows += _pair_steps(cohort, pairs, company_id)
    mentees = disclosure.protect([row[2] for row in rows])
    mentors = disclosure.protect([row[3] for row in rows])
    return [
        FunnelStep(key, label, mentees[j], mentors[j], HIDDEN)
        for j, (key, label, _mentee, _mentor) in enumerate(rows)
    ]


def _pair_steps(cohort: Cohort, pairs: list[PairRow], company_id: int | None) -> list[StepCounts]:
    steps = [
        ("matched", _("Matched")),
        ("signed", _("Agreement signed")),
        ("active_mid", _("Active at mid-point")),
        ("completed", _("Completed")),
    ]
    signed = pair_outcomes.signed_pair_ids(cohort)
    midpoint = report_data.midpoint_of(cohort)
    reached_mid = timezone.localdate() >= midpoint
    active_mid = [
        p for p in pairs if not p.ended_early or (p.ended_on is not None and p.ended_on >= midpoint)
    ]
    selections: dict[str, list[PairRow] | None] = {
        "matched": pairs,
        "signed": [p for p in pairs if p.id in signed],
        "active_mid": active_mid if reached_mid else None,  # counted once the mid-point passed
        "completed": [p for p in pairs if p.completed],
    }

    def people(selected: list[PairRow] | None, role: str) -> int | None:
        if selected is None:
            return None
        if role == PairRole.MENTEE:
            return len({p.mentee_id for p in selected if _mine(p.mentee_company_id, company_id)})
        return len({p.mentor_id for p in selected if _mine(p.mentor_company_id, company_id)})

    return [
        (
            key,
            label,
            people(selections[key], PairRole.MENTEE),
            people(selections[key], PairRole.MENTOR),
        )
        for key, label in steps
    ]


def _mine(row_company: int | None, company_id: int | None) -> bool:
    return company_id is None or row_company == company_id


def _funnel_chart(
    funnel: list[FunnelStep], roles: list[tuple[str, str]], *, for_company: bool
) -> SafeString:
    """Everyone's funnel by total; a company's by role (it has no total)."""
    if not for_company:
        rows = [(s.label, value_of(s.total)) for s in funnel]
        missing: list[str] = [not_available()] * len(rows)
    else:
        cells = [
            (f"{s.label} · {label}", getattr(s, role)) for s in funnel for role, label in roles
        ]
        rows = [(name, value_of(count)) for name, count in cells]
        missing = [hidden_text() if c is HIDDEN else not_available() for _, c in cells]
    return safe(charts.bar_chart(rows, title=_("From application to completion"), missing=missing))


# -- meetings and gatherings -------------------------------------------------------------
def _meetings(cohort: Cohort, pairs: list[PairRow]) -> MeetingsSection:
    held = pair_outcomes.held_meetings_per_pair(cohort)
    found = figures.meeting_figures(pairs, held)
    if found["buckets"] is None:
        return MeetingsSection(n_pairs=found["n_pairs"])
    labels = [str(b) for b in MEETING_BUCKETS[:-1]] + [f"{MEETING_BUCKETS[-1]}+"]
    buckets = list(zip(labels, found["buckets"], strict=True))
    return MeetingsSection(
        n_pairs=found["n_pairs"],
        buckets=buckets,
        mean=found["mean"],
        median=found["median"],
        chart=safe(charts.histogram(buckets, title=_("Meetings held per pair"))),
    )


def _ended(cohort: Cohort) -> EndedSection:
    rows = pair_outcomes.ended_early(cohort)
    if is_small(len(rows)):
        return EndedSection(n_pairs=len(rows))
    labels = pair_outcomes.end_category_labels()
    counts: dict[str, int] = dict.fromkeys(labels, 0)
    for category, _day in rows:
        counts[category if category in counts else "other"] += 1
    keys = [k for k in labels if counts[k]]
    parts = [counts[k] for k in keys]
    hide = disclosure.partition(len(rows), parts)
    midpoint = report_data.midpoint_of(cohort)
    halves = [
        sum(1 for _c, day in rows if day is not None and day < midpoint),
        sum(1 for _c, day in rows if day is None or day >= midpoint),
    ]
    hide_when = disclosure.partition(len(rows), halves)
    when_labels = (_("Before the mid-point"), _("At or after the mid-point"))
    return EndedSection(
        n_pairs=len(rows),
        by_category=[
            (labels[key], disclosure.shown(n, i in hide))
            for i, (key, n) in enumerate(zip(keys, parts, strict=True))
        ],
        by_when=[
            (label, disclosure.shown(n, i in hide_when))
            for i, (label, n) in enumerate(zip(when_labels, halves, strict=True))
            if n
        ],
    )


def _attendance(cohort: Cohort, company_id: int | None) -> list[AttendanceRow]:
    """Per gathering: invited, said yes, attended. For a company the three count the same
    people, so the small-group rule runs along each row."""
    rows = report_data.gathering_attendance(cohort, company_id)
    result = []
    for row in rows:
        counts: list[Count] = [row.invited, row.coming, row.attended]
        if company_id is not None:
            counts = disclosure.protect([row.invited, row.coming, row.attended])
        result.append(AttendanceRow(row.title, row.starts_at, *counts))
    return result


# -- goal change and baseline vs closing ---------------------------------------------------
def _group_labels(role_labels: dict[str, str]) -> dict[str, str]:
    return {
        **{role: _("Own goals: %(role)s") % {"role": role_labels[role].lower()} for role in ROLES},
        "overall": pgettext("report", "Overall"),
    }


def _live_goal_change(cohort: Cohort, role_labels: dict[str, str]) -> list[GroupChange]:
    changes = pair_outcomes.goal_changes(cohort)
    labels = _group_labels(role_labels)
    return [
        GroupChange(labels[key], summary, key=key, n=summary.n)
        for key, summary in figures.goal_groups(changes, None).items()
    ]


def _published_goal_change(
    published: Published, role_labels: dict[str, str]
) -> list[GroupChange] | None:
    """A company's goal change as frozen when the programme year closed; before that, none.
    Her groups of one or two are hidden, and so is the share improved when it, or the rest,
    is one or two goals."""
    if not published.outcomes_published:
        return None
    groups = (published.outcomes or {}).get("goal_change")
    labels = _group_labels(role_labels)
    result = []
    for key in (*ROLES, "overall"):
        summary = analytics.change_from_data(groups[key]) if groups else ChangeSummary(n=0)
        improved = summary.improved
        share_hidden = improved is not None and (
            is_small(improved) or is_small(summary.n - improved)
        )
        if share_hidden:
            summary = replace(summary, improved=None, share_improved=None, share_ci=None)
        n = _guard(summary.n, True)
        result.append(GroupChange(labels[key], summary, key, n, share_hidden))
    return result


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
    return safe(
        charts.interval_chart(
            rows,
            title=_("Change in goal rating, end minus start, with 95 % interval"),
            domain=(-9, 9) if any(abs(r.mean or 0) > 4 for r in rows) else (-4, 4),
            missing=too_few(),
        )
    )
