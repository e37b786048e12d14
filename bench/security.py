"""Security figures of the site, re-runnable (not a test): the authorization matrix, the
admin matrix, header coverage and bad input.

    uv run --frozen python bench/security.py [--db postgres] [--per-pattern 3]

Builds a throw-away database (SQLite in a temporary directory; with ``--db postgres`` a
fresh PostgreSQL database ``brobygger_bench_security`` on ``BENCH_POSTGRES``, default
``postgres://postgres@127.0.0.1:5432``, dropped at the end), migrates it and loads the demo
network. Then, signed in with Django's test client as each of ten roles:

- anonymous; the network admin; the demo coordinator (three initiatives); a coordinator of
  Reverse Mentoring only; the HR contacts of two different companies; the two people of one
  pair; a person of a pair in another initiative; a signed-in person with no role;

1. **Authorization matrix.** Every URL pattern of the site (the admin's apart) is filled
   with real objects of the seeded data (up to ``--per-pattern`` URLs per pattern, spread
   over the initiatives; a nested object is taken from the outer one and from another), and
   asked for with GET and with an empty POST by every role (each POST in a transaction that
   is rolled back, so the data stays as seeded). An *unexpected 2xx* is a 2xx answer to a
   role that the rule below does not allow (the rule is written here from the design, not
   taken from the code under test): a programme year's coordination pages for its
   initiative's coordinators and the network admin, a pair's pages for its two people, an
   application for its applicant (and for review, its coordinators), a gathering for the
   participants of its programme years, a company contact's pages for company contacts...
2. **Admin matrix.** Every admin URL (index, each model's list, add, and change, history
   and delete pages of a real object) by every role: only the network admin may get a 2xx.
3. **Header coverage** over every response of 1 and 2: ``Permissions-Policy`` on each,
   ``Content-Security-Policy`` on each HTML page, ``Cache-Control: no-store`` on each
   answer to a signed-in person.
4. **Bad input.** NUL bytes, over-long and odd values in each string parameter and in
   common query parameters, a form POST of odd values to every page the network admin may
   post to, and the cases the security review reported; the count of 500 answers.

Prints one table per part and, for the first two, each unexpected 2xx (URL, role, status).
Exit status 1 when an unexpected 2xx, an admin page reachable by anyone but the network
admin or a 500 was found.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PG_NAME = "brobygger_bench_security"


# -- the database ----------------------------------------------------------------------------


def setup(db: str, directory: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "brobygger.config.settings"
    os.environ["BROBYGGER_DATA_DIR"] = directory
    os.environ["BROBYGGER_TESTING"] = "1"
    # production settings (debug off: its headers, its error pages), over https
    os.environ["BROBYGGER_DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-security-" + uuid.uuid4().hex)
    os.environ["ALLOWED_HOSTS"] = "localhost"
    os.environ["BROBYGGER_COORDINATOR_MFA"] = "optional"  # the matrix is about the pages
    if db == "postgres":
        server = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
        import psycopg

        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")
            conn.execute(f"CREATE DATABASE {PG_NAME}")
        os.environ["DATABASE_URL"] = f"{server}/{PG_NAME}"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    sys.path.insert(0, str(REPO / "src"))
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic here
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)


def drop_postgres() -> None:
    from django.db import connections

    connections.close_all()
    server = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")


# -- the roles -------------------------------------------------------------------------------


@dataclass
class World:
    roles: dict[str, Any]  # label -> User or None (anonymous)
    admin: Any
    objects: dict[str, list[Any]] = field(default_factory=dict)


def seed() -> World:
    from django.db.models import Q

    from brobygger.demo.loader import load_demo
    from brobygger.pairs.models import Pair
    from brobygger.people.models import CompanyContact, Person, User
    from brobygger.people.roles import grant_coordinator_role
    from brobygger.programs.models import Initiative

    load_demo()
    admin = User.objects.get(email="ingrid.haugland@bolge.example")
    coordinator = User.objects.get(email="kari.nordby@bolge.example")
    hege = User.objects.get(email="hege.lunde@bolge.example")
    reverse = Initiative.objects.get(slug="reverse-mentoring")
    one = User.objects.create_user("bench.coordinator@bench.example", first_name="Bench")
    Person.objects.create(user=one, company=hege.person.company)
    reverse.coordinators.add(one)
    grant_coordinator_role(one)
    other_contact = (
        CompanyContact.objects.exclude(company=hege.person.company).select_related("person").first()
    )
    if other_contact is None:  # the demo has one contact: make one in another company
        person = (
            Person.objects.exclude(company=hege.person.company)
            .exclude(company=None)
            .filter(user__is_superuser=False, user__is_coordinator=False)
            .first()
        )
        assert person is not None
        other_contact = CompanyContact.objects.create(person=person, company=person.company)
    pairs = list(Pair.objects.select_related("cohort__initiative", "mentee", "mentor"))
    first = next(p for p in pairs if p.cohort.initiative_id == reverse.pk)
    second = next(p for p in pairs if p.cohort.initiative_id != reverse.pk)
    in_pairs = Q(pairs_as_mentee__isnull=False) | Q(pairs_as_mentor__isnull=False)
    nobody = (
        Person.objects.exclude(in_pairs)
        .filter(user__is_superuser=False, user__is_coordinator=False, company_contact=None)
        .first()
    )
    assert nobody is not None
    roles = {
        "anonymous": None,
        "network admin": admin,
        "coordinator (3 initiatives)": coordinator,
        "coordinator (Reverse only)": one,
        "contact company 1": hege,
        "contact company 2": other_contact.person.user,
        "mentee, pair 1": first.mentee.user,
        "mentor, pair 1": first.mentor.user,
        f"mentee, pair 2 ({second.cohort.initiative.slug})": second.mentee.user,
        "no role": nobody.user,
    }
    return World(roles=roles, admin=admin)


# -- filling the URL patterns ------------------------------------------------------------------


def walk(patterns: Any, prefix: str = "", ns: str = "") -> Any:
    from django.urls import URLResolver

    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ns + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            yield prefix + str(pattern.pattern), ns + (pattern.name or ""), pattern


def spread(items: list[Any], n: int) -> list[Any]:
    """Up to ``n`` items, spread over the list (first, last, middle...)."""
    if len(items) <= n:
        return items
    step = (len(items) - 1) / (n - 1) if n > 1 else 0
    return [items[round(i * step)] for i in range(n)]


APPLICATION_CODE = {
    "applications:application-edit",
    "applications:application-withdraw",
    "applications:review-detail",
    "applications:review-score",
    "applications:review-decide",
}
PAIR_CODE = {
    "pairs:pair-detail",
    "pairs:agreement-edit",
    "pairs:agreement-sign",
    "pairs:meeting-new",
    "pairs:meeting-answer",
    "pairs:meeting-log",
    "pairs:meeting-ics",
    "pairs:goals-rate",
    "pairs:guide",
}


class Filler:
    """Real values for each kind of URL parameter, and which object a value stands for."""

    def __init__(self, per_pattern: int) -> None:
        from brobygger.applications.models import Application
        from brobygger.applications.models import Question as FormQuestion
        from brobygger.coordination.dates import programme_year_of
        from brobygger.core.models import Mailing
        from brobygger.gatherings.models import Gathering
        from brobygger.matching.models import MatchConstraint, MatchRun
        from brobygger.pairs.models import Meeting, Pair
        from brobygger.people.models import ApiToken, Company
        from brobygger.programs.models import Cohort, Initiative
        from brobygger.surveys.models import Question as SurveyQuestion
        from brobygger.surveys.models import Survey

        self.n = per_pattern
        order = ("initiative__order", "kickoff_on")
        self.cohorts = list(Cohort.objects.select_related("initiative").order_by(*order))
        self.by_code: dict[str, Any] = {}
        self.pools: dict[str, list[Any]] = {
            "cohort": self.cohorts,
            "application": list(Application.objects.order_by("cohort__initiative__order", "pk")),
            "pair": list(Pair.objects.order_by("cohort__initiative__order", "pk")),
            "meeting": list(Meeting.objects.order_by("pk")),
            "gathering": list(Gathering.objects.order_by("starts_at")),
            "mailing": list(Mailing.objects.order_by("pk")),
            "run": list(MatchRun.objects.order_by("pk")),
            "survey": list(Survey.objects.order_by("pk")),
            "survey_question": list(SurveyQuestion.objects.order_by("pk")),
            "initiative": list(Initiative.objects.order_by("order")),
            "company": list(Company.objects.order_by("name")),
            "token": list(ApiToken.objects.order_by("pk")),
            "form_question": list(FormQuestion.objects.order_by("pk")),
            "constraint": list(MatchConstraint.objects.order_by("pk")),
        }
        for kind, objects in self.pools.items():
            for obj in objects:
                key = f"{kind}:{getattr(obj, 'code', obj.pk)}"
                self.by_code[key] = obj
        self.year = programme_year_of(__import__("datetime").date.today())

    def values(self, name: str, param: str, converter: str, outer: dict[str, Any]) -> list[Any]:
        """(value, object or None) candidates for ``param`` of URL ``name``."""
        n = self.n
        ns = name.split(":")[0]
        cohort = outer.get("cohort")
        if cohort is None and "application" in outer:
            cohort = outer["application"].cohort

        def objs(kind: str, items: list[Any] | None = None) -> list[tuple[Any, Any]]:
            items = self.pools[kind] if items is None else items
            return [(getattr(o, "code", o.pk), (kind, o)) for o in spread(items, n)]

        def nested(kind: str, mine: list[Any]) -> list[tuple[Any, Any]]:
            """One or two of the outer object's, and one of another's."""
            others = [o for o in self.pools[kind] if o not in mine]
            return objs(kind, spread(mine, max(1, n - 1)) + others[:1])

        if param == "code" or param == "cohort_code":
            if name in APPLICATION_CODE:
                return objs("application")
            if name in PAIR_CODE:
                return objs("pair")
            if ns == "gatherings" and not name.startswith("gatherings:coordinate"):
                return objs("gathering")
            if name.startswith("matching:run-"):
                return objs("run")
            if name.startswith("surveys:survey-") and name != "surveys:survey-list":
                return objs("survey")
            if name.startswith("surveys:question-"):
                return objs("survey")
            if name.startswith("coordination:initiative-") or name == "coordination:cohort-create":
                return objs("initiative")
            if name.startswith("coordination:company-"):
                return objs("company")
            if name == "people:api-token-revoke":
                return objs("token")
            if name == "privacy:export-download":
                return [(uuid.uuid4(), None)]
            if name == "matching:proposal-answer":
                return [(uuid.uuid4(), None)]
            return objs("cohort")
        if param == "gathering":
            mine = [g for g in self.pools["gathering"] if cohort in g.cohorts.all()]
            return nested("gathering", mine)
        if param == "pair":
            mine = [p for p in self.pools["pair"] if p.cohort_id == getattr(cohort, "pk", None)]
            return nested("pair", mine)
        if param == "meeting":
            pair = outer.get("pair")
            mine = [m for m in self.pools["meeting"] if m.pair_id == getattr(pair, "pk", None)]
            return nested("meeting", mine)
        if param == "mailing":
            scope = str(getattr(cohort, "code", ""))
            mine = [m for m in self.pools["mailing"] if m.scope == scope]
            return nested("mailing", mine)
        if param == "question" and ns == "surveys":
            survey = outer.get("survey")
            mine = [q for q in self.pools["survey_question"] if q.survey_id == survey.pk]
            return nested("survey_question", mine)
        if param == "question":
            mine = [q for q in self.pools["form_question"] if _question_cohort(q) == cohort]
            return nested("form_question", mine)
        if param == "pk" and ns == "matching":
            return objs("constraint") or [(999999, None)]
        if param == "role":
            return [("mentee", None), ("mentor", None)][:n]
        if param == "fmt":
            return [("csv", None), ("xlsx", None)][:n]
        if param == "part":
            if ns == "matching":
                return [("instance", None), ("result", None)]
            return [("decision", None)]
        if param == "job":
            return [("application_reminder", None)]
        if param == "kind":
            return [("decision_accepted", None)]
        if param == "to":
            return [("open", None)]
        if param == "start":
            return [(self.year, None)]
        if param == "purpose":
            return [("research", None)]
        if param in ("token", "reference"):
            return [("bench-" + uuid.uuid4().hex, None)]
        if param == "pk":
            return [(1, None)]
        return [("x", None)]


def _question_cohort(question: Any) -> Any:
    form = getattr(question, "form", None)
    return getattr(form, "cohort", None) or getattr(question, "cohort", None)


def fill(filler: Filler) -> list[tuple[str, str, dict[str, Any]]]:
    """(url, url name, {kind: object}) for every pattern but the admin's."""
    from django.urls import NoReverseMatch, get_resolver, reverse

    found: list[tuple[str, str, dict[str, Any]]] = []
    for route, name, pattern in walk(get_resolver().url_patterns):
        if not name or name.startswith("admin:") or route.startswith("^"):
            continue
        combos: list[tuple[dict[str, Any], dict[str, Any]]] = [({}, {})]
        for param, converter in pattern.pattern.converters.items():
            grown = []
            for kwargs, objects in combos:
                for value, named in filler.values(name, param, type(converter).__name__, objects):
                    more = dict(objects)
                    if named is not None:
                        more[named[0]] = named[1]
                    grown.append(({**kwargs, param: value}, more))
            combos = grown[: filler.n * 2]
        for kwargs, objects in combos[: filler.n]:
            try:
                url = reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                continue
            found.append((url, name, objects))
    return list({url: (url, name, objects) for url, name, objects in found}.values())


