"""Writing a cohort's applications as a spreadsheet (XLSX or CSV). Pure: reads nothing.

One row per application (an ``ExportRow`` of plain values, not model objects): the profile
columns, one column per question label, then the reviews (the average score and each
reviewer's score and comment). Headings and values are in the reader's language: labels,
never codes (``Sendt inn``, ``Godtatt``, ``Ledelse og styring``). The profile headings are
ones the import reads (``E-post``, ``Fødselsår``, …; ``Email``, ``Birth year``, … in
English) and the import reads the labels too, so an export can be imported again. Writing
the files (numbers, dates, the CSV's separator and decimal mark, formula-safe cells) is
:mod:`brobygger.core.spreadsheets`. See docs/import.md.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from brobygger.applications.choices import CHOICE_VOCABULARIES, QuestionKind
from brobygger.applications.models import Application
from brobygger.core import spreadsheets
from brobygger.core.spreadsheets import Cell
from brobygger.people.choices import Language
from brobygger.people.models import Person

if TYPE_CHECKING:
    from django.db.models import Field, Model
    from django.utils.functional import Promise

    from brobygger.applications.models import Question

FORMATS = ("xlsx", "csv")
CONTENT_TYPES = spreadsheets.CONTENT_TYPES
#: the profile columns: the import's names (docs/import.md) and the heading in the file
PROFILE_HEADINGS: dict[str, str | Promise] = {
    "email": pgettext_lazy("applications export heading", "Email"),
    "name": pgettext_lazy("applications export heading", "Name"),
    "company": pgettext_lazy("applications export heading", "Company"),
    "role": pgettext_lazy("applications export heading", "Role"),
    "birth_year": pgettext_lazy("applications export heading", "Birth year"),
    "job_title": pgettext_lazy("applications export heading", "Job title"),
    "years_experience": pgettext_lazy("applications export heading", "Years of experience"),
    "role_family": pgettext_lazy("applications export heading", "Role family"),
    "industry": pgettext_lazy("applications export heading", "Industry"),
    "languages": pgettext_lazy("applications export heading", "Languages"),
    "city": pgettext_lazy("applications export heading", "City"),
    "meeting_format": pgettext_lazy("applications export heading", "Meeting format"),
    "capacity": pgettext_lazy("applications export heading", "Capacity"),
    "status": pgettext_lazy("applications export heading", "Status"),
    "decision": pgettext_lazy("applications export heading", "Decision"),
    "source": pgettext_lazy("applications export heading", "Source"),
    "submitted_at": pgettext_lazy("applications export heading", "Submitted"),
}
PROFILE_COLUMNS = tuple(PROFILE_HEADINGS)
#: a language code → its (lazy) label, as ``Person.language_labels`` says it
LANGUAGE_LABELS: dict[str, Any] = dict(Language.choices)


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[Cell]]


@dataclass(frozen=True)
class ExportReview:
    reviewer_id: int
    reviewer_name: str  # the full name, or the email when there is none
    score: int
    comment: str


@dataclass
class ExportRow:
    """One application as the export reads it: plain values (codes, not labels), read with
    ``values_list`` by ``selectors.imports.applications_for_export`` rather than as model
    objects (issue 23: a 500-row export spent most of its time building models)."""

    email: str
    first_name: str
    last_name: str
    company: str | None
    role: str
    birth_year: int | None
    job_title: str
    years_experience: int | None
    role_family: str
    industry: str
    languages: list[str]
    city: str
    meeting_format: str
    capacity: int | None
    status: str
    decision: str
    source: str
    submitted_at: dt.datetime | None
    answers: list[tuple[int, Any]] = field(default_factory=list)  # (question id, value)
    reviews: list[ExportReview] = field(default_factory=list)


def profile_header() -> list[str]:
    """The profile columns' headings in the active language."""
    return [str(heading) for heading in PROFILE_HEADINGS.values()]


