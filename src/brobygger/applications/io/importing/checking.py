"""Checking the rows: headings in English or Norwegian, then every cell of every row."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from brobygger.applications.choices import Role
from brobygger.applications.io.importing.model import (
    CAPACITY_RANGE,
    MAX_TEXT,
    MAX_YEARS_EXPERIENCE,
    Counts,
    Lookups,
    ParsedRow,
    Preview,
    Problem,
    UnknownValue,
    failed,
)
from brobygger.applications.io.importing.vocabulary import (
    VOCABULARY_COLUMNS,
    Mappings,
    fold,
    vocabularies,
)
from brobygger.people.validators import validate_birth_year
from brobygger.programs.kinds import profile, role_label

MAX_MAPPED_VALUE = 200  # the longest value outside a vocabulary that can be mapped

_LIST_SEPARATORS = re.compile(r"[;,\n]")
REQUIRED = ("email", "name", "company", "role", "birth_year")
OPTIONAL = (
    "job_title",
    "years_experience",
    "role_family",
    "industry",
    "languages",
    "city",
    "meeting_format",
    "topics",
    "goals",
    "strengths",
    "capacity",
    "availability",
)
COLUMNS = REQUIRED + OPTIONAL

# Headings as people write them, in English and Norwegian (compared after fold()).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "email": ("email", "e-mail", "email address", "e-post", "epost", "e-postadresse", "mail"),
    "name": ("name", "full name", "navn", "fullt navn"),
    "company": ("company", "employer", "virksomhet", "selskap", "arbeidsgiver", "firma"),
    "role": ("role", "rolle"),
    "birth_year": ("birth_year", "birth year", "year of birth", "fødselsår", "fodselsar"),
    "job_title": ("job_title", "job title", "title", "stilling", "stillingstittel", "tittel"),
    "years_experience": (
        "years_experience",
        "years of experience",
        "experience",
        "års erfaring",
        "år erfaring",
        "erfaring",
        "arbeidserfaring",
    ),
    "role_family": ("role_family", "role family", "fagområde", "fagfelt"),
    "industry": ("industry", "bransje"),
    "languages": ("languages", "language", "språk"),
    "city": ("city", "by", "sted"),
    "meeting_format": ("meeting_format", "meeting format", "format", "møteform"),
    "topics": ("topics", "topic", "temaer", "tema"),
    "goals": ("goals", "mål"),
    "strengths": ("strengths", "styrker"),
    "capacity": ("capacity", "kapasitet"),
    "availability": (
        "availability",
        "times",
        "times to meet",
        "tilgjengelighet",
        "møtetider",
        "tidspunkt",
        "når kan du møtes",
    ),
}

# Every kind's role column takes these, its role labels and its own spellings
# (``KindProfile.import_role_aliases``: executive shadowing's host, vert, toppleder, talent).
ROLE_ALIASES = {"mentor": Role.MENTOR, "mentee": Role.MENTEE, "adept": Role.MENTEE}
_HEADER_LOOKUP = {
    fold(alias): column for column, aliases in HEADER_ALIASES.items() for alias in aliases
}


def column_named(heading: str) -> str | None:
    """The import's column for a heading as people write it (``Bransje`` → ``industry``)."""
    return _HEADER_LOOKUP.get(fold(heading))


def map_header(
    header: Sequence[str], *, row: int = 1
) -> tuple[dict[str, int], list[Problem], list[str]]:
    """Column name → index, the problems with the headings, and the ignored headings."""
    found: dict[str, int] = {}
    problems: list[Problem] = []
    ignored: list[str] = []
    for index, heading in enumerate(header):
        column = column_named(heading)
        if column is None:
            if heading:
                ignored.append(heading)
        elif column in found:
            problems.append(
                Problem(
                    row,
                    heading,
                    heading,
                    _("Two columns mean “%(column)s”; keep only one of them.") % {"column": column},
                )
            )
        else:
            found[column] = index
    if not found:
        return found, [_no_header(header, row)], ignored
    for column in REQUIRED:
        if column not in found:
            problems.append(
                Problem(
                    row,
                    column,
                    "",
                    _(
                        "The required column “%(column)s” is missing. Accepted headings: "
                        "%(headings)s."
                    )
                    % {"column": column, "headings": ", ".join(HEADER_ALIASES[column])},
                )
            )
    return found, problems, ignored