# -- who may get a 2xx: the rule, from the design ------------------------------------------------

PUBLIC = {
    "core:health",
    "programs:home",
    "programs:cohort-detail",
    "api:openapi-json",
    "api:programmes",
    "api:api-root",
    "surveys:answer",
    "gatherings:rsvp-link",
    "matching:proposal-answer",
    "pairs:calendar-feed",
    "privacy:export-download",
    "people:set-language",
    "applications:apply-start",  # anyone starts an application (signed out: by emailed code)
}
COORDINATION_WITHOUT_OBJECT = {
    "coordination:overview",
    "coordination:initiative-list",
    "coordination:cohort-new",
    "coordination:year",
    "coordination:company-list",
    "coordination:person-duplicates",
    "coordination:person-merge",
}
COMPANY_PAGES = {
    "company:nominations",
    "company:nominate",
    "company:participants",
    "company:participants-export",
    "surveys:company-reports",
    "surveys:company-report",
    "surveys:company-report-export",
    "api:company_report",
    "api:company_participant_list",
}


def coordinates(user: Any, cohort: Any) -> bool:
    if user.is_superuser:
        return True
    return cohort.initiative.coordinators.filter(pk=user.pk).exists()


def in_pair(user: Any, pair: Any) -> bool:
    return user.pk in (pair.mentee.user_id, pair.mentor.user_id)


