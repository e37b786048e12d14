"""How long a fresh process takes to start (not a test; issue 23: under 1 s each).

    DATABASE_URL=sqlite:////tmp/perf/big.sqlite3 uv run python bench/startup.py

Each figure is a new interpreter, timed from its start, with the production settings
``bench/load.py`` uses (``--debug``: development settings): the WSGI application's first
answer to an anonymous ``GET /`` and to a signed-in participant's home (a gunicorn worker's
first request, the URLconf and templates loaded on the way), a scheduled job's command
(``send_unsent_emails``) and ``manage.py check``. Prints the median of ``--runs`` each, as
wall-clock and CPU time (user + system: less swayed by a busy machine), and the heavy
libraries the first request imported (none should be: they load where used).

Python compiles every module it has no bytecode for at each start (seconds, here): install
as docs/deploy.md does (``uv sync --compile-bytecode``, ``compileall src``) before timing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HEAVY = ("scipy", "numpy", "ortools", "ninja", "pydantic", "openpyxl", "icalendar", "fido2")


def child(signed_in: bool) -> None:
    """In the child: answer one request through the WSGI handler and print what it took."""
    import io

    from brobygger.config.wsgi import application

    cookie = os.environ.get("BENCH_COOKIE", "")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if signed_in:
        environ["HTTP_COOKIE"] = cookie
    statuses: list[str] = []
    body = b"".join(application(environ, lambda status, headers: statuses.append(status)))
    heavy = sorted(name for name in HEAVY if name in sys.modules)
    print(json.dumps({"status": statuses[0], "bytes": len(body), "heavy": heavy}))


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall-clock and CPU seconds (user + system: less swayed by a busy machine) of a run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603  # our own interpreter and arguments
        args, env=env, cwd=REPO, capture_output=True, text=True, check=True
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--debug", action="store_true", help="development settings")
    parser.add_argument("--child", choices=["anonymous", "signed-in"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child == "signed-in")
        return
    if "DATABASE_URL" not in os.environ:
        sys.exit("Set DATABASE_URL to a database built by bench/dataset.py.")
    sys.path.insert(0, str(REPO / "bench"))
    from load import production_env

    env = production_env()
    if args.debug:
        env["BROBYGGER_DEBUG"] = "1"
    os.environ.update(env)
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from brobygger.people.models import User

    user = User.objects.filter(is_superuser=False, is_active=True).order_by("pk").first()
    assert user is not None
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    env["BENCH_COOKIE"] = f"{settings.SESSION_COOKIE_NAME}={store.session_key}"
    python = sys.executable
    subprocess.run(  # noqa: S603  # the hashed static files the production settings serve
        [python, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        env=env,
        cwd=REPO,
        check=True,
    )
    cases = {
        "first request, anonymous GET /": [python, __file__, "--child", "anonymous"],
        "first request, signed in GET /": [python, __file__, "--child", "signed-in"],
        "manage.py send_unsent_emails": [python, "manage.py", "send_unsent_emails"],
        "manage.py check": [python, "manage.py", "check"],
    }
    print(f"settings: {'debug' if args.debug else 'production'}; load {os.getloadavg()}")
    for label, command in cases.items():
        runs = [timed(command, env) for _ in range(args.runs)]
        wall = statistics.median(t for t, _, _ in runs)
        cpu = statistics.median(c for _, c, _ in runs)
        out = runs[-1][2].strip()
        detail = out.splitlines()[-1] if out else ""
        print(f"{label:<34} {wall:5.2f} s wall, {cpu:5.2f} s CPU  {detail}")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
