"""Print, check or rewrite the personal-field table of docs/privacy.md."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from brobygger.privacy.fields_doc import doc_path, documented_table, fields_table, with_table


class Command(BaseCommand):
    help = "The table of personal fields, generated from the privacy providers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--write", action="store_true", help="rewrite docs/privacy.md")
        parser.add_argument("--check", action="store_true", help="fail if the doc is stale")

    def handle(self, *args: Any, **options: Any) -> None:
        path = doc_path()
        if options["write"]:
            path.write_text(with_table(path.read_text()))
            self.stdout.write(f"Wrote {path}")
        elif options["check"]:
            if documented_table(path.read_text()) != fields_table():
                raise CommandError(f"{path} is stale: run manage.py privacy_fields_doc --write")
            self.stdout.write("docs/privacy.md lists every personal field.")
        else:
            self.stdout.write(fields_table())
