"""A web worker's first request and a management command start without the heavy
libraries: the URLconf imports neither scipy, numpy nor OR-Tools, nor the REST API (Django
Ninja, pydantic) nor icalendar (issue 23). They load when a matching run, an explanation, a
report's confidence interval, an API request or a calendar file needs them."""

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


def test_the_urlconf_loads_no_numerical_library():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "brobygger.config.settings"}
    env.setdefault("BROBYGGER_DEBUG", "1")
    out = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", PROBE, *HEAVY],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [
        [],
        ["programmes", "/api/v1/programmes"],
        True,
    ]