def allowed(user: Any, name: str, objects: dict[str, Any]) -> bool | None:
    """Whether ``user`` may get a 2xx from the page ``name`` about ``objects``; None: the
    rule does not say (not counted)."""
    if name in PUBLIC:
        return True
    if user is None:
        return name.startswith("account_") or name.startswith("mfa_")
    is_coordinator = user.is_superuser or user.coordinated_initiatives.exists()
    is_contact = hasattr(user, "person") and hasattr(user.person, "company_contact")
    if name in COMPANY_PAGES:
        return is_contact or (user.is_superuser and not objects)
    if name == "coordination:initiative-create":
        return user.is_superuser
    if name in COORDINATION_WITHOUT_OBJECT:
        return is_coordinator
    if "company" in objects:
        return is_coordinator
    if "token" in objects:
        return objects["token"].user_id == user.pk
    if "initiative" in objects:
        return user.is_superuser or objects["initiative"].coordinators.filter(pk=user.pk).exists()
    if "run" in objects:
        return coordinates(user, objects["run"].cohort)
    if "survey" in objects:
        survey = objects["survey"]
        question = objects.get("survey_question")
        return coordinates(user, survey.cohort) and (
            question is None or question.survey_id == survey.pk
        )
    if "meeting" in objects:
        meeting, pair = objects["meeting"], objects.get("pair")
        return pair is not None and meeting.pair_id == pair.pk and in_pair(user, pair)
    if name.startswith("applications:application"):
        return objects["application"].person.user_id == user.pk
    if "application" in objects:
        return coordinates(user, objects["application"].cohort)
    if name.startswith("pairs:") and "pair" in objects and "cohort" not in objects:
        return in_pair(user, objects["pair"])
    if name in ("gatherings:detail", "gatherings:rsvp"):
        gathering = objects["gathering"]
        cohorts = list(gathering.cohorts.all())
        member = any(
            in_pair(user, p)
            for c in cohorts
            for p in c.pairs.filter(status__in=("active", "completed"))
        )
        return member or user.is_superuser or any(coordinates(user, c) for c in cohorts)
    if "cohort" in objects:
        cohort = objects["cohort"]
        if name.startswith("applications:apply") or name == "programs:cohort-detail":
            return True
        ok = coordinates(user, cohort)
        if "gathering" in objects:
            ok = ok and cohort in objects["gathering"].cohorts.all()
            if name == "gatherings:coordinate-edit" and ok and not user.is_superuser:
                ok = not (
                    objects["gathering"].cohorts.exclude(initiative__coordinators=user).exists()
                )
        if "pair" in objects:
            ok = ok and objects["pair"].cohort_id == cohort.pk
        if "mailing" in objects:
            ok = ok and objects["mailing"].scope == str(cohort.code)
        if "form_question" in objects:
            ok = ok and objects["form_question"].cohort_id == cohort.pk
        if "constraint" in objects:
            ok = ok and objects["constraint"].run.cohort_id == cohort.pk
        return ok
    if name.startswith("coordination:") or name.startswith("matching:"):
        return is_coordinator
    return True  # a page of one's own (profile, my pairs, privacy...)


