"""The API's typed responses (Django Ninja schemas, in the OpenAPI document).

Objects are named by their random UUID ``code``, never by a database id; dates and times
are ISO 8601. Nothing here holds free text written by participants.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from ninja import Field, Schema

from brobygger.programs.kinds import PROFILES

MAX_LIMIT = 200
DEFAULT_LIMIT = 50
# Far beyond any cohort's applications; bounded so that a huge offset is refused with a 422
# instead of overflowing the database's integers (a 500).
MAX_OFFSET = 1_000_000
#: the initiative kinds, each in a phrase, from their profiles
KINDS = "; ".join(p.api_description for p in PROFILES.values())


class Error(Schema):
    detail: str = Field(description="What went wrong, in English.")


class ValidationIssue(Schema):
    """One of the reasons a request's parameters were refused (pydantic's error, without the
    input that was sent)."""

    type: str = Field(description="The kind of error: uuid_parsing, less_than_equal, …")
    loc: list[str | int] = Field(description='Where: ["path", "code"], ["query", "limit"].')
    msg: str = Field(description="What is wrong with it, in English.")
    ctx: dict[str, Any] | None = Field(None, description="The rule broken, e.g. {'le': 200}.")


class ValidationError(Schema):
    """The 422 answer to a path or query parameter out of range or of the wrong type."""

    detail: list[ValidationIssue]


# -- public: programmes ---------------------------------------------------------------------
class PublicCohort(Schema):
    code: UUID
    title: str
    status: str = Field(
        description=(
            "open, review, matching, published (matched, before the kickoff) or running "
            "(drafts are never listed)"
        )
    )
    applications_open: bool = Field(description="Whether one can apply right now.")
    applications_open_at: dt.datetime
    applications_close_at: dt.datetime
    matching_on: dt.date
    kickoff_on: dt.date
    closing_on: dt.date
    url: str = Field(description="The cohort's public page.")


class Programme(Schema):
    code: UUID
    kind: str = Field(description=f"The initiative's kind: {KINDS}.")
    name: str = Field(description="The name in Norwegian (bokmål).")
    name_en: str = Field(description="The name in English; empty when not given.")
    current_cohort: PublicCohort | None


class ProgrammePage(Schema):
    count: int = Field(description="Initiatives in all, over every page.")
    limit: int
    offset: int
    items: list[Programme]


# -- the token's owner ---------------------------------------------------------------------
class InitiativeRef(Schema):
    code: UUID
    name: str
    name_en: str


class CompanyRef(Schema):
    code: UUID
    name: str


class Me(Schema):
    name: str
    email: str
    language: str
    network_admin: bool
    coordinates: list[InitiativeRef]
    company_contact_for: CompanyRef | None


# -- coordinators ----------------------------------------------------------------------------
class CoordinatedCohort(Schema):
    code: UUID
    initiative: InitiativeRef
    title: str
    status: str
    applications_open_at: dt.datetime
    applications_close_at: dt.datetime
    matching_on: dt.date
    kickoff_on: dt.date
    closing_on: dt.date


class CohortSummary(CoordinatedCohort):
    applications: dict[str, int] = Field(
        description="Applications per state: pending, accepted, waitlisted, rejected, "
        "withdrawn, draft, nominated."
    )


class PageParams(Schema):
    """``?limit=`` (1–200, 50 by default) and ``?offset=`` (0–1 000 000, 0 by default)."""

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class ApplicationRow(Schema):
    code: UUID
    role: str = Field(description="mentee or mentor")
    status: str = Field(description="submitted or withdrawn")
    decision: str = Field(description="pending, accepted, waitlisted or rejected")
    submitted_at: dt.datetime | None
    name: str
    email: str
    company: str | None
    birth_year: int | None
    city: str


class CohortPage(Schema):
    count: int = Field(description="Cohorts in all, over every page.")
    limit: int
    offset: int
    items: list[CohortSummary]


class ApplicationPage(Schema):
    count: int = Field(description="Applications in all, over every page.")
    limit: int
    offset: int
    items: list[ApplicationRow]


# -- company contacts: our participants -----------------------------------------------------
class YearParams(Schema):
    """``?year=<cohort code>``: one programme year only (404 when her company has nobody in
    it, or there is no such year)."""

    year: UUID | None = Field(None, description="A cohort code: one programme year only.")


class Participant(Schema):
    """One employee in one programme year and role: her name and title, her role and how far
    she has come. Never the partner, never anything of the pair."""

    name: str
    job_title: str
    role: str = Field(description="mentee or mentor")
    role_label: str = Field(
        description="The role as the initiative names it (Accept-Language), e.g. "
        '"Mentee (the senior)" in reverse mentoring.'
    )
    stage: str = Field(
        description="accepted, not_matched, proposed, active, completed or ended_early"
    )
    stage_label: str = Field(description="The stage as the page names it (Accept-Language).")


class ParticipantYear(Schema):
    """A programme year (cohort) with her company's participants in it, by name."""

    code: UUID = Field(description="The cohort's code: ?year= takes it.")
    initiative: InitiativeRef
    title: str
    status: str = Field(
        description=(
            "open, review, matching, published (matched, before the kickoff), running, "
            "closed or archived"
        )
    )
    participants: list[Participant]


