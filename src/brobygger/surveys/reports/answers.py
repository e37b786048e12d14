"""The report's survey sections: response rates, the answers and baseline vs closing, read
from what was published (``PublishedResult``) once each survey closed, and the texts and
small helpers the whole report shares. ``report.build_report`` puts them together.

For a company, every count obeys the small-group rule of ``disclosure``, applied here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from brobygger.surveys.models import (
    Answer,
    Invitation,
    PublishedResult,
    Question,
    QuestionKind,
    Survey,
    SurveyKind,
)
from brobygger.surveys.reports import analytics, charts, disclosure, figures
from brobygger.surveys.reports.analytics import ChangeSummary, MeanSummary
from brobygger.surveys.reports.disclosure import HIDDEN, MIN_GROUP, Count, Hidden, is_small
from brobygger.surveys.reports.figures import ROLES
from brobygger.surveys.selectors import KIND_ORDER

if TYPE_CHECKING:
    from brobygger.programs.models import Cohort


def too_few() -> str:
    return _("too few answers to show")


def not_available() -> str:
    return _("not available yet")


def hidden_text() -> str:
    return pgettext("figure", "hidden")


def clipped_text() -> str:
    return _("clipped to the scale")


def hidden_note() -> str:
    return _("hidden: it would show, directly or by subtraction, fewer than three people")


def survey_pending() -> str:
    return _("shown when the survey has closed")


def outcomes_pending() -> str:
    return _("shown when the programme year has closed")


@dataclass(frozen=True)
class ResponseRow:
    survey: Survey
    invited: Count
    answered: Count
    published: bool = True  # a company's counts wait for the survey to close

    @property
    def rate(self) -> float | None:
        if isinstance(self.invited, int) and isinstance(self.answered, int) and self.invited:
            return self.answered / self.invited
        return None


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
    n: Count = None


@dataclass
class QuestionResult:
    question: Question
    n: Count  # None: not published yet
    mean: MeanSummary | None = None
    counts: list[tuple[str, Count]] | None = None
    texts: list[tuple[str, str]] | None = None  # (name or "", text)
    chart: SafeString | None = None

    @property
    def suppressed(self) -> bool:
        return isinstance(self.n, Hidden) or (isinstance(self.n, int) and self.n < MIN_GROUP)


@dataclass
class SurveyResult:
    survey: Survey
    questions: list[QuestionResult]
    published: bool = True


def safe(svg: str) -> SafeString:
    return mark_safe(svg)  # noqa: S308 - charts.py escapes every label it writes


def value_of(count: Count) -> int | None:
    return count if isinstance(count, int) else None


# -- what was published ------------------------------------------------------------------
@dataclass
class Published:
    """What was published of a cohort, as one audience (everyone, or a company) reads it."""

    surveys: dict[int, dict[str, Any]] = field(default_factory=dict)  # the audience's, by id
    survey_ids: set[int] = field(default_factory=set)  # surveys published at all
    outcomes: dict[str, Any] | None = None  # the audience's goal change
    outcomes_published: bool = False


def published_figures(cohort: Cohort, company_id: int | None) -> Published:
    """One query: the audience's rows, and the everyone rows that say what was published."""
    audience = Q(company_id=company_id) if company_id else Q(company__isnull=True)
    rows: Iterable[tuple[int | None, int | None, dict[str, Any]]] = (
        PublishedResult.objects.filter(Q(cohort=cohort), audience | Q(company__isnull=True))
        .order_by()
        .values_list("survey_id", "company_id", "data")
    )  # unordered: no joins
    found = Published()
    for survey_id, row_company, data in rows:
        everyone, mine = row_company is None, row_company == company_id
        if survey_id is None:
            found.outcomes_published |= everyone
            if mine:
                found.outcomes = data
            continue
        if everyone:
            found.survey_ids.add(survey_id)
        if mine:
            found.surveys[survey_id] = data
    return found


def cohort_surveys(cohort: Cohort) -> list[Survey]:
    surveys = list(Survey.objects.filter(cohort=cohort).prefetch_related("questions"))
    for survey in surveys:
        survey.cohort = cohort  # its role label reads the kind without a query
    return sorted(surveys, key=lambda s: (KIND_ORDER.get(s.kind, 9), s.role != "mentee"))


# -- surveys: response rates ---------------------------------------------------------------
def live_responses(cohort: Cohort, surveys: list[Survey]) -> list[ResponseRow]:
    """Everyone's invited and answered as they stand (the coordinator follows them up)."""
    invited: dict[int, int] = defaultdict(int)
    answered: dict[int, int] = defaultdict(int)
    rows = Invitation.objects.filter(survey__cohort=cohort).values_list("survey_id", "answered_at")
    for survey_id, answered_at in rows:
        invited[survey_id] += 1
        answered[survey_id] += answered_at is not None
    return [ResponseRow(s, invited[s.pk], answered[s.pk]) for s in surveys]


