"""A web worker's first request and a management command start without the numerical
libraries: the URLconf imports neither scipy, numpy nor OR-Tools (issue 23). They load when a
matching run, an explanation or a report's confidence interval needs them."""

import json
import os
import subprocess
import sys

HEAVY = ("scipy", "numpy", "ortools", "jsonschema_rs")

PROBE = """
import json, sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns
print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & set(sys.argv[1:]))))
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
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
