"""Concurrent users against gunicorn as docs/deploy.md runs it (not a test).

    DATABASE_URL=sqlite:////tmp/perf/big.sqlite3 uv run python bench/load.py [--users 50]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/perf_big uv run python bench/load.py

On a database built by ``bench/dataset.py``: starts ``gunicorn brobygger.config.wsgi
--workers 5 --preload --timeout 60`` (docs/deploy.md; production settings: ``DEBUG`` off, persistent
connections, no HTTPS redirect since it listens on 127.0.0.1), signs the personas in by
making their sessions in the database, and runs ``--users`` threads for ``--seconds`` (timed
after ``--warm`` seconds of the same load, so that every worker has started): half
participants (home, pair space, my pairs), a fifth coordinators (overview, health, review
list, matching, report), a tenth company contacts (reports list, a report) and a fifth
anonymous visitors (home, a programme page), each opening its pages in turn.

Between two requests a user thinks for a random time (exponential, mean ``--think`` seconds;
0: no pause, every thread asks as fast as it is answered, which measures the queue rather
than the pages). ``--writes`` of all requests (issue 23: 3 %) are writes: a participant
answers the invitation to an upcoming gathering of hers (a POST of the RSVP form, yes, maybe
or no in turn, with a CSRF token; a redirect or the re-rendered form counts as answered).
Prints requests per second, the median and p95 latency, per page and overall, the errors and
the load average. The random choices are seeded (``--seed``): two runs make the same plan.
"""

from __future__ import annotations

import argparse
import http.client
import math
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CODE = re.compile(r"[0-9a-f]{8}-[0-9a-f-]{27}")
#: the share of the simulated users who are participants (the only ones who write)
PARTICIPANT_SHARE = 0.5


@dataclass
class Plan:
    """One simulated user: who, the session, the pages in turn, and the RSVP it may send."""

    kind: str
    session: str | None
    urls: list[str]
    rsvp: str | None = None  # the URL of an upcoming gathering's RSVP form


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def production_env() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("BROBYGGER_DEBUG", "BROBYGGER_TESTING"):
        env.pop(name, None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "brobygger.config.settings",
            "SECRET_KEY": "bench-load-not-secret-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "BROBYGGER_SSL_REDIRECT": "0",
            # the bench's coordinator has no second factor (production requires one)
            "BROBYGGER_COORDINATOR_MFA": "optional",
            "BROBYGGER_DATA_DIR": env.get("BROBYGGER_DATA_DIR", str(REPO / "data")),
            "PYTHONPATH": str(REPO / "src"),
        }
    )
    return env


def personas(users: int) -> tuple[str, str, list[Plan]]:
    """The session and CSRF cookies' names, and the plan of each simulated user."""
    for name in ("BROBYGGER_DEBUG", "BROBYGGER_TESTING"):
        os.environ.pop(name, None)  # the sessions are made with the server's own settings
    os.environ.update(production_env())
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse
    from django.utils import timezone

    from brobygger.gatherings.models import Invitation
    from brobygger.pairs.models import Pair
    from brobygger.people.models import User
    from brobygger.programs.models import Cohort

    sys.path.insert(0, str(REPO / "bench"))
    import dataset

    def session(user: User) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return str(store.session_key)

    participant_pair = Pair.objects.get(mentee__user__email=dataset.PARTICIPANT)
    biggest = participant_pair.cohort
    review = Cohort.objects.filter(status="review").order_by("-pk").first()
    public = Cohort.objects.filter(status="open").first() or biggest
    assert review is not None
    pairs = list(Pair.objects.filter(cohort=biggest).select_related("mentee__user")[:users])
    coordinator = User.objects.get(email=dataset.COORDINATOR)
    contact = User.objects.get(email=dataset.CONTACT)
    coordinator_urls = [
        reverse("coordination:overview"),
        reverse("pairs:health", args=[biggest.code]),
        reverse("applications:review-list", args=[review.code]),
        reverse("matching:cohort", args=[biggest.code]),
        reverse("surveys:report", args=[biggest.code]),
    ]
    contact_urls = [
        reverse("surveys:company-reports"),
        reverse("surveys:company-report", args=[biggest.code]),
    ]
    anonymous_urls = [
        reverse("programs:home"),
        reverse("programs:cohort-detail", args=[public.code]),
    ]
    # each participant's upcoming gathering (the one she may answer), if any
    upcoming = dict(
        Invitation.objects.filter(
            person__in=[pair.mentee_id for pair in pairs],
            gathering__starts_at__gt=timezone.now(),
            gathering__cancelled_at__isnull=True,
        )
        .order_by("-gathering__starts_at")
        .values_list("person_id", "gathering__code")
    )
    result: list[Plan] = []
    for k in range(users):
        share = k % 10
        if share < PARTICIPANT_SHARE * 10:
            pair = pairs[k % len(pairs)]
            urls = [
                reverse("programs:home"),
                reverse("pairs:pair-detail", args=[pair.code]),
                reverse("pairs:mine"),
            ]
            gathering = upcoming.get(pair.mentee_id)
            rsvp = reverse("gatherings:rsvp", args=[gathering]) if gathering else None
            result.append(Plan("participant", session(pair.mentee.user), urls, rsvp))
        elif share < 7:
            result.append(Plan("coordinator", session(coordinator), coordinator_urls))
        elif share < 8:
            result.append(Plan("contact", session(contact), contact_urls))
        else:
            result.append(Plan("anonymous", None, anonymous_urls))
    from django.conf import settings

    return settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, result