# -- asking --------------------------------------------------------------------------------------


@dataclass
class Tally:
    requests: int = 0
    by_status: Counter[int] = field(default_factory=Counter)
    unexpected: list[tuple[str, str, str, int]] = field(default_factory=list)
    unclassified: int = 0
    responses: list[tuple[Any, bool]] = field(default_factory=list)  # (response, signed in)
    server_errors: list[tuple[str, str, str]] = field(default_factory=list)
    forbidden: Counter[str] = field(default_factory=Counter)  # 403s by URL name


def client_for(user: Any) -> Any:
    from django.test import Client

    client = Client(raise_request_exception=False, HTTP_HOST="localhost")
    if user is not None:
        client.force_login(user)
    return client


def ask(client: Any, method: str, url: str, data: Any = None) -> Any:
    from django.db import transaction

    if method == "GET":
        return client.get(url, secure=True)
    with transaction.atomic():  # every POST is undone: the next requests see the seeded data
        response = client.post(url, data or {}, secure=True)
        transaction.set_rollback(True)
    return response


def matrix(world: World, urls: list[tuple[str, str, dict[str, Any]]], tally: Tally) -> None:
    for label, user in world.roles.items():
        client = client_for(user)
        for method, (url, name, objects) in product(("GET", "POST"), urls):
            if name == "account_logout":
                continue  # would sign the role out for the rest of the run
            response = ask(client, method, url)
            tally.requests += 1
            tally.by_status[response.status_code] += 1
            tally.responses.append((response, user is not None))
            if response.status_code == 500:
                tally.server_errors.append((method, url, label))
            if response.status_code == 403:
                tally.forbidden[f"{method} {name}"] += 1
            if 200 <= response.status_code < 300:
                rule = allowed(user, name, objects)
                if rule is None:
                    tally.unclassified += 1
                elif not rule:
                    tally.unexpected.append((method, url, label, response.status_code))