def application_table(
    applications: Iterable[ExportRow],
    questions: Sequence[Question],
    *,
    topic_names: Mapping[str, str],
    role_labels: Mapping[str, str],
) -> Table:
    """Profile columns, one column per distinct question label (both roles share it), then
    the average score and each reviewer's score and comment (reviewers by name)."""
    applications = list(applications)
    labels: list[str] = []
    column_of: dict[int, int] = {}
    for question in questions:
        label = question.display_label
        if label not in labels:
            labels.append(label)
        column_of[question.pk] = len(PROFILE_COLUMNS) + labels.index(label)
    kinds = {question.pk: question.kind for question in questions}
    reviewers = _reviewers(applications)
    rows = []
    for application in applications:
        row: list[Cell] = [*_profile(application, role_labels), *([""] * len(labels))]
        for question_id, value in application.answers:
            if question_id in column_of:
                row[column_of[question_id]] = _answer_text(value, kinds[question_id], topic_names)
        row.extend(_review_cells(application, reviewers))
        rows.append(row)
    header = [*profile_header(), *labels, *_review_header(reviewers.values())]
    return Table(header=header, rows=rows)


def _reviewers(applications: Iterable[ExportRow]) -> dict[int, str]:
    """Everyone who scored any of the applications: user id → name, ordered by name."""
    names: dict[int, str] = {}
    for application in applications:
        for review in application.reviews:
            names[review.reviewer_id] = review.reviewer_name
    return dict(sorted(names.items(), key=lambda item: (item[1].casefold(), item[0])))


def _review_header(names: Iterable[str]) -> list[str]:
    header = [pgettext("applications export heading", "Average score")]
    for name in names:
        header.append(pgettext("applications export heading", "Score: %(name)s") % {"name": name})
        header.append(pgettext("applications export heading", "Comment: %(name)s") % {"name": name})
    return header


def _review_cells(application: ExportRow, reviewers: Mapping[int, str]) -> list[Cell]:
    by_reviewer: dict[int, ExportReview] = {r.reviewer_id: r for r in application.reviews}
    scores = [r.score for r in by_reviewer.values()]
    average = (
        (Decimal(sum(scores)) / len(scores)).quantize(Decimal("0.01"), ROUND_HALF_UP)
        if scores
        else None
    )
    cells: list[Cell] = [average]
    for reviewer in reviewers:
        review = by_reviewer.get(reviewer)
        cells += [review.score, review.comment] if review else [None, ""]
    return cells


@cache
def _labels(model: type[Model], name: str) -> dict[Any, Any]:
    """A field's choices as value → (lazy) label, built once: ``get_FOO_display`` builds
    the mapping again on every call (issue 23: most of a 500-row export's time)."""
    field = cast("Field[Any, Any]", model._meta.get_field(name))
    return dict(field.flatchoices)


def _display(model: type[Model], name: str, value: Any) -> str:
    """What ``get_<name>_display()`` says for ``value``, from the cached labels."""
    return str(_labels(model, name).get(value, value))


def _profile(application: ExportRow, role_labels: Mapping[str, str]) -> list[Cell]:
    row = application
    submitted = (
        timezone.localtime(row.submitted_at).replace(tzinfo=None, second=0, microsecond=0)
        if row.submitted_at
        else None
    )
    return [
        row.email,
        f"{row.first_name} {row.last_name}".strip(),  # User.get_full_name()
        row.company or "",
        role_labels.get(row.role, row.role),
        row.birth_year,
        row.job_title,
        row.years_experience,
        _display(Person, "role_family", row.role_family),
        _display(Person, "industry", row.industry),
        ", ".join(str(LANGUAGE_LABELS.get(code, code)) for code in row.languages),
        row.city,
        _display(Application, "meeting_format", row.meeting_format),
        row.capacity,
        _display(Application, "status", row.status),
        _display(Application, "decision", row.decision),
        _display(Application, "source", row.source),
        submitted,
    ]


def _answer_text(value: Any, kind: str, topic_names: Mapping[str, str]) -> Cell:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, int):
        return value
    if isinstance(value, list):
        names: Mapping[str, Any] = {}
        if kind == QuestionKind.TOPICS:
            names = topic_names
        elif kind in CHOICE_VOCABULARIES:
            names = dict(CHOICE_VOCABULARIES[kind])
        return ", ".join(str(names.get(item, item)) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def to_csv(table: Table, *, language: str | None) -> bytes:
    """``;`` and decimal comma in Norwegian, ``,`` and decimal point in English."""
    return spreadsheets.to_csv(table.header, table.rows, language=language)


def to_xlsx(table: Table, *, title: str) -> bytes:
    return spreadsheets.to_xlsx(table.header, table.rows, title=title or _("Applications"))


def filename(cohort_title: str, initiative_slug: str, file_format: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", f"{initiative_slug}-{cohort_title}").strip("-")
    return f"{stem or 'applications'}-applications.{file_format}"