# -- the report ------------------------------------------------------------------------------
HIDDEN_HELP = (
    "The names of this row's counts hidden from a company (null above): one or two people, or "
    "a count from which one or two could be worked out by subtraction. Empty for coordinators."
)


class Suppressible(Schema):
    suppressed: bool = Field(
        description="True when the group is smaller than three (or, for a company, its size "
        "is hidden): the figures are null."
    )
    reason: str | None = Field(
        description="too_few_answers, or hidden_small_group (a company's hidden group) when "
        "suppressed; else null"
    )


class Mean(Suppressible):
    n: int | None = Field(description="The group's size; null when hidden from a company.")
    mean: float | None
    ci_low: float | None
    ci_high: float | None
    ci_clipped: bool = Field(
        description="The 95 % t interval reached past the scale and was cut at its end."
    )


class Change(Mean):
    improved: int | None
    share_improved: float | None
    share_ci_low: float | None
    share_ci_high: float | None


class FunnelStep(Schema):
    key: str = Field(
        description="applications (coordinators only), accepted, matched, signed, "
        "active_mid, completed"
    )
    label: str
    mentee: int | None = Field(description="null: not available yet, or hidden")
    mentor: int | None
    total: int | None = Field(description="null for a company: no total is shown")
    hidden: list[str] = Field(description=HIDDEN_HELP)


class MeetingBucket(Schema):
    meetings: str = Field(description='"0" … "7", and "8+"')
    pairs: int


class Meetings(Suppressible):
    n_pairs: int
    mean: float | None
    median: float | None
    distribution: list[MeetingBucket] | None


class Attendance(Schema):
    title: str
    starts_at: dt.datetime
    invited: int | None
    said_yes: int | None
    attended: int | None
    hidden: list[str] = Field(description=HIDDEN_HELP)


class ResponseRate(Schema):
    survey_kind: str = Field(description="baseline, midpoint or closing")
    role: str
    published: bool = Field(
        description="A company's counts are published when the survey has closed; before "
        "that they are null."
    )
    invited: int | None
    answered: int | None
    hidden: list[str] = Field(description=HIDDEN_HELP)
    rate: float | None


class GoalChange(Schema):
    group: str = Field(description="mentee, mentor or overall")
    label: str
    change: Change
    share_hidden: bool = Field(
        description="A company's count of goals improved (or not) would be one or two: the "
        "share is null."
    )


class BaselineVsClosing(Schema):
    role: str
    question_key: str
    label: str
    scale_max: int
    baseline: Mean
    closing: Mean
    change: Change


class OptionCount(Schema):
    option: str
    count: int | None
    hidden: bool = Field(description="Hidden from a company: one or two, or its complement.")


class QuestionAggregate(Suppressible):
    key: str
    label: str
    kind: str
    n: int | None = Field(description="null before the survey is published, or when hidden")
    mean: Mean | None
    counts: list[OptionCount] | None


class SurveyAggregates(Schema):
    code: UUID
    kind: str
    role: str
    published: bool = Field(
        description="Survey figures are published once, when the survey has closed, and "
        "never change after; before that every figure is null."
    )
    questions: list[QuestionAggregate] = Field(
        description="Numeric and choice questions only: free-text answers are never exposed."
    )


class Report(Schema):
    cohort: CoordinatedCohort
    company: CompanyRef | None = Field(description="Set in a company contact's report.")
    minimum_group: int = Field(description="Groups smaller than this are suppressed.")
    funnel: list[FunnelStep]
    meetings: Meetings | None = Field(
        description="Always null for a company (the pairs' own activity)."
    )
    attendance: list[Attendance]
    response_rates: list[ResponseRate]
    overall_response_rate: float | None
    goal_change_published: bool = Field(
        description="A company's goal change is published when the programme year has "
        "closed; always true for coordinators."
    )
    goal_change: list[GoalChange] | None = Field(
        description="null for a company until the programme year has closed (not published yet)"
    )
    baseline_vs_closing: list[BaselineVsClosing]
    surveys: list[SurveyAggregates]