def admin_urls(world: World) -> list[str]:
    from django.contrib import admin
    from django.urls import NoReverseMatch, reverse

    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        opts = model._meta
        base = f"admin:{opts.app_label}_{opts.model_name}"
        urls.append(reverse(f"{base}_changelist"))
        urls.append(reverse(f"{base}_add"))
        obj = model._default_manager.first()
        if obj is not None:
            for page in ("change", "history", "delete"):
                with contextlib.suppress(NoReverseMatch):
                    urls.append(reverse(f"{base}_{page}", args=[obj.pk]))
        urls.append(reverse("admin:app_list", args=[opts.app_label]))
    return sorted(set(urls))


def admin_matrix(world: World, tally: Tally) -> dict[str, int]:
    reachable: dict[str, int] = {}
    urls = admin_urls(world)
    for label, user in world.roles.items():
        client = client_for(user)
        reachable[label] = 0
        for method, url in product(("GET", "POST"), urls):
            response = ask(client, method, url)
            tally.requests += 1
            tally.by_status[response.status_code] += 1
            tally.responses.append((response, user is not None))
            if response.status_code == 500:
                tally.server_errors.append((method, url, label))
            if 200 <= response.status_code < 300:
                reachable[label] += 1
                if user is None or not user.is_superuser:
                    tally.unexpected.append((method, url, label, response.status_code))
    tally.by_status["admin urls"] = len(urls)  # type: ignore[index]
    return reachable


