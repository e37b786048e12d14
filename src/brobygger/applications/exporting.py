"""Writing a cohort's applications as a spreadsheet (CSV or XLSX). Pure: reads nothing.

One row per application: the profile columns (named as the import reads them, so an
export can be imported again) and one column per question label. CSV is UTF-8 with a
byte order mark and ``;`` separators, which Norwegian Excel opens as it is. Any cell that
starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) gets a leading
``'`` so that no spreadsheet runs it as a formula. See docs/import.md.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.applications.choices import CHOICE_VOCABULARIES, QuestionKind
from brobygger.core.spreadsheets import escape_formula

if TYPE_CHECKING:
    from brobygger.applications.models import Application, Question

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
PROFILE_COLUMNS = (
    "email",
    "name",
    "company",
    "role",
    "birth_year",
    "job_title",
    "years_experience",
    "role_family",
    "industry",
    "languages",
    "city",
    "meeting_format",
    "capacity",
    "status",
    "decision",
    "source",
    "submitted_at",
)
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

Cell = str | int


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[Cell]]

    def all_rows(self) -> list[Sequence[Cell]]:
        return [self.header, *self.rows]


def escape_cell(value: Cell) -> Cell:
    """Text a spreadsheet would read as a formula gets a leading apostrophe."""
    return escape_formula(value)


def application_table(
    applications: Iterable[Application],
    questions: Sequence[Question],
    *,
    topic_names: Mapping[str, str],
) -> Table:
    """Profile columns, then one column per distinct question label (both roles share it)."""
    labels: list[str] = []
    column_of: dict[int, int] = {}
    for question in questions:
        label = question.display_label
        if label not in labels:
            labels.append(label)
        column_of[question.pk] = len(PROFILE_COLUMNS) + labels.index(label)
    kinds = {question.pk: question.kind for question in questions}
    rows = []
    for application in applications:
        row: list[Cell] = [*_profile(application), *([""] * len(labels))]
        for answer in application.answers.all():
            if answer.question_id in column_of:
                row[column_of[answer.question_id]] = _answer_text(
                    answer.value, kinds[answer.question_id], topic_names
                )
        rows.append(row)
    return Table(header=[*PROFILE_COLUMNS, *labels], rows=rows)


def _profile(application: Application) -> list[Cell]:
    person = application.person
    user = person.user
    submitted = (
        timezone.localtime(application.submitted_at).strftime("%Y-%m-%d %H:%M")
        if application.submitted_at
        else ""
    )
    return [
        user.email,
        user.get_full_name(),
        person.company.name if person.company else "",
        application.role,
        _number(person.birth_year),
        person.job_title,
        _number(person.years_experience),
        person.role_family,
        person.industry,
        ", ".join(person.languages or []),
        person.city,
        application.meeting_format,
        application.capacity,
        application.status,
        application.decision,
        application.source,
        submitted,
    ]


def _number(value: int | None) -> Cell:
    return "" if value is None else value


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


def to_csv(table: Table) -> bytes:
    """UTF-8 with BOM, ``;`` separators and CRLF: what Norwegian Excel expects."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in table.all_rows():
        writer.writerow([escape_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(table: Table, *, title: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))
    for row in table.all_rows():
        sheet.append([_xlsx_cell(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(cell: Cell) -> Cell:
    if isinstance(cell, str):
        cell = _ILLEGAL_XML.sub("", cell)
    return escape_cell(cell)


def _sheet_title(title: str) -> str:
    cleaned = re.sub(r"[\\/*?:\[\]]", " ", title).strip()
    return cleaned[:31] or "Applications"


def filename(cohort_title: str, initiative_slug: str, file_format: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", f"{initiative_slug}-{cohort_title}").strip("-")
    return f"{stem or 'applications'}-applications.{file_format}"
