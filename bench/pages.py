"""Benchmark of page latency for every demo persona (not a test).

    uv run python bench/pages.py [--repeat 20] [--scale 5]

Builds a throw-away SQLite database in a temporary directory (migrated from scratch) and
loads the demo network (``brobygger.demo.loader.load_demo``: 12 companies, 40 people, four
cohorts, one of them in review with accepted hosts and talents). Signed in with Django's test
client (``force_login``) as each demo persona, it asks for the pages that persona uses: the
admin's and the coordinator's home and coordination list; for every cohort the coordinator
coordinates, the applications list, one application, the form builder, the health view,
gatherings, messages, matching, surveys and report; the company contact's reports and
nominations; the mentor's and the mentee's home, pairs, pair page, applications, gatherings,
profile and privacy overview. Every page must answer 200 with HTML, or the run fails (exit 1)
naming the URL.

Per page: the median and p95 wall time over N requests (after two warm-ups), the number of
SQL queries of one request and the size of the HTML. The matching run of the cohort in review
(a POST to the run URL, solved inside the request below 400 people) is timed on its own.

With ``--scale K`` the query counts are first taken on the demo as loaded, then every list
the coordinator's pages show is multiplied by K: each application (with its answers and
consents) and each pair (with its agreement, goals, ratings and meetings) gets K-1 copies
held by copies of its people, each pair's meetings are multiplied by K first, and each
gathering gets K-1 copies. The timings are taken at scale K and the query counts of both
sizes are printed side by side: a count that grows with K is an N+1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any, NoReturn

from _django import setup_django  # bench/_django.py, next to this script

WARM_UPS = 2
#: demo persona key -> the label printed in the table
PERSONAS = {
    "admin": "admin",
    "coordinator": "coordinator",
    "contact": "contact",
    "mentor": "mentor",
    "mentee": "mentee",
}


@dataclass(frozen=True)
class Page:
    persona: str
    label: str
    url: str


@dataclass
class Result:
    page: Page
    times_ms: list[float] = field(default_factory=list)
    queries: int = 0
    size: int = 0
    counts: set[int] = field(default_factory=set)  # query counts seen over the repeats

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times_ms)  # nearest rank
        return ordered[max(math.ceil(0.95 * len(ordered)) - 1, 0)]


def _fail(url: str, reason: str) -> NoReturn:
    print(f"FAILED: {url}: {reason}", file=sys.stderr)
    sys.exit(1)


def _cohort_key(cohort: Any) -> str:
    """The demo loader's name of a cohort (reverse, reverse-last, classic, shadowing)."""
    slug = str(cohort.initiative.slug)
    if slug == "reverse-mentoring":
        return "reverse-last" if cohort.status == "closed" else "reverse"
    return {"mentorprogram": "classic", "executive-shadowing": "shadowing"}.get(slug, slug)


def _pages(users: dict[str, Any]) -> tuple[list[Page], Any]:
    """Every page to measure, from the demo as loaded; and the cohort to run matching on."""
    from django.urls import reverse

    from brobygger.applications.models import Application
    from brobygger.pairs.models import Pair
    from brobygger.programs.selectors import cohorts_coordinated_by
    from brobygger.surveys.selectors import companies_cohorts

    pages: list[Page] = []

    def add(persona: str, label: str, name: str, *args: Any) -> None:
        pages.append(Page(persona, label, reverse(name, args=args)))

    for persona in ("admin", "coordinator"):
        add(persona, "home", "programs:home")
        add(persona, "coordination list", "coordination:overview")
    cohorts = sorted(
        cohorts_coordinated_by(users["coordinator"]).select_related("initiative"),
        key=lambda c: ("reverse", "reverse-last", "classic", "shadowing").index(_cohort_key(c)),
    )
    review = None
    for cohort in cohorts:
        key = _cohort_key(cohort)
        if cohort.status == "review":
            review = cohort
        code = cohort.code
        add("coordinator", f"applications [{key}]", "applications:review-list", code)
        first = (
            Application.objects.filter(cohort=cohort).exclude(status="draft").order_by("pk").first()
        )
        if first is not None:
            add("coordinator", f"application [{key}]", "applications:review-detail", first.code)
        add("coordinator", f"form builder [{key}]", "applications:form-overview", code)
        add("coordinator", f"health [{key}]", "pairs:health", code)
        add("coordinator", f"gatherings [{key}]", "gatherings:coordinate-list", code)
        add("coordinator", f"messages [{key}]", "pairs:messages", code)
        add("coordinator", f"matching [{key}]", "matching:cohort", code)
        add("coordinator", f"surveys [{key}]", "surveys:survey-list", code)
        add("coordinator", f"report [{key}]", "surveys:report", code)
    add("contact", "home", "programs:home")
    add("contact", "company reports", "surveys:company-reports")
    found = companies_cohorts(users["contact"])
    for cohort in found[1] if found else []:
        add("contact", f"report [{_cohort_key(cohort)}]", "surveys:company-report", cohort.code)
    add("contact", "nominations", "company:nominations")
    for persona in ("mentor", "mentee"):
        user = users[persona]
        add(persona, "home", "programs:home")
        add(persona, "my pairs", "pairs:mine")
        for pair in Pair.objects.filter(mentor__user=user) | Pair.objects.filter(mentee__user=user):
            label = f"pair page [{_cohort_key(pair.cohort)}]"
            add(persona, label, "pairs:pair-detail", pair.code)
        add(persona, "my applications", "applications:mine")
        add(persona, "my gatherings", "gatherings:mine")
        add(persona, "profile", "people:profile-edit")
        add(persona, "privacy overview", "privacy:overview")
    return pages, review


