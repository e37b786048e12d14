"""``manage.py import_applicants <cohort> <file> [--commit] [--create-companies]
[--map COLUMN:VALUE=KNOWN ...] [--unknown-to-other]``

The coordinator's import for admins and scripts: prints the same preview and problems,
writes only with ``--commit``. A value outside a column's list is mapped as the cohort's
earlier imports mapped it, or by ``--map``, or to "other" with ``--unknown-to-other``;
``--commit`` remembers the mappings for the next import. Exit code 0 when the file is
clean (or was written), 2 when it has problems, unmapped values, or names new companies
that ``--create-companies`` did not allow; 1 for a bad argument.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from brobygger.applications.io.importing import (
    OTHER,
    VOCABULARY_COLUMNS,
    Preview,
    Problem,
    UnknownValue,
    Vocabulary,
    build_preview,
    column_named,
    fold,
    size_problem,
    vocabularies,
)
from brobygger.applications.selectors.imports import (
    cohort_by_reference,
    import_lookups,
    remembered_mappings,
)
from brobygger.applications.services.imports import import_applicants

PROBLEMS_EXIT_CODE = 2


class Command(BaseCommand):
    help = "Import applicants into a cohort from a CSV or XLSX file (a dry run without --commit)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("cohort", help="The cohort's code, or initiative-slug/title.")
        parser.add_argument("file", type=Path, help="A .csv or .xlsx file.")
        parser.add_argument("--commit", action="store_true", help="Write the import.")
        parser.add_argument(
            "--create-companies",
            action="store_true",
            help="Create the companies the file names that do not exist yet.",
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="COLUMN:VALUE=KNOWN",
            help=(
                "Import a value outside a column's list as a known value (a code or label) "
                "or as 'other', e.g. industry:forsikring=finance. Repeatable."
            ),
        )
        parser.add_argument(
            "--unknown-to-other",
            action="store_true",
            help="Import every value outside a column's list that is not mapped as 'other'.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        cohort = cohort_by_reference(options["cohort"])
        if cohort is None:
            raise CommandError(_("No cohort “%(cohort)s”.") % {"cohort": options["cohort"]})
        lookups = import_lookups(cohort)
        self.vocabularies = vocabularies(lookups)
        mappings = dict(remembered_mappings(cohort))
        mappings |= dict(parse_map(argument, self.vocabularies) for argument in options["map"])
        path: Path = options["file"]
        try:
            too_large = size_problem(path.stat().st_size)
            data = b"" if too_large else path.read_bytes()
        except OSError as error:
            raise CommandError(str(error)) from error
        preview = build_preview(
            data,
            lookups=lookups,
            mappings=mappings,
            unknown_to=OTHER if options["unknown_to_other"] else None,
        )
        if too_large:
            preview = Preview([], [too_large], [], preview.counts)
        self._print(preview)
        if preview.problems:
            raise CommandError(
                _("The file has problems; nothing was imported."), returncode=PROBLEMS_EXIT_CODE
            )
        if preview.unmapped:
            raise CommandError(
                _(
                    "Some values are outside our lists; nothing was imported. Map them with "
                    "--map COLUMN:VALUE=KNOWN or add --unknown-to-other."
                ),
                returncode=PROBLEMS_EXIT_CODE,
            )
        if not options["commit"]:
            self.stdout.write(_("Dry run: nothing was written. Add --commit to import."))
            return
        companies = preview.new_companies if options["create_companies"] else []
        try:
            counts = import_applicants(
                cohort=cohort, preview=preview, confirm_companies=companies, by=None
            )
        except ValidationError as error:
            hint = _("Add --create-companies to create them.")
            raise CommandError(
                " ".join([*error.messages, hint]), returncode=PROBLEMS_EXIT_CODE
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("Imported %(rows)s rows into %(cohort)s.")
                % {"rows": counts.rows, "cohort": cohort}
            )
        )

    def _print(self, preview: Preview) -> None:
        for problem in preview.problems:
            self.stdout.write(format_problem(problem))
        for unknown in preview.unknown_values:
            self.stdout.write(format_unknown(unknown, self.vocabularies[unknown.column]))
        if preview.problems:
            return
        counts = preview.counts
        self.stdout.write(
            _(
                "%(rows)s rows. People: %(new_people)s new, %(updated_people)s updated. "
                "Applications: %(new_applications)s new, %(updated_applications)s updated."
            )
            % {
                "rows": counts.rows,
                "new_people": counts.new_people,
                "updated_people": counts.updated_people,
                "new_applications": counts.new_applications,
                "updated_applications": counts.updated_applications,
            }
        )
        if preview.new_companies:
            self.stdout.write(
                _("New companies: %(companies)s.") % {"companies": ", ".join(preview.new_companies)}
            )
        if preview.ignored_columns:
            self.stdout.write(
                _("Columns not used: %(columns)s.")
                % {"columns": ", ".join(preview.ignored_columns)}
            )


def parse_map(argument: str, lists: dict[str, Vocabulary]) -> tuple[tuple[str, str], str]:
    """``industry:forsikring=finance`` → ``(("industry", "forsikring"), "finance")``.

    The column may be named as in a file's heading (``bransje``), the target by its code,
    its label or ``other``. Anything else is a ``CommandError`` that says what is wrong.
    """
    heading, colon, rest = argument.partition(":")
    value, equals, known = rest.rpartition("=")
    if not (colon and equals and heading.strip() and value.strip() and known.strip()):
        raise CommandError(
            _(
                "--map “%(argument)s”: write it as COLUMN:VALUE=KNOWN, for example "
                "industry:forsikring=finance."
            )
            % {"argument": argument}
        )
    column = column_named(heading)
    if column not in lists:
        raise CommandError(
            _(
                "--map “%(argument)s”: “%(column)s” is not a column with a list of values. "
                "Columns that can be mapped: %(columns)s."
            )
            % {"argument": argument, "column": heading, "columns": ", ".join(VOCABULARY_COLUMNS)}
        )
    vocabulary = lists[column]
    target = vocabulary.target_for(known)
    if target is None:
        raise CommandError(
            _(
                "--map “%(argument)s”: “%(known)s” is not a value of %(column)s. Expected "
                "one of: %(expected)s, or other."
            )
            % {
                "argument": argument,
                "known": known,
                "column": column,
                "expected": ", ".join(code for code in vocabulary.labels if code != OTHER),
            }
        )
    return (column, fold(value)), target


def format_unknown(unknown: UnknownValue, vocabulary: Vocabulary) -> str:
    """``Column “Bransje”, value “havbruk”, 4 rows: imported as Other.``"""
    where = _("Column “%(column)s”, value “%(value)s”") % {
        "column": unknown.heading,
        "value": unknown.value,
    }
    rows = ngettext("%(count)s row", "%(count)s rows", unknown.count) % {"count": unknown.count}
    if unknown.target is None:
        what = _(
            "not in the list. Map it with --map %(column)s:%(value)s=KNOWN or add "
            "--unknown-to-other."
        ) % {"column": unknown.column, "value": unknown.value}
    else:
        label = (
            vocabulary.other_label
            if unknown.target == OTHER
            else vocabulary.labels.get(unknown.target, unknown.target)
        )
        what = _("imported as %(target)s.") % {"target": label}
    return f"{where}, {rows}: {what}"


def format_problem(problem: Problem) -> str:
    """``Row 3, column “e-post”, value “x”: message`` (the file as a whole has no row)."""
    if problem.row is None:
        where = _("File")
    elif problem.column:
        where = _("Row %(row)s, column “%(column)s”") % {
            "row": problem.row,
            "column": problem.column,
        }
    else:
        where = _("Row %(row)s") % {"row": problem.row}
    if problem.value:
        where += ", " + _("value “%(value)s”") % {"value": problem.value}
    return f"{where}: {problem.message}"
