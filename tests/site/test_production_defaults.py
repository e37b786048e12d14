"""A deployment that forgets BROBYGGER_DEBUG runs without debug, and one that forgets
SECRET_KEY does not start at all: debug is on only where it is asked for."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.settings_probe import settings_in_process


def test_debug_is_off_when_nobody_asks_for_it():
    shown = settings_in_process({}, "s.DEBUG, s.ALLOWED_HOSTS, s.SECURE_SSL_REDIRECT")
    assert shown == "False [] True\n"


def test_debug_is_on_when_asked_for():
    assert settings_in_process({"BROBYGGER_DEBUG": "1"}, "s.DEBUG") == "True\n"


def test_production_without_a_secret_key_refuses_to_start_and_says_why():
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BROBYGGER_")}
    environment.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "-c", "import brobygger.config.settings"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: SECRET_KEY is not set. Production needs "
        "SECRET_KEY (docs/deploy.md); for development set BROBYGGER_DEBUG=1 (the Makefile does)."
    )