def published_responses(surveys: list[Survey], published: Published) -> list[ResponseRow]:
    """A company's invited and answered as published when each survey closed."""
    rows = []
    for survey in surveys:
        if survey.pk not in published.survey_ids:
            rows.append(ResponseRow(survey, None, None, published=False))
            continue
        data = published.surveys.get(survey.pk, {"invited": 0, "answered": 0})
        invited, answered = disclosure.protect([data["invited"], data["answered"]])
        rows.append(ResponseRow(survey, invited, answered))
    return rows


def responses_chart(rows: list[ResponseRow]) -> SafeString | None:
    if not rows:
        return None
    missing = [
        hidden_text()
        if HIDDEN in (r.invited, r.answered)
        else survey_pending()
        if not r.published
        else _("nobody invited yet")
        for r in rows
    ]
    return safe(
        charts.bar_chart(
            [
                (
                    f"{r.survey.get_kind_display()} · {r.survey.role_label}",
                    None if r.rate is None else round(100 * r.rate),
                )
                for r in rows
            ],
            title=_("Response rate per survey"),
            maximum=100,
            suffix=" %",
            missing=missing,
        )
    )


# -- surveys: the answers --------------------------------------------------------------------
def survey_results(
    surveys: list[Survey], published: Published, *, for_company: bool
) -> list[SurveyResult]:
    results = []
    for survey in surveys:
        questions = sorted(survey.questions.all(), key=lambda q: (q.order, q.pk))
        if for_company:
            questions = [q for q in questions if q.kind != QuestionKind.LONG_TEXT]
        if survey.pk not in published.survey_ids:
            results.append(
                SurveyResult(survey, [QuestionResult(q, None) for q in questions], False)
            )
            continue
        data = published.surveys.get(survey.pk, {"invited": 0, "answered": 0, "questions": {}})
        rows = [_question_result(q, data, for_company=for_company) for q in questions]
        results.append(SurveyResult(survey, rows))
    return results


def _question_result(
    question: Question, data: dict[str, Any], *, for_company: bool
) -> QuestionResult:
    if question.kind == QuestionKind.LONG_TEXT:
        return QuestionResult(question, 0)  # the coordinator's texts are added live
    found = data["questions"].get(str(question.pk), {"n": 0, "mean": None, "counts": None})
    n: int = found["n"]
    # For a company: invited ⊇ answered the survey ⊇ answered this question, the same people.
    if for_company and 2 in disclosure.related([data["invited"], data["answered"], n]):
        return QuestionResult(question, HIDDEN)
    if n < MIN_GROUP:
        return QuestionResult(question, n)
    if question.is_numeric:
        return _numeric_result(question, found, for_company=for_company)
    return _choice_result(question, found, for_company=for_company)


def _numeric_result(
    question: Question, found: dict[str, Any], *, for_company: bool
) -> QuestionResult:
    result = QuestionResult(question, found["n"], mean=analytics.mean_from_data(found["mean"]))
    if for_company:
        return result  # no distribution: with the mean, hidden steps could be solved for
    labels = [str(step) for step in figures.steps_of(question)]
    counts: list[tuple[str, int | None]] = list(zip(labels, found["counts"], strict=True))
    result.counts = list(counts)
    result.chart = safe(charts.histogram(counts, title=question.display_label))
    return result


def _choice_result(
    question: Question, found: dict[str, Any], *, for_company: bool
) -> QuestionResult:
    """Answers per option; a company's small options hidden (and, for a single choice, one
    more when the hidden ones together would be small: n minus the others gives them)."""
    n, counts = found["n"], found["counts"]
    hide: set[int] = set()
    if for_company:
        multiple = question.kind == QuestionKind.MULTIPLE_CHOICE
        hide = disclosure.subsets(n, counts) if multiple else disclosure.partition(n, counts)
    shown = [disclosure.shown(c, i in hide) for i, c in enumerate(counts)]
    result = QuestionResult(question, n)
    result.counts = list(zip(question.display_choices, shown, strict=False))
    result.chart = safe(
        charts.bar_chart(
            [(label, value_of(c)) for label, c in result.counts],
            title=question.display_label,
            missing=hidden_text(),
        )
    )
    return result