def _request(client: Any, page: Page) -> tuple[float, int, Any]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()  # the query log keeps 9,000 entries: past that a capture would count 0
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        try:
            response = client.get(page.url)
        except Exception as error:  # any crash of a page fails the benchmark
            _fail(page.url, f"{type(error).__name__}: {error}")
        elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        _fail(page.url, f"status {response.status_code} for {page.persona}")
    if not response.get("Content-Type", "").startswith("text/html"):
        _fail(page.url, f"content type {response.get('Content-Type')!r}")
    return elapsed, len(captured), response


def _measure(clients: dict[str, Any], page: Page, repeat: int) -> Result:
    client = clients[page.persona]
    for _ in range(WARM_UPS):  # templates compiled, caches filled, session settled
        _request(client, page)
    result = Result(page)
    for _ in range(repeat):
        elapsed, queries, response = _request(client, page)
        result.times_ms.append(elapsed)
        result.counts.add(queries)
    result.queries, result.size = queries, len(response.content)
    return result


def _run_matching(client: Any, cohort: Any, repeat: int) -> Result:
    """POST the matching run of ``cohort`` ``repeat`` times (after warm-ups)."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from brobygger.matching.models import MatchRun

    url = reverse("matching:run-create", args=[cohort.code])
    page = Page("coordinator", "matching run (POST)", url)
    result = Result(page)
    for k in range(WARM_UPS + repeat):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.post(url)
            elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 302:
            _fail(url, f"status {response.status_code}")
        run = MatchRun.objects.filter(cohort=cohort).latest("created_at", "pk")
        if run.status != "done":
            _fail(url, f"run {run.status} ({run.people} people): {run.error}")
        if k >= WARM_UPS:
            result.times_ms.append(elapsed)
            result.queries, result.size = len(captured), run.people  # size: people matched
    return result


def _measure_all(
    clients: dict[str, Any], pages: list[Page], review: Any, repeat: int
) -> tuple[list[Result], Result | None]:
    """One run first (so the matching page shows a result), the pages, then the timed runs."""
    from brobygger.matching.models import MatchRun

    if review is not None:
        MatchRun.objects.filter(cohort=review).delete()
        _run_matching(clients["runner"], review, 1)
        MatchRun.objects.filter(cohort=review).exclude(
            pk=MatchRun.objects.filter(cohort=review).latest("created_at", "pk").pk
        ).delete()
    results = [_measure(clients, page, repeat) for page in pages]
    run = _run_matching(clients["runner"], review, repeat) if review is not None else None
    return results, run


def _clone(obj: Any, **changes: Any) -> Any:
    """A new row with ``obj``'s values (a fresh id, code and timestamps) and ``changes``."""
    model = type(obj)
    values: dict[str, Any] = {}
    for f in model._meta.concrete_fields:
        if f.primary_key or f.name == "code" or getattr(f, "auto_now", False):
            continue
        if getattr(f, "auto_now_add", False):
            continue
        values[f.attname] = getattr(obj, f.attname)
    for name in changes:
        values.pop(model._meta.get_field(name).attname, None)
    values.update(changes)
    return model.objects.create(**values)


def _scale(k: int) -> dict[str, int]:
    """Multiply the applications, pairs, meetings and gatherings of the demo by ``k``."""
    from django.db import transaction

    from brobygger.applications.models import Application
    from brobygger.gatherings.models import Gathering
    from brobygger.pairs.models import Meeting, Pair
    from brobygger.people.models import Person, User

    copies: dict[tuple[int, int], Any] = {}

    def person_copy(person: Any, n: int) -> Any:
        if (person.pk, n) not in copies:
            user = person.user
            local, domain = user.email.split("@")
            new_user = User.objects.create(
                email=f"{local}+{n}@{domain}",
                first_name=user.first_name,
                last_name=f"{user.last_name} {n}",
            )
            new = _clone(person, user=new_user)
            for consent in person.consents.all():
                _clone(consent, person=new)
            copies[(person.pk, n)] = new
        return copies[(person.pk, n)]

    with transaction.atomic():
        gatherings = list(Gathering.objects.prefetch_related("cohorts"))
        for gathering in gatherings:
            for n in range(1, k):
                _clone(gathering, title=f"{gathering.title} ({n})").cohorts.set(
                    gathering.cohorts.all()
                )
        applications = list(
            Application.objects.select_related("person__user").prefetch_related("answers")
        )
        for application in applications:
            for n in range(1, k):
                new = _clone(application, person=person_copy(application.person, n))
                for answer in application.answers.all():
                    _clone(answer, application=new)
        for meeting in list(Meeting.objects.all()):
            for n in range(1, k):
                shift = dt.timedelta(days=n)
                _clone(
                    meeting, starts_at=meeting.starts_at - shift, ends_at=meeting.ends_at - shift
                )
        pairs = list(
            Pair.objects.select_related("mentor__user", "mentee__user").prefetch_related(
                "meetings", "agreements", "goals__ratings"
            )
        )
        for pair in pairs:
            for n in range(1, k):
                new = _clone(
                    pair, mentor=person_copy(pair.mentor, n), mentee=person_copy(pair.mentee, n)
                )
                for meeting in pair.meetings.all():
                    _clone(meeting, pair=new)
                for agreement in pair.agreements.all():
                    _clone(agreement, pair=new)
                for goal in pair.goals.all():
                    new_goal = _clone(goal, pair=new)
                    for rating in goal.ratings.all():
                        _clone(rating, goal=new_goal)
    return {
        "applications": Application.objects.count(),
        "pairs": Pair.objects.count(),
        "meetings": Meeting.objects.count(),
        "gatherings": Gathering.objects.count(),
        "people": Person.objects.count(),
    }


