"""Django for a benchmark: the project's settings on a fresh SQLite database in
``directory``, migrated, with the test environment (locmem email) set up."""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def setup_django(directory: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "brobygger.config.settings"
    os.environ["BROBYGGER_DATA_DIR"] = directory
    os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    os.environ["BROBYGGER_TESTING"] = "1"
    os.environ.setdefault("BROBYGGER_DEBUG", "1")  # development settings, like the suite
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