def add_texts(cohort: Cohort, results: list[SurveyResult]) -> None:
    """The coordinator's free-text answers of published surveys, read live (erasure removes
    them), each question's only when at least three people wrote something."""
    wanted = {
        q.question.pk: q
        for r in results
        if r.published
        for q in r.questions
        if q.question.kind == QuestionKind.LONG_TEXT
    }
    if not wanted:
        return
    rows = (
        Answer.objects.filter(question_id__in=wanted, invitation__answered_at__isnull=False)
        .values(
            "question_id",
            "value",
            "invitation__person_id",
            "invitation__survey__anonymous",
            "invitation__person__user__first_name",
            "invitation__person__user__last_name",
        )
        .order_by("id")
    )
    texts: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for row in rows:
        if row["value"] in (None, "", []):
            continue
        named = row["invitation__person_id"] and not row["invitation__survey__anonymous"]
        first = row["invitation__person__user__first_name"] or ""
        last = row["invitation__person__user__last_name"] or ""
        texts[row["question_id"]].append(
            (f"{first} {last}".strip() if named else "", str(row["value"]))
        )
    for question_id, result in wanted.items():
        result.n = len(texts[question_id])
        if not result.suppressed:
            result.texts = texts[question_id]


COMPARED_KEYS = ("recommend", "take_part_again")


def key_means(surveys: list[Survey], published: Published) -> dict[str, MeanSummary]:
    """The closing surveys' headline measures, both roles together (for comparisons)."""
    parts: dict[str, list[MeanSummary]] = defaultdict(list)
    for survey in surveys:
        data = published.surveys.get(survey.pk)
        if survey.kind != SurveyKind.CLOSING or data is None:
            continue
        for q in survey.questions.all():
            found = data["questions"].get(str(q.pk))
            if q.key in COMPARED_KEYS and q.is_numeric and found:
                mean = found["mean"]
                parts[q.key].append(
                    analytics.mean_from_data(mean) if mean else MeanSummary(n=found["n"])
                )
    return {key: analytics.pooled_mean(parts[key]) for key in COMPARED_KEYS}


def paired_rows(
    surveys: list[Survey],
    published: Published,
    role_labels: dict[str, str],
    *,
    for_company: bool,
) -> list[PairedRow]:
    """Baseline vs closing per person, as published with the closing survey."""
    by_key = {(s.kind, s.role): s for s in surveys}
    rows = []
    for role in ROLES:
        baseline, closing = (
            by_key.get((SurveyKind.BASELINE, role)),
            by_key.get((SurveyKind.CLOSING, role)),
        )
        data = published.surveys.get(closing.pk) if closing else None
        if not baseline or not closing or data is None:
            continue
        baseline_ns = _question_ns(baseline, published)
        for question in sorted(closing.questions.all(), key=lambda q: (q.order, q.pk)):
            found = data.get("paired", {}).get(str(question.pk))
            if found is None:
                continue
            closing_n = data["questions"].get(str(question.pk), {}).get("n", 0)
            neighbours = [baseline_ns.get(question.key, 0), closing_n]
            row = _paired_row(question, role_labels[role], found, neighbours, for_company)
            rows.append(replace(row, role=role))
    return rows


def _question_ns(survey: Survey, published: Published) -> dict[str, int]:
    """A published survey's answer counts by measure (none when not published)."""
    data = published.surveys.get(survey.pk)
    if data is None:
        return {}
    return {
        q.key: data["questions"].get(str(q.pk), {}).get("n", 0)
        for q in survey.questions.all()
        if q.key
    }


def _paired_row(
    question: Question,
    role_label: str,
    found: dict[str, Any],
    neighbours: list[int],
    for_company: bool,
) -> PairedRow:
    """Suppressed when the people compared are one or two fewer than those who answered
    the baseline or the closing question: that question's mean minus this one would give
    those few answers away. A company sees no number of one or two, nor one that differs by
    one or two from those counts."""
    before = analytics.mean_from_data(found["before"])
    after = analytics.mean_from_data(found["after"])
    change = analytics.change_from_data(found["change"])
    n = change.n
    close_to_neighbour = any(is_small(other - n) for other in neighbours)
    shown_n: Count = n
    if close_to_neighbour or (for_company and is_small(n)):
        before, after, change = MeanSummary(n=n), MeanSummary(n=n), ChangeSummary(n=n)
        if for_company:
            shown_n = HIDDEN
    return PairedRow(
        role="",
        role_label=role_label,
        label=question.display_label,
        key=question.key,
        scale_max=5 if question.kind == QuestionKind.LIKERT else 10,
        before=before,
        after=after,
        change=change,
        n=shown_n,
    )


def paired_chart(rows: list[PairedRow]) -> SafeString | None:
    if not rows:
        return None
    return safe(
        charts.before_after_chart(
            [
                charts.BeforeAfterRow(f"{r.role_label}: {r.label}", r.before.mean, r.after.mean)
                for r in rows
            ],
            title=_("Baseline (hollow) and closing (filled), mean of the same people"),
            domain=(0, 10) if any(r.scale_max == 10 for r in rows) else (1, 5),
            missing=too_few(),
        )
    )
