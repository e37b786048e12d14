"""Time the pages of issue 23 on a database built by ``bench/dataset.py`` (not a test).

    DATABASE_URL=sqlite:////tmp/perf/big.sqlite3 uv run python bench/page_timer.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/perf_big uv run python bench/page_timer.py

Signs in with Django's test client as the dataset's personas (the coordinator of every
initiative, the contact of the biggest company, a mentee of the biggest running year, and
nobody) and asks each page ``--repeat`` times after two warm-ups: the median and p95 wall time,
the SQL queries of one request (counted apart, so that counting costs no time) and the size.
A minimal Django view (an HttpResponse of two bytes through the same middleware) and a
minimal page (the site's layout, base.html, signed in) are timed in the same run; the minimal
page is also timed between each page's requests, and the "× page" column is the page's median
over the minimal page's median of those same moments (both saw the same load). The load
average is printed before and after: on a shared machine only the ratios compare.

API requests carry a personal token made for the run (and revoked at the end). The pages are
read-only, apart from what a page itself writes (the company report publishes due results).
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
WARM_UPS = 2
MINIMAL = "/__bench__/minimal/"
MINIMAL_PAGE = "/__bench__/page/"
PAIR_READS = "/__bench__/pair-reads/"


@dataclass(frozen=True)
class Page:
    label: str
    persona: str
    url: str
    daily: bool = False  # a page people open daily: held to 3x the minimal view
    api: bool = False
    post: bool = False  # the export is a POST (it is audited)


@dataclass
class Result:
    page: Page
    times: list[float] = field(default_factory=list)
    queries: int = 0
    size: int = 0
    #: the minimal page, timed between this page's requests (the same moment's load)
    beside: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times)
        return ordered[max(math.ceil(0.95 * len(ordered)) - 1, 0)]


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brobygger.config.settings")
    os.environ.setdefault("BROBYGGER_DEBUG", "1")
    os.environ.setdefault("BROBYGGER_API_RATE_TOKEN", "100000/m")
    os.environ.setdefault("BROBYGGER_API_RATE_ANON", "100000/m")
    if "DATABASE_URL" not in os.environ:
        sys.exit("Set DATABASE_URL to a database built by bench/dataset.py.")
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()
    from django.conf import settings
    from django.http import HttpResponse
    from django.shortcuts import render
    from django.urls import include, path

    # the project's URLs plus the minimal view, as one URLconf of this run
    module = types.ModuleType("bench_urls")
    module.urlpatterns = [  # type: ignore[attr-defined]
        path(MINIMAL.strip("/") + "/", lambda request: HttpResponse(b"ok")),
        # the site's layout with nothing in it: header, menu, footer
        path(MINIMAL_PAGE.strip("/") + "/", lambda request: render(request, "base.html")),
        # what the pair space reads, and nothing rendered: the floor under the page's time
        path(PAIR_READS.strip("/") + "/<uuid:code>/", _pair_reads),
        path("", include(settings.ROOT_URLCONF)),
    ]
    sys.modules["bench_urls"] = module
    settings.ROOT_URLCONF = "bench_urls"
    settings.DEBUG = False  # no query log: the counts are taken in a request of their own
    settings.ALLOWED_HOSTS = ["*"]


def _pair_reads(request: Any, code: Any) -> Any:
    """The pair space's reads (the view's selectors, as ``pairs.views.space.pair_detail``
    calls them), answered with two bytes instead of the page."""
    from django.http import HttpResponse
    from django.utils import timezone

    from brobygger.pairs.selectors.pairs import get_pair_for, me_in, pair_space
    from brobygger.pairs.selectors.pulse import due_pulses
    from brobygger.pairs.selectors.shadowing import shadowing_space

    pair = get_pair_for(request.user, code)
    me = me_in(pair, request.user)
    pair_space(pair, me)
    shadowing_space(pair, me)
    due_pulses(pair, me, now=timezone.now())
    return HttpResponse(b"ok")


def pages() -> tuple[list[Page], dict[str, Any]]:
    from django.urls import reverse

    from brobygger.applications.models import Application
    from brobygger.pairs.models import Pair
    from brobygger.people.models import User
    from brobygger.programs.models import Cohort

    sys.path.insert(0, str(REPO / "bench"))
    import dataset

    users = {
        "coordinator": User.objects.get(email=dataset.COORDINATOR),
        "contact": User.objects.get(email=dataset.CONTACT),
        "participant": User.objects.get(email=dataset.PARTICIPANT),
    }
    pair = Pair.objects.filter(mentee__user=users["participant"]).select_related("cohort").first()
    if pair is None:
        sys.exit("No pair for the participant: build the database with bench/dataset.py.")
    biggest = pair.cohort
    review = Cohort.objects.filter(status="review").order_by("-pk").first()
    assert review is not None
    public = Cohort.objects.filter(status="open").first() or biggest
    applied = Application.objects.filter(cohort=review).count()
    pairs = Pair.objects.filter(cohort=biggest).count()
    years = Cohort.objects.count()
    r = reverse
    api = "/api/v1"
    return [
        Page("minimal Django view", "anonymous", MINIMAL),
        Page("minimal page (base.html, signed in)", "participant", MINIMAL_PAGE),
        Page(
            "company report (biggest programme year)",
            "contact",
            r("surveys:company-report", args=[biggest.code]),
        ),
        Page("company reports list", "contact", r("surveys:company-reports")),
        Page("company: our participants", "contact", r("company:participants")),
        Page("company: nominations", "contact", r("company:nominations")),
        Page(
            "API GET /company/reports/{code}",
            "contact",
            f"{api}/company/reports/{biggest.code}",
            api=True,
        ),
        Page(f"pair health, {pairs} pairs", "coordinator", r("pairs:health", args=[biggest.code])),
        Page(
            f"coordination overview ({years} programme years)",
            "coordinator",
            r("coordination:overview"),
        ),
        Page("API GET /cohorts", "coordinator", f"{api}/cohorts", api=True),
        Page(
            f"review list, {applied} applications",
            "coordinator",
            r("applications:review-list", args=[review.code]),
        ),
        Page(
            f"cohort report, {pairs} pairs", "coordinator", r("surveys:report", args=[biggest.code])
        ),
        Page(
            "applications export CSV",
            "coordinator",
            r("applications:export", args=[review.code, "csv"]),
            post=True,
        ),
        Page(
            "matching page of a running year",
            "coordinator",
            r("matching:cohort", args=[biggest.code]),
        ),
        Page("public home (anonymous)", "anonymous", r("programs:home"), daily=True),
        Page(
            "public programme page",
            "anonymous",
            r("programs:cohort-detail", args=[public.code]),
            daily=True,
        ),
        Page("participant's home", "participant", r("programs:home"), daily=True),
        Page(
            "a participant's pair space",
            "participant",
            r("pairs:pair-detail", args=[pair.code]),
            daily=True,
        ),
        Page(
            "the pair space's reads, nothing rendered", "participant", f"{PAIR_READS}{pair.code}/"
        ),
        Page("my pairs", "participant", r("pairs:mine"), daily=True),
        Page("API GET /programmes", "anonymous", f"{api}/programmes", api=True),
    ], users


def request(client: Any, page: Page, headers: dict[str, str]) -> Any:
    if page.post:
        response = client.post(page.url)
    else:
        response = client.get(page.url, headers=headers if page.api else {})
    if response.status_code != 200:
        sys.exit(f"FAILED: {page.url}: status {response.status_code} for {page.persona}")
    return response


def measure(
    client: Any, page: Page, headers: dict[str, str], repeat: int, beside: tuple[Any, Page]
) -> Result:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARM_UPS):
        request(client, page, headers)
    with CaptureQueriesContext(connection) as captured:
        response = request(client, page, headers)
    result = Result(page, queries=len(captured), size=len(response.content))
    for _ in range(repeat):
        start = time.perf_counter()
        request(client, page, headers)
        result.times.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        request(*beside, {})
        result.beside.append((time.perf_counter() - start) * 1000)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--only", default="", help="only pages whose label contains this")
    args = parser.parse_args()
    setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from brobygger.people.services import create_api_token, revoke_api_token

    setup_test_environment()
    load_before = os.getloadavg()
    todo, users = pages()
    clients: dict[str, Any] = {"anonymous": Client()}
    tokens = {}
    for key, user in users.items():
        clients[key] = Client()
        clients[key].force_login(user)
        tokens[key] = create_api_token(user=user, name="bench", lifetime_days=30)
    results = []
    try:
        for page in todo:
            if args.only and args.only not in page.label and "__bench__" not in page.url:
                continue
            headers = (
                {"Authorization": f"Bearer {tokens[page.persona][1]}"}
                if page.persona in tokens
                else {}
            )
            minimal_page = (clients["participant"], todo[1])
            results.append(measure(clients[page.persona], page, headers, args.repeat, minimal_page))
    finally:
        for token, _secret in tokens.values():
            revoke_api_token(token=token, by=token.user)
    load_after = os.getloadavg()
    vendor = connection.vendor
    print(
        f"{vendor}: {args.repeat} requests per page after {WARM_UPS} warm-ups; "
        f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after "
        f"({os.cpu_count()} CPUs)\n"
    )
    width = max(len(r.page.label) for r in results)
    head = f"| {'page':<{width}} | median ms | p95 ms | × page | queries | KiB |"
    print(head)
    print("|" + "|".join("-" * (len(cell)) for cell in head.split("|")[1:-1]) + "|")
    for r in results:
        flag = ""
        minimal = statistics.median(r.beside)  # the layout, timed in the same moments
        if r.p95 > 300 or (r.page.daily and r.median > 3 * minimal):
            flag = " ✗"
        print(
            f"| {r.page.label:<{width}} | {r.median:9.1f} | {r.p95:6.1f} | "
            f"{r.median / minimal:6.1f} | {r.queries:7d} | {r.size / 1024:3.0f} |{flag}"
        )


if __name__ == "__main__":
    main()