def _print_table(results: list[Result], before: dict[Page, int] | None, scale: int) -> None:
    width = max(len(r.page.label) for r in results)
    head = f"{'persona':<12} {'page':<{width}} {'median ms':>9} {'p95 ms':>8}"
    if before is None:
        head += f" {'queries':>7}"
    else:
        head += f" {'q@1':>5} {f'q@{scale}':>5}"
    print(head + f" {'KiB':>7}")
    print("-" * len(head + " " * 8))
    for r in results:
        line = f"{r.page.persona:<12} {r.page.label:<{width}} {r.median:9.1f} {r.p95:8.1f}"
        if before is None:
            line += f" {r.queries:7d}"
        else:
            small = before[r.page]
            line += f" {small:5d} {r.queries:5d}"
        line += f" {r.size / 1024:7.1f}"
        if before is not None and before[r.page] != r.queries:
            line += "  <- differs"
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page")
    parser.add_argument("--scale", type=int, default=1, help="multiply the demo's lists by K")
    args = parser.parse_args()
    if args.repeat < 1 or args.scale < 1:
        parser.error("--repeat and --scale must be at least 1")
    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        setup_django(directory)
        from django.test import Client
        from django.utils import timezone

        from brobygger.demo import data
        from brobygger.demo.loader import load_demo
        from brobygger.people.models import User

        counts = load_demo(today=timezone.localdate())
        users = {key: User.objects.get(email=data.email_for(key)) for key in PERSONAS}
        clients: dict[str, Any] = {}
        for key, user in users.items():
            clients[key] = Client()
            clients[key].force_login(user)
        # the runs go through their own client: their flash messages stay out of the pages
        clients["runner"] = Client()
        clients["runner"].force_login(users["coordinator"])
        pages, review = _pages(users)
        print("demo: " + ", ".join(f"{v} {k}" for k, v in counts.items()) + f"; {len(pages)} pages")

        before: dict[Page, int] | None = None
        run_before: int | None = None
        if args.scale > 1:
            small, small_run = _measure_all(clients, pages, review, 1)
            before = {r.page: r.queries for r in small}
            run_before = small_run.queries if small_run else None
            scaled = _scale(args.scale)
            print(f"scale {args.scale}: " + ", ".join(f"{v} {k}" for k, v in scaled.items()))
        results, run = _measure_all(clients, pages, review, args.repeat)
        print(
            f"{args.repeat} timed requests per page after {WARM_UPS} warm-ups; "
            f"sizes in KiB of HTML\n"
        )
        _print_table(results, before, args.scale)
        for r in results:
            if len(r.counts) > 1:
                print(f"note: {r.page.persona} / {r.page.label}: queries vary {sorted(r.counts)}")

        if run is not None:
            queries = f"{run.queries} queries"
            if run_before is not None:
                queries = f"{run_before} -> {run.queries} queries at scale 1 -> {args.scale}"
            print(
                f"\nmatching run [{_cohort_key(review)}], {run.size} people, inline: "
                f"median {run.median:.1f} ms, p95 {run.p95:.1f} ms, {queries}"
            )
        if before is not None:
            grown = [r for r in results if before[r.page] != r.queries]
            if run is not None and run_before is not None and run_before != run.queries:
                grown.append(run)
            print(
                f"query counts constant from scale 1 to {args.scale}: "
                + ("yes" if not grown else f"NO ({len(grown)} pages)")
            )
            for r in grown:
                small_q = before.get(r.page, run_before)
                print(f"  {r.page.persona} / {r.page.label}: {small_q} -> {r.queries} queries")
        print("\nslowest 3 pages (median):")
        for r in sorted(results, key=lambda r: r.median, reverse=True)[:3]:
            print(f"  {r.median:7.1f} ms  {r.page.persona} / {r.page.label}  {r.page.url}")
        print(f"\ntotal {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
