"""Reading the settings as a fresh process with a given environment would: the settings
module reads the environment once, at import, so each case needs its own interpreter."""

from __future__ import annotations

import os
import subprocess
import sys


def settings_in_process(env: dict[str, str], expression: str) -> str:
    """What ``print(<expression>)`` shows, ``s`` being the settings module imported with
    ``env`` on top of a production-like environment (no BROBYGGER_* from this process)."""
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("BROBYGGER_")},
        "SECRET_KEY": "test-" + "x" * 50,
        "DATABASE_URL": "sqlite:///:memory:",
        "DJANGO_SETTINGS_MODULE": "brobygger.config.settings",
        **env,
    }
    result = subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-c", f"from brobygger.config import settings as s; print({expression})"],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout
