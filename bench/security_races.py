"""Race and crash figures, re-runnable (not a test): simultaneous writes and emails after a
kill -9.

    uv run --frozen python bench/security_races.py [--db postgres]

On a throw-away database (as ``bench/security.py``: SQLite in a temporary directory with the
site's own settings, WAL, immediate transactions and busy timeout; or a fresh PostgreSQL
database) with the demo network loaded, the scenarios of the concurrency tests
(``tests/gatherings/test_concurrent_rsvp.py``, ``tests/matching/test_publish.py``,
``tests/core/test_outbox.py``) at the review's sizes:

- **RSVP**: 20 people answer "yes" to a gathering with 10 places at the same moment
  (threads released together by a barrier), through the service;
- **approvals**: both people of each proposal of the demo's programme year in review approve
  at the same moment, each in a browser of her own (HTTP POST to her proposal link);
- **publish**: the coordinator's 5 clicks on "publish" confirm the same preview at once
  (HTTP POSTs);
- **crash**: a child process stores 31 "you are matched" emails in a transaction that
  commits, then is killed (SIGKILL) before it queues them; the outbox job then runs twice.

Printed per scenario: requests, 500 answers (or exceptions), writes lost (answers or
approvals missing, pairs or mailings not exactly once), and for the crash the emails sent
by the job, and sent twice.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from typing import Any

import security  # bench/security.py, next to this script

security.PG_NAME = "brobygger_bench_races"
CRASH_EMAILS = 31


def together(jobs: list[Callable[[], Any]]) -> list[Any]:
    """Run the jobs in threads released at the same moment; their results (or exceptions)."""
    from django.db import connections

    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(i: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[i] = job()
        except Exception as error:  # counted as a 500
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def failed(result: Any) -> bool:
    return isinstance(result, Exception) or getattr(result, "status_code", 200) >= 500


def rsvp() -> tuple[int, int, int, str]:
    import datetime as dt

    from django.utils import timezone, translation

    from brobygger.gatherings.models import Gathering, Invitation
    from brobygger.gatherings.services import respond
    from brobygger.people.models import Person, User
    from brobygger.programs.models import Cohort

    start = timezone.now() + dt.timedelta(days=30)
    kickoff = Gathering.objects.create(
        title="Race",
        place="Oslo",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        capacity=10,
    )
    kickoff.cohorts.set([Cohort.objects.order_by("pk").first()])
    people = [
        Person.objects.create(user=User.objects.create_user(f"rsvp{i}@race.example"))
        for i in range(20)
    ]

    def answer(person: Person) -> Callable[[], Any]:
        def job() -> Any:
            with translation.override("en"):
                return respond(gathering=kickoff, person=person, response="yes", by=person.user)

        return job

    results = together([answer(p) for p in people])
    yes = Invitation.objects.filter(gathering=kickoff, response="yes")
    placed = yes.filter(waitlisted_at__isnull=True).count()
    return (
        len(results),
        sum(map(failed, results)),
        20 - yes.count(),
        f"{placed} places, " + (f"{yes.count() - placed} waitlisted"),
    )


def approvals_and_publish() -> list[tuple[str, int, int, int, str]]:
    from django.test import Client
    from django.urls import reverse

    from brobygger.core.models import Mailing
    from brobygger.matching.models import Proposal, ProposalSide
    from brobygger.matching.selectors.mailings import proposal_mailing, publish_mailing
    from brobygger.matching.services.proposals import send_proposals
    from brobygger.matching.services.runs import start_run
    from brobygger.pairs.models import Pair
    from brobygger.people.models import User
    from brobygger.programs.models import Cohort

    cohort = Cohort.objects.filter(status="review").order_by("pk").first()
    assert cohort is not None, "the demo has a programme year in review"
    start_run(cohort=cohort, by=None)
    cohort.refresh_from_db()
    send_proposals(cohort=cohort, token=proposal_mailing(cohort).token, by=None)
    proposals = list(Proposal.objects.filter(cohort=cohort))

    def approve(side: ProposalSide) -> Callable[[], Any]:
        def job() -> Any:
            return Client().post(
                f"/proposals/{side.code}/{side.token}/", {"answer": "approved"}, secure=True
            )

        return job

    sides = list(ProposalSide.objects.filter(proposal__in=proposals).order_by("proposal", "role"))
    results = together([approve(side) for side in sides])
    accepted = Proposal.objects.filter(cohort=cohort, status="accepted").count()
    rows = [
        (
            f"approvals ({len(proposals)} proposals, both sides at once)",
            len(results),
            sum(map(failed, results)),
            len(proposals) - accepted,
            f"{accepted} accepted",
        )
    ]

    coordinator = cohort.initiative.coordinators.filter(is_superuser=False).first() or (
        User.objects.filter(is_superuser=True).first()
    )
    cohort.refresh_from_db()
    token = publish_mailing(cohort).token
    url = reverse("matching:publish", args=[cohort.code])

    def click() -> Any:
        client = Client()
        client.force_login(coordinator)
        return client.post(url, {"token": token}, secure=True)

    results = together([click for _ in range(5)])
    pairs = Pair.objects.filter(cohort=cohort).count()
    mailings = Mailing.objects.filter(action="matching.publish_pairs").count()
    lost = abs(pairs - accepted) + abs(mailings - 1)
    rows.append(
        (
            "publish (5 clicks at once)",
            len(results),
            sum(map(failed, results)),
            lost,
            f"{pairs} pairs, {mailings} mailing",
        )
    )
    return rows


CHILD = """
import os, signal, sys
sys.path.insert(0, {src!r})
import django
django.setup()
from django.db import transaction
from brobygger.core.services import send_email_on_commit
with transaction.atomic():
    # the first on-commit callback kills the process: after the commit, before the queueing
    transaction.on_commit(lambda: os.kill(os.getpid(), signal.SIGKILL))
    for i in range({n}):
        send_email_on_commit(
            to=[f"p{{i}}@crash.example"], subject=f"Dere er et mentorpar ({{i}})", body="Hei!"
        )
