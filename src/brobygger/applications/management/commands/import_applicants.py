"""``manage.py import_applicants <cohort> <file> [--commit] [--create-companies]``

The coordinator's import for admins and scripts: prints the same preview and problems,
writes only with ``--commit``. Exit code 0 when the file is clean (or was written),
2 when it has problems or names new companies that ``--create-companies`` did not allow.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from brobygger.applications.importing import Preview, Problem, build_preview, size_problem
from brobygger.applications.selectors.imports import cohort_by_reference, import_lookups
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

    def handle(self, *args: Any, **options: Any) -> None:
        cohort = cohort_by_reference(options["cohort"])
        if cohort is None:
            raise CommandError(_("No cohort “%(cohort)s”.") % {"cohort": options["cohort"]})
        path: Path = options["file"]
        try:
            too_large = size_problem(path.stat().st_size)
            data = b"" if too_large else path.read_bytes()
        except OSError as error:
            raise CommandError(str(error)) from error
        preview = build_preview(data, lookups=import_lookups(cohort))
        if too_large:
            preview = Preview([], [too_large], [], preview.counts)
        self._print(preview)
        if not preview.is_clean:
            raise CommandError(
                _("The file has problems; nothing was imported."), returncode=PROBLEMS_EXIT_CODE
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
        if not preview.is_clean:
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
