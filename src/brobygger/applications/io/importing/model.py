"""The import's vocabulary: limits, lookups, parsed rows, problems and the preview."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

MAX_FILE_BYTES = 5 * 1024 * 1024  # documented in docs/import.md
MAX_XLSX_UNPACKED_BYTES = 60 * 1024 * 1024  # a 5 MB zip may not unpack to more (zip bombs)
MAX_TEXT = {"name": 300, "company": 200, "job_title": 200, "city": 100}
MAX_YEARS_EXPERIENCE = 70
CAPACITY_RANGE = (1, 10)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file. ``row`` is the spreadsheet row (the header is row 1),
    ``None`` for the file as a whole; ``column`` is the heading as written in the file."""

    row: int | None
    column: str
    value: str
    message: str


@dataclass(frozen=True)
class Lookups:
    """What the preview needs to know about the database, read by a selector."""

    kind: str  # the initiative's kind: its profile says which role names the file may use
    companies: Mapping[str, str] = field(default_factory=dict)  # casefolded name -> name
    topics: Mapping[str, str] = field(default_factory=dict)  # casefolded slug/name -> slug
    topic_names: Sequence[str] = ()
    topic_labels: Mapping[str, str] = field(default_factory=dict)  # slug -> display name
    people: frozenset[str] = frozenset()  # lower-case emails that have an account
    applications: frozenset[tuple[str, str]] = frozenset()  # (email, role) in this cohort
    # (email, role) of this cohort's applications that are not withdrawn: a person takes
    # part in one role
    active_roles: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True)
class ParsedRow:
    """One applicant. ``None`` means "not given": an existing value is left as it is."""

    row: int
    email: str
    first_name: str
    last_name: str
    company: str
    role: str
    birth_year: int
    job_title: str | None = None
    years_experience: int | None = None
    role_family: str | None = None
    industry: str | None = None
    languages: list[str] | None = None
    city: str | None = None
    meeting_format: str | None = None
    topics: list[str] | None = None
    text: str | None = None  # goals (mentee) or strengths (mentor)
    capacity: int | None = None
    availability: list[str] | None = None  # slot codes


@dataclass(frozen=True)
class Counts:
    rows: int = 0
    new_people: int = 0
    updated_people: int = 0
    new_applications: int = 0
    updated_applications: int = 0


@dataclass(frozen=True)
class UnknownValue:
    """A value outside a column's vocabulary, listed once however often the file has it."""

    column: str  # the import's column name (``industry``)
    heading: str  # the heading as written in the file (``Bransje``)
    value: str  # as first written in the file (``Forsikring``)
    key: str  # vocabulary.fold(value): what a mapping is remembered by
    rows: tuple[int, ...]  # the spreadsheet rows it is on
    target: str | None = None  # a code, vocabulary.OTHER, or None while not mapped

    @property
    def count(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class Preview:
    """What a file would import. ``rows`` is empty when there are problems; a value that
    is not mapped yet is left out of its row (``None``) until it is."""

    rows: list[ParsedRow]
    problems: list[Problem]
    new_companies: list[str]
    counts: Counts
    ignored_columns: list[str] = field(default_factory=list)
    file_format: str = ""
    unknown_values: list[UnknownValue] = field(default_factory=list)

    @property
    def unmapped(self) -> list[UnknownValue]:
        return [value for value in self.unknown_values if value.target is None]


class FileProblem(Exception):
    """The file cannot be read at all; carries the one problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def format_size(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def size_problem(size: int) -> Problem | None:
    """Checked before anything is read: too large files are refused unparsed."""
    if size <= MAX_FILE_BYTES:
        return None
    return Problem(
        None,
        "",
        "",
        _("The file is %(size)s; files may be at most %(limit)s.")
        % {"size": format_size(size), "limit": format_size(MAX_FILE_BYTES)},
    )


def failed(problem: Problem) -> Preview:
    """A preview of a file that could not be read past ``problem``."""
    return Preview(rows=[], problems=[problem], new_companies=[], counts=Counts())