print("not killed")
"""


def crash() -> tuple[int, int, int, str]:
    import datetime as dt

    from django.conf import settings
    from django.core import mail
    from django.utils import timezone

    from brobygger.core.models import SentEmail
    from brobygger.core.outbox import send_unsent_emails

    code = CHILD.format(src=str(security.REPO / "src"), n=CRASH_EMAILS)
    env = dict(os.environ)
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        env["DATABASE_URL"] = f"sqlite:///{settings.DATABASES['default']['NAME']}"
    child = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True)  # noqa: S603 (our own code)
    killed = child.returncode == -signal.SIGKILL
    stored = SentEmail.objects.filter(to__endswith="@crash.example")
    unsent = stored.filter(sent_at__isnull=True).count()
    mail.outbox.clear()
    later = timezone.now() + dt.timedelta(minutes=6)
    first = send_unsent_emails(now=later)
    again = send_unsent_emails(now=later + dt.timedelta(minutes=5))
    sent_to = [m.to[0] for m in mail.outbox]
    twice = len(sent_to) - len(set(sent_to))
    note = (
        f"killed: {'yes' if killed else 'no'}, stored unsent: {unsent}, "
        f"job sent {first} then {again}, sent twice: {twice}"
    )
    return CRASH_EMAILS, 0, CRASH_EMAILS - len(set(sent_to)), note


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as directory:
        security.setup(args.db, directory)
        try:
            import logging

            logging.disable(logging.CRITICAL)
            from brobygger.demo.loader import load_demo

            load_demo()
            rows: list[tuple[Any, ...]] = []
            n, errors, lost, note = rsvp()
            rows.append(("RSVP (20 yes to 10 places at once)", n, errors, lost, note))
            rows += approvals_and_publish()
            n, errors, lost, note = crash()
            rows.append(
                (f"crash (kill -9 after commit, {CRASH_EMAILS} emails)", n, errors, lost, note)
            )
            print(f"Races and crash ({args.db})")
            security.table(rows, ("scenario", "requests", "500s", "writes/emails lost", "outcome"))
            return 1 if any(row[2] or row[3] for row in rows) else 0
        finally:
            print(f"({args.db}, {time.monotonic() - started:.0f} s)")
            if args.db == "postgres":
                security.drop_postgres()


if __name__ == "__main__":
    sys.exit(main())
