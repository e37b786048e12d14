"""A web worker's first request and a management command start without the heavy
libraries: the URLconf imports neither scipy, numpy nor OR-Tools, nor the REST API (Django
Ninja, pydantic) nor icalendar (issue 23). They load when a matching run, an explanation, a
report's confidence interval, an API request or a calendar file needs them.

The WSGI module loads the URLconf itself, without touching the database, so that
``gunicorn --preload`` (docs/deploy.md) imports every view once in the master process."""

import json
import os
import subprocess
import sys

HEAVY = ("scipy", "numpy", "ortools", "jsonschema_rs", "ninja", "pydantic", "icalendar")

PROBE = """
import json, sys
import django
django.setup()
from django.urls import get_resolver, resolve, reverse
get_resolver().url_patterns
# what a first page does: resolve its path, reverse names for its links and menu
resolve("/"), reverse("programs:home"), reverse("account_login"), reverse("admin:index")
loaded = sorted({m.split('.')[0] for m in sys.modules} & set(sys.argv[1:]))
# the API still answers when asked: its module loads on its first request or reverse()
api = resolve("/api/v1/programmes").url_name, reverse("api:programmes")
print(json.dumps([loaded, api, "ninja" in sys.modules]))
"""


WSGI_PROBE = """
import json, sys
from brobygger.config import wsgi
from django.db import connections
from django.urls import get_resolver
print(json.dumps([
    "url_patterns" in vars(get_resolver()),  # loaded, not waiting for the first request
    [c.alias for c in connections.all(initialized_only=True) if c.connection is not None],
    sorted({m.split('.')[0] for m in sys.modules} & set(sys.argv[1:])),
]))
"""


def probe(script: str) -> object:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "brobygger.config.settings"}
    env.setdefault("BROBYGGER_DEBUG", "1")
    out = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", script, *HEAVY],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_urlconf_loads_no_heavy_library():
    assert probe(PROBE) == [
        [],
        ["programmes", "/api/v1/programmes"],
        True,
    ]


def test_the_wsgi_module_loads_the_urlconf_without_a_database_connection():
    assert probe(WSGI_PROBE) == [True, [], []]