def _no_header(first_row: Sequence[str], row: int) -> Problem:
    return Problem(
        row,
        "",
        "; ".join(cell for cell in first_row if cell)[:200],
        _(
            "The first row must name the columns (for example %(columns)s), but none of "
            "its cells is a known column name."
        )
        % {"columns": ", ".join(REQUIRED)},
    )


def check_table(
    records: list[list[str]],
    *,
    lookups: Lookups,
    file_format: str,
    mappings: Mappings | None = None,
    unknown_to: str | None = None,
) -> Preview:
    """Every row checked. A value outside a vocabulary is looked up in ``mappings``, then
    mapped to ``unknown_to`` (if given); one still not mapped leaves the preview unclean."""
    numbered = [(number, cells) for number, cells in enumerate(records, start=1) if any(cells)]
    if not numbered:
        return failed(Problem(None, "", "", _("The file is empty.")))
    header_row, header = numbered[0]
    columns, problems, ignored = map_header(header, row=header_row)
    if problems:
        return Preview([], problems, [], Counts(), ignored, file_format)
    if len(numbered) == 1:
        return failed(Problem(None, "", "", _("The file has column names but no applicants.")))
    checker = _RowChecker(columns, header, lookups, mappings or {}, unknown_to)
    rows = [row for number, cells in numbered[1:] if (row := checker.check(number, cells))]
    if checker.problems:
        rows = []
    return Preview(
        rows=rows,
        problems=checker.problems,
        new_companies=list(checker.new_companies.values()),
        counts=count_changes(rows, lookups) if rows else Counts(),
        ignored_columns=ignored,
        file_format=file_format,
        unknown_values=checker.unknown_values(),
    )


def count_changes(rows: Iterable[ParsedRow], lookups: Lookups) -> Counts:
    rows = list(rows)
    new_people = sum(1 for row in rows if row.email not in lookups.people)
    new_applications = sum(1 for row in rows if (row.email, row.role) not in lookups.applications)
    return Counts(
        rows=len(rows),
        new_people=new_people,
        updated_people=len(rows) - new_people,
        new_applications=new_applications,
        updated_applications=len(rows) - new_applications,
    )


def _role_labels(kind: str) -> dict[str, Role]:
    """What the initiative kind calls the roles, in Norwegian and English (an export's
    ``Mentee (senioren)``) → the role."""
    labels: dict[str, Role] = {}
    for language in ("nb", "en"):
        with translation.override(language):
            for role in (Role.MENTOR, Role.MENTEE):
                labels[str(role_label(kind, role))] = role
    return labels