def server_cpu(pid: int, database: str) -> tuple[float, float]:
    """CPU seconds (user + system) used so far by gunicorn's master and workers, and by the
    PostgreSQL server processes of ``database`` (Linux: /proc; those that ended in between
    are missed: persistent connections keep them). On a shared machine the latencies
    measure the machine; this measures the site."""
    web = sql = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue  # gone meanwhile
        # after the name: state, ppid, …; utime and stime are the 14th and 15th fields
        used = (int(fields[11]) + int(fields[12])) / tick
        if entry.name == str(pid) or fields[1] == str(pid):
            web += used
        elif database and command.startswith(b"postgres: ") and f" {database} ".encode() in command:
            sql += used
    return web, sql


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(math.ceil(0.95 * len(ordered)) - 1, 0)] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers (docs: 5)")
    parser.add_argument(
        "--warm", type=float, default=15, help="seconds of load before timing starts"
    )
    parser.add_argument(
        "--think", type=float, default=2.0, help="mean seconds a user thinks between requests"
    )
    parser.add_argument(
        "--writes", type=float, default=0.03, help="the share of requests that write (RSVPs)"
    )
    parser.add_argument("--seed", type=int, default=23)
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        sys.exit("Set DATABASE_URL to a database built by bench/dataset.py.")
    cookie, csrf_cookie, plan = personas(args.users)
    writers = sum(1 for each in plan if each.rsvp)
    # the participants who can write carry the whole share of writes
    write_chance = min(1.0, args.writes * len(plan) / writers) if writers else 0.0
    csrf = secrets.token_hex(16)  # any 32-character secret: the cookie and the form agree
    # as docs/deploy.md: the hashed static files the production settings serve
    subprocess.run(  # our own interpreter and arguments
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        env=production_env(),
        cwd=REPO,
        check=True,
    )
    port = free_port()
    server = subprocess.Popen(  # noqa: S603  # our own interpreter and arguments
        [
            sys.executable, "-m", "gunicorn", "brobygger.config.wsgi",
            "--workers", str(args.workers), "--preload", "--timeout", "60",
            "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
        ],
        env=production_env(),
        cwd=REPO,
    )  # fmt: skip
    try:
        started = time.perf_counter()
        while True:  # every worker up: its first request answered
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.request("GET", "/", headers={"Host": "127.0.0.1"})
                conn.getresponse().read()
                break
            except OSError:
                if time.perf_counter() - started > 120 or server.poll() is not None:
                    sys.exit("gunicorn did not start")
                time.sleep(0.5)
        print(f"gunicorn up in {time.perf_counter() - started:.1f} s (first answer)")
        times: dict[str, list[float]] = defaultdict(list)
        errors: dict[str, int] = defaultdict(int)
        lock = threading.Lock()
        record_from = time.perf_counter() + args.warm  # every worker warmed up by then
        stop = record_from + args.seconds

        def user(number: int, spec: Plan) -> None:
            chance = random.Random(args.seed * 1000 + number)  # a plan, not a secret
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            headers = {"Host": "127.0.0.1"}
            if spec.session:
                headers["Cookie"] = f"{cookie}={spec.session}; {csrf_cookie}={csrf}"
            k = answers = 0
            while time.perf_counter() < stop:
                if args.think:
                    time.sleep(chance.expovariate(1 / args.think))
                write = spec.rsvp is not None and chance.random() < write_chance
                url = spec.rsvp if write and spec.rsvp else spec.urls[k % len(spec.urls)]
                if write:
                    answer = ("yes", "maybe", "no")[answers % 3]
                    answers += 1
                    body: str | None = f"csrfmiddlewaretoken={csrf}&response={answer}"
                    method = "POST"
                    sent = headers | {"Content-Type": "application/x-www-form-urlencoded"}
                else:
                    k += 1
                    body, method, sent = None, "GET", headers
                label = f"{spec.kind} {method} {CODE.sub('…', url)}"
                t = time.perf_counter()
                try:
                    conn.request(method, url, body=body, headers=sent)
                    response = conn.getresponse()
                    response.read()
                    ok = response.status == 200 or (write and response.status == 302)
                except (OSError, http.client.HTTPException):
                    ok = False
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                elapsed = (time.perf_counter() - t) * 1000
                if t < record_from:
                    continue
                with lock:
                    times[label].append(elapsed)
                    if not ok:
                        errors[label] += 1

        threads = [threading.Thread(target=user, args=(n, spec)) for n, spec in enumerate(plan)]
        for thread in threads:
            thread.start()
        time.sleep(args.warm)
        load_before = os.getloadavg()
        database = ""
        if os.environ["DATABASE_URL"].startswith(("postgres", "pgsql")):
            database = os.environ["DATABASE_URL"].rsplit("/", 1)[1].split("?")[0]
        cpu_before = server_cpu(server.pid, database)
        for thread in threads:
            thread.join()
        load_after = os.getloadavg()
        cpu_after = server_cpu(server.pid, database)
        web_cpu, sql_cpu = (cpu_after[0] - cpu_before[0]), (cpu_after[1] - cpu_before[1])
        every = [t for values in times.values() for t in values]
        print(
            f"{args.users} users, {args.seconds:.0f} s after {args.warm:.0f} s of warm-up, "
            f"{args.workers} workers "
            f"({os.cpu_count()} CPUs); think time {args.think:g} s (mean), writes "
            f"{args.writes:.0%} ({writers} participants answer a gathering); load average "
            f"{load_before[0]:.2f} before, {load_after[0]:.2f} after\n"
        )
        print(f"| {'page':<45} | requests | median ms | p95 ms | errors |")
        print(f"|{'-' * 47}|----------|-----------|--------|--------|")
        for label in sorted(times):
            values = times[label]
            print(
                f"| {label:<45} | {len(values):8d} | {statistics.median(values):9.0f} | "
                f"{p95(values):6.0f} | {errors[label]:6d} |"
            )
        written = sum(len(v) for label, v in times.items() if " POST " in label)
        print(f"\nwrites: {written} of {len(every)} requests ({written / max(len(every), 1):.1%})")
        print(
            f"all: {len(every)} requests, {len(every) / args.seconds:.1f}/s, median "
            f"{statistics.median(every):.0f} ms, p95 {p95(every):.0f} ms, "
            f"{sum(errors.values())} errors"
        )
        per_request = (web_cpu + sql_cpu) / max(len(every), 1)
        print(
            f"server CPU: {web_cpu:.1f} s gunicorn + {sql_cpu:.1f} s PostgreSQL for "
            f"{len(every)} requests = {per_request * 1000:.0f} ms a request; "
            f"{os.cpu_count()} idle CPUs would serve about "
            f"{(os.cpu_count() or 1) / max(per_request, 1e-6):.0f} requests/s"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
