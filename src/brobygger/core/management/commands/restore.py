"""``manage.py restore ARCHIVE [--force]``: a backup into an empty installation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from brobygger.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by manage.py backup into this (empty) installation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="the .tar.gz written by manage.py backup")
        parser.add_argument(
            "--force", action="store_true", help="replace the data already in the database"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            restored = restore_backup(Path(options["archive"]), force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        for warning in restored.warnings:
            self.stderr.write(f"Warning: {warning}")
        self.stdout.write(f"Restored {restored.rows} rows in {restored.tables} tables.")