class _RowChecker:
    def __init__(
        self,
        columns: dict[str, int],
        header: Sequence[str],
        lookups: Lookups,
        mappings: Mappings,
        unknown_to: str | None,
    ) -> None:
        self.columns = columns
        self.header = header
        self.lookups = lookups
        self.mappings = mappings
        self.unknown_to = unknown_to
        self.unknown: dict[tuple[str, str], tuple[str, list[int]]] = {}
        self.problems: list[Problem] = []
        self.new_companies: dict[str, str] = {}
        self.first_row_of: dict[str, int] = {}
        self.profile = profile(lookups.kind)
        roles = dict(ROLE_ALIASES)
        roles |= {alias: Role(role) for alias, role in self.profile.import_role_aliases.items()}
        roles |= _role_labels(lookups.kind)
        self.roles = {fold(alias): role for alias, role in roles.items()}
        self.vocabularies = vocabularies(lookups)

    # -- helpers
    def _cell(self, cells: Sequence[str], column: str) -> str | None:
        index = self.columns.get(column)
        if index is None:
            return None
        return cells[index] if index < len(cells) else ""

    def _problem(self, row: int, column: str, value: str, message: str) -> None:
        self.problems.append(Problem(row, self.header[self.columns[column]], value, message))

    def _required(self, row: int, cells: Sequence[str], column: str) -> str | None:
        value = self._cell(cells, column) or ""
        if not value:
            self._problem(row, column, "", _("A value is required in this column."))
            return None
        return self._length(row, column, value)

    def _length(self, row: int, column: str, value: str) -> str | None:
        limit = MAX_TEXT.get(column)
        if limit and len(value) > limit:
            self._problem(row, column, value, _("At most %(limit)s characters.") % {"limit": limit})
            return None
        return value

    def _number(self, row: int, column: str, value: str, low: int, high: int) -> int | None:
        try:
            number = int(value)
        except ValueError:
            number = None
        if number is None or not low <= number <= high:
            self._problem(
                row,
                column,
                value,
                _("Expected a whole number from %(low)s to %(high)s.") % {"low": low, "high": high},
            )
            return None
        return number

    # -- vocabulary columns
    def _choice(self, row: int, column: str, value: str) -> str | None:
        """One value; ``None`` if it is mapped to "not given" or not mapped yet."""
        vocabulary = self.vocabularies[column]
        code = vocabulary.lookup.get(fold(value))
        if code is None:
            target = self._unknown(row, column, value)
            code = vocabulary.resolve(target) if target else None
        return code

    def _list(self, row: int, column: str, value: str) -> list[str] | None:
        """The codes of a list cell in order, without repeats; ``None`` if none is left."""
        codes: list[str] = []
        for item in (part.strip() for part in _LIST_SEPARATORS.split(value)):
            code = self._choice(row, column, item) if item else None
            if code is not None and code not in codes:
                codes.append(code)
        return codes or None

    def _unknown(self, row: int, column: str, value: str) -> str | None:
        """Note a value outside the vocabulary; its target if it is mapped."""
        if len(value) > MAX_MAPPED_VALUE:
            self._problem(
                row,
                column,
                value,
                _(
                    "Not a known value, and too long to be mapped to one (at most %(limit)s "
                    "characters)."
                )
                % {"limit": MAX_MAPPED_VALUE},
            )
            return None
        key = fold(value)
        _first, rows = self.unknown.setdefault((column, key), (value, []))
        if rows[-1:] != [row]:
            rows.append(row)
        return self._target(column, key)

    def unknown_values(self) -> list[UnknownValue]:
        """Each value outside a vocabulary once, by column, then by the row it is first on."""
        found = [
            UnknownValue(
                column=column,
                heading=self.header[self.columns[column]],
                value=value,
                key=key,
                rows=tuple(rows),
                target=self._target(column, key),
            )
            for (column, key), (value, rows) in self.unknown.items()
        ]
        return sorted(found, key=lambda u: (VOCABULARY_COLUMNS.index(u.column), u.rows[0]))

    def _target(self, column: str, key: str) -> str | None:
        """The remembered or chosen target, else ``unknown_to``; a stale one is ignored."""
        vocabulary = self.vocabularies[column]
        for target in (self.mappings.get((column, key)), self.unknown_to):
            if target is not None and vocabulary.accepts(target):
                return target
        return None

    # -- one row
    def check(self, row: int, cells: Sequence[str]) -> ParsedRow | None:
        before = len(self.problems)
        email = self._email(row, cells)
        name = self._required(row, cells, "name")
        company = self._company(row, cells)
        role = self._role(row, cells)
        birth_year = self._birth_year(row, cells)
        optional = self._optional(row, cells, role)
        if email is not None and role is not None:
            self._one_role(row, cells, email, role)
        if len(self.problems) > before:
            return None
        if email is None or name is None or company is None or role is None:
            return None
        if birth_year is None:
            return None
        first_name, _sep, last_name = name.rpartition(" ")
        if not first_name:
            first_name, last_name = last_name, ""
        return ParsedRow(
            row=row,
            email=email,
            first_name=first_name.strip()[:150],
            last_name=last_name[:150],
            company=company,
            role=role,
            birth_year=birth_year,
            **optional,
        )

    def _email(self, row: int, cells: Sequence[str]) -> str | None:
        value = self._required(row, cells, "email")
        if value is None:
            return None
        email = value.lower()
        try:
            validate_email(email)
        except ValidationError:
            self._problem(
                row,
                "email",
                value,
                _("Expected an email address such as kari.nordmann@example.no."),
            )
            return None
        first = self.first_row_of.setdefault(email, row)
        if first != row:
            self._problem(
                row,
                "email",
                value,
                _("This email address is also on row %(row)s; each person may appear once.")
                % {"row": first},
            )
            return None
        return email

    def _company(self, row: int, cells: Sequence[str]) -> str | None:
        value = self._required(row, cells, "company")
        if value is None:
            return None
        key = " ".join(value.split()).casefold()
        known = self.lookups.companies.get(key)
        if known is not None:
            return known
        return self.new_companies.setdefault(key, " ".join(value.split()))

    def _role(self, row: int, cells: Sequence[str]) -> str | None:
        value = self._required(row, cells, "role")
        if value is None:
            return None
        role = self.roles.get(fold(value))
        if role is None:
            self._problem(row, "role", value, str(self.profile.import_unknown_role))
        return role

    def _one_role(self, row: int, cells: Sequence[str], email: str, role: str) -> None:
        """A person takes part in a programme year in one role only."""
        other = Role.MENTEE if role == Role.MENTOR else Role.MENTOR
        if (email, other) in self.lookups.active_roles:
            label = role_label(self.lookups.kind, other)
            self._problem(
                row,
                "role",
                self._cell(cells, "role") or "",
                _(
                    "%(email)s has already applied to this programme year as “%(role)s”; a "
                    "person takes part in one role. Change the role, or withdraw the other "
                    "application first."
                )
                % {"email": email, "role": label},
            )

    def _birth_year(self, row: int, cells: Sequence[str]) -> int | None:
        value = self._required(row, cells, "birth_year")
        if value is None:
            return None
        if not re.fullmatch(r"\d{4}", value):
            self._problem(
                row, "birth_year", value, _("Expected a four-digit birth year such as 1985.")
            )
            return None
        year = int(value)
        try:
            validate_birth_year(year)
        except ValidationError as error:
            self._problem(row, "birth_year", value, " ".join(error.messages))
            return None
        return year

    def _optional(self, row: int, cells: Sequence[str], role: str | None) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for column in ("job_title", "city"):
            text = self._cell(cells, column)
            if text:
                values[column] = self._length(row, column, text)
        if text := self._cell(cells, "years_experience"):
            values["years_experience"] = self._number(
                row, "years_experience", text, 0, MAX_YEARS_EXPERIENCE
            )
        if text := self._cell(cells, "capacity"):
            values["capacity"] = self._number(row, "capacity", text, *CAPACITY_RANGE)
        for column in ("role_family", "industry", "meeting_format"):
            if text := self._cell(cells, column):
                values[column] = self._choice(row, column, text)
        for column in ("languages", "topics", "availability"):
            if text := self._cell(cells, column):
                values[column] = self._list(row, column, text)
        goals, strengths = self._cell(cells, "goals"), self._cell(cells, "strengths")
        primary, other = (goals, strengths) if role == Role.MENTEE else (strengths, goals)
        if primary or other:
            values["text"] = primary or other
        return values