# -- headers ----------------------------------------------------------------------------------


def header_coverage(tally: Tally) -> list[tuple[str, int, int]]:
    total = len(tally.responses)
    policy = sum(1 for r, _ in tally.responses if r.has_header("Permissions-Policy"))
    html = [r for r, _ in tally.responses if r.get("Content-Type", "").startswith("text/html")]
    csp = sum(1 for r in html if r.has_header("Content-Security-Policy"))
    signed_in = [r for r, who in tally.responses if who]
    no_store = sum(1 for r in signed_in if "no-store" in r.get("Cache-Control", ""))
    return [
        ("Permissions-Policy (every response)", policy, total),
        ("Content-Security-Policy (HTML)", csp, len(html)),
        ("Cache-Control: no-store (signed in)", no_store, len(signed_in)),
    ]


# -- bad input ---------------------------------------------------------------------------------

ODD = ["%00", "x" * 3000, "../../etc/passwd", "<script>alert(1)</script>", "' OR 1=1 --", "%ff"]
QUERY = ["page", "q", "recipient", "action", "status", "sort", "o", "p", "next", "year"]
FORM = {
    "token": "\x00",
    "title": "a\x00b",
    "name": "x" * 5000,
    "email": "not-an-email\x00",
    "starts_at": "2026-13-45T25:61",
    "ends_at": "\x00",
    "capacity": "-1",
    "response": "maybe\x00",
    "answer": "\x00",
    "cohorts": ["\x00", "999999"],
    "attended": ["not-a-code"],
    "recipient": "\x00",
    "score": "NaN",
    "status": "\x00",
}


def bad_input(world: World, urls: list[tuple[str, str, dict[str, Any]]]) -> Tally:
    import json

    from django.urls import reverse

    tally = Tally()
    admin = client_for(world.admin)
    anonymous = client_for(None)
    cases: list[tuple[Any, str, str, Any]] = []
    for url, _name, _objects in urls:
        for key in QUERY:
            cases.append((admin, "GET", f"{url}?{key}=%00", None))
        cases.append((admin, "POST", url, FORM))
        last = url.rstrip("/").rsplit("/", 1)
        if len(last) == 2 and not last[1].startswith("coordinate"):
            for odd in ODD:
                cases.append((admin, "GET", f"{last[0]}/{odd}/", None))
    cases += [
        (anonymous, "GET", "/s/%00/", None),
        (anonymous, "GET", "/calendar/%00.ics", None),
        (admin, "GET", reverse("admin:core_activitylog_changelist") + "?action=%00", None),
        (
            anonymous,
            "POST",
            "/accounts/2fa/webauthn/login/",
            {"credential": json.dumps({"id": "x", "response": {}})},
        ),
    ]
    for client, method, url, data in cases:
        response = ask(client, method, url, data)
        tally.requests += 1
        tally.by_status[response.status_code] += 1
        if response.status_code == 500:
            tally.server_errors.append((method, url, "admin" if client is admin else "anonymous"))
    return tally


