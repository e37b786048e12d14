"""``manage.py backup [--dir DIR]``: the whole site in one dated archive (core/backup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from brobygger.core.backup import BackupError, create_backup, materials_elsewhere


class Command(BaseCommand):
    help = "Back up the database (while the site runs) into one dated .tar.gz archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dir",
            default=str(Path(settings.DATA_DIR) / "backups"),
            help="where to write the archive (default: $BROBYGGER_DATA_DIR/backups)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            archive = create_backup(Path(options["dir"]))
        except BackupError as error:
            raise CommandError(str(error)) from error
        # stdout is the archive's path alone (scripts read it); the note goes to stderr
        if note := materials_elsewhere():
            self.stderr.write(f"Note: {note}")
        self.stdout.write(str(archive))