# -- the report --------------------------------------------------------------------------------


def table(rows: list[tuple[Any, ...]], head: tuple[str, ...]) -> None:
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows, strict=False)]
    line = "  ".join("{:<" + str(w) + "}" for w in widths)
    print(line.format(*head))
    print(line.format(*("-" * w for w in widths)))
    for row in rows:
        print(line.format(*row))
    print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--per-pattern", type=int, default=2)
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as directory:
        setup(args.db, directory)
        try:
            return run(args)
        finally:
            print(f"({args.db}, {time.monotonic() - started:.0f} s)")
            if args.db == "postgres":
                drop_postgres()


def run(args: argparse.Namespace) -> int:
    import logging

    logging.disable(logging.CRITICAL)  # the 404s and refusals are the point
    world = seed()
    filler = Filler(args.per_pattern)
    urls = fill(filler)
    patterns = len({name for _url, name, _objects in urls})

    pages = Tally()
    matrix(world, urls, pages)
    print("1. Authorization matrix (every URL pattern but the admin's, GET and POST)")
    table(
        [
            (
                patterns,
                len(urls),
                len(world.roles),
                pages.requests,
                len(pages.unexpected),
                pages.unclassified,
                len(pages.server_errors),
            )
        ],
        ("patterns", "URLs", "roles", "requests", "unexpected 2xx", "unclassified 2xx", "500"),
    )
    for method, url, label, status in pages.unexpected:
        print(f"   unexpected {status}: {method} {url} as {label}")
    statuses = ", ".join(f"{code}: {n}" for code, n in sorted(pages.by_status.items()))
    print(f"   answers by status: {statuses}")
    print("   (503 is /health/: no worker heartbeat in a bench, as a monitor should see)")
    forbidden = ", ".join(f"{name} ({n})" for name, n in sorted(pages.forbidden.items()))
    print(f"   403 answers: {forbidden or 'none'}\n")

    admin = Tally()
    reachable = admin_matrix(world, admin)
    n_admin = admin.by_status.pop("admin urls")  # type: ignore[call-overload]
    print("2. Admin matrix (every admin URL with a real object, GET and POST)")
    table(
        [(label, n_admin * 2, count) for label, count in reachable.items()],
        ("role", "requests", "2xx"),
    )
    for method, url, label, status in admin.unexpected[:20]:
        print(f"   unexpected {status}: {method} {url} as {label}")

    everything = Tally(responses=pages.responses + admin.responses)
    print("3. Header coverage (every response of 1 and 2)")
    table(
        [
            (what, f"{n}/{total}", f"{100 * n / total:.1f} %" if total else "-")
            for what, n, total in header_coverage(everything)
        ],
        ("header", "present", "share"),
    )

    bad = bad_input(world, urls)
    print("4. Bad input (odd path values, NUL in query strings, odd form posts, review cases)")
    table([(bad.requests, len(bad.server_errors))], ("cases", "500 answers"))
    for method, url, label in bad.server_errors[:20]:
        print(f"   500: {method} {url[:120]} as {label}")
    for method, url, label in (pages.server_errors + admin.server_errors)[:20]:
        print(f"   5xx in the matrix: {method} {url} as {label}")

    failed = (
        pages.unexpected
        or admin.unexpected
        or bad.server_errors
        or pages.server_errors
        or admin.server_errors
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
