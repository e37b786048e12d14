"""What a pair writes stays with the pair (docs/privacy.md).

Distinctive strings are planted in one pair's notes, cancellation reason, agreement and
goals. Then every page, fragment, export and feed the coordinator, the company contact,
another pair's member and an outsider can reach is crawled — every URL pattern filled with
every known code, plus every link found on the pages, admin included — and every email
sent is read: the strings appear zero times. The pair itself sees them.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from collections import deque

import pytest
from django.apps import apps
from django.core import mail
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from brobygger.gatherings.links import make_token
from brobygger.gatherings.models import Invitation
from brobygger.gatherings.selectors import invitation_mailing
from brobygger.gatherings.services import respond, send_invitations
from brobygger.pairs.models import Agreement, Goal
from brobygger.pairs.selectors.messages import message_mailing
from brobygger.pairs.services.calendar import get_or_create_feed
from brobygger.pairs.services.messages import send_message
from brobygger.pairs.services.reminders import send_due_reminders
from tests.calendar_helpers import calendar_parts
from tests.factories import ApplicationFactory
from tests.pairs.helpers import (
    AGREEMENT_SECRET,
    CANCEL_SECRET,
    GOAL_SECRET,
    MENTOR_GOAL_SECRET,
    NOTE_SECRET,
    gathering,
    meeting,
    plant_secrets,
)

SECRETS = (NOTE_SECRET, AGREEMENT_SECRET, GOAL_SECRET, MENTOR_GOAL_SECRET, CANCEL_SECRET)
PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
SKIP = ("/static/", "/accounts/logout/", "/admin/logout/", "/language/", "mailto:")
LIMIT = 4000


def _routes(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    resolver = resolver or get_resolver()
    routes = []
    for entry in resolver.url_patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            routes += _routes(entry, prefix + route)
        elif isinstance(entry, URLPattern):
            routes.append(prefix + route)
    return routes


def _codes(model: type[models.Model] | None = None) -> list[str]:
    models_ = [model] if model else apps.get_models()
    codes: list[str] = []
    for m in models_:
        if m._meta.label in UNRELATED:
            continue
        field = next((f for f in m._meta.fields if f.name == "code"), None)
        if isinstance(field, models.UUIDField):
            codes += [str(c) for c in m._default_manager.values_list("code", flat=True)]
    return codes


# Models whose codes cannot lead to a pair's content; left out to keep the crawl quick.
UNRELATED = {"programs.Initiative"}
# The code after these path segments names this model (the project's URL convention).
SEGMENT_MODELS = {
    "pairs": "pairs.Pair",
    "gatherings": "gatherings.Gathering",
    "programs": "programs.Cohort",
    "coordinate": "programs.Cohort",
    "applications": "applications.Application",
}


def _candidates(route: str, converter: str | None, name: str, tokens: list[str]) -> list[str]:
    if converter == "uuid":
        label = {
            "pair": "pairs.Pair",
            "meeting": "pairs.Meeting",
            "gathering": "gatherings.Gathering",
        }.get(name)
        if label is None and name == "code":
            before = route.split("<", 1)[0].rstrip("/").rsplit("/", 1)[-1]
            label = SEGMENT_MODELS.get(before)
        return _codes(apps.get_model(label)) if label else _codes()
    if name == "token":
        return tokens
    if name == "role":
        return ["mentee", "mentor"]
    if name == "fmt":
        return ["csv", "xlsx", "json"]
    if name == "point":  # the private pulse, one and three months in
        return ["1", "3"]
    return []


def expanded_urls(tokens: list[str]) -> list[str]:
    urls = []
    for route in _routes():
        if route.startswith("admin/") or route.startswith("^") or "(?P" in route:
            continue
        params = list(PARAM.finditer(route))
        choices = [_candidates(route, p["converter"], p["name"], tokens) for p in params]
        if any(not c for c in choices):
            continue
        for values in itertools.product(*choices):
            filled = route
            for value in values:
                filled = PARAM.sub(value, filled, count=1)
            urls.append("/" + filled)
    return urls


def _text(response) -> str:  # type: ignore[no-untyped-def]
    content = b"".join(response) if response.streaming else response.content
    if content[:2] == b"PK":  # xlsx and other zipped exports
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return content.decode("utf-8", "replace")


def _links(html: str) -> list[str]:
    found = re.findall(r'(?:href|hx-get|src)="(/[^"]*)"', html)
    return [u.replace("&amp;", "&") for u in found]


def _boring_admin(url: str) -> bool:
    """Admin history pages, and delete pages outside the pair's own apps, repeat what the
    change pages show; skipping them keeps the crawl quick."""
    if not url.startswith("/admin/"):
        return False
    if url.endswith("/history/"):
        return True
    return url.endswith("/delete/") and not url.startswith(("/admin/pairs/", "/admin/gatherings/"))


def crawl(client: Client, seeds: list[str]) -> dict[str, str]:
    """GET every seed and every same-site link found; returns url → text of 200 answers."""
    seen: set[str] = set()
    pages: dict[str, str] = {}
    queue = deque(seeds)
    while queue and len(seen) < LIMIT:
        url = queue.popleft()
        if url in seen or any(s in url for s in SKIP) or _boring_admin(url):
            continue
        if url.startswith("/admin/") and "?" in url and "_changelist_filters" not in url:
            url = url.split("?")[0]  # filter and sort links add nothing but time
            if url in seen:
                continue
        seen.add(url)
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = client.get(url, **headers)
            if response.status_code != 200:
                break
            text = _text(response)
            pages[url + (" [htmx]" if headers else "")] = text
            if not headers:
                queue.extend(_links(text))
            if not url.startswith(("/pairs/", "/gatherings/", "/coordinate/")):
                break  # fragments are served by the pair, gathering and coordination pages
    return pages


@pytest.fixture
def world(
    cohort,
    pair,
    other_pair,
    mentee_anne,
    coordinator_cora,
    contact_hege,
    admin_ada,
    django_capture_on_commit_callbacks,
):
    """One year in full swing, with every kind of email sent."""
    plant_secrets(pair)
    meeting(pair, days=1)  # tomorrow: a reminder
    meeting(other_pair, days=-2, status="held", duration_minutes=30, notes="Helt vanlig notat")
    ApplicationFactory(cohort=cohort, person=mentee_anne, role="mentee")
    kickoff = gathering([cohort], days=2, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        send_invitations(
            gathering=kickoff,
            cohort=cohort,
            token=invitation_mailing(kickoff, cohort).token,
            by=coordinator_cora.user,
        )
        respond(gathering=kickoff, person=mentee_anne, response="yes", by=mentee_anne.user)
        respond(gathering=kickoff, person=other_pair.mentee, response="yes", by=None)
        respond(gathering=kickoff, person=mentee_anne, response="no", by=mentee_anne.user)
        message = {
            "cohort": cohort,
            "cohorts": [cohort],
            "audience": "everyone",
            "subject": "Hei alle",
            "body": "Velkommen",
            "by": coordinator_cora.user,
        }
        send_message(token=message_mailing(**message).token, **message)
        send_due_reminders()
    tokens = [
        make_token(person_code=i.person.code, nonce=i.link_nonce)
        for i in Invitation.objects.select_related("person")
    ]
    for person in (mentee_anne, pair.mentor, other_pair.mentee, contact_hege, coordinator_cora):
        tokens.append(get_or_create_feed(person=person).token)
    assert Agreement.objects.filter(pair=pair).exists()
    assert Goal.objects.filter(pair=pair, text__contains=GOAL_SECRET).exists()
    return tokens


def _seeds(tokens: list[str]) -> list[str]:
    return [
        "/",
        "/coordinate/",
        "/admin/",
        "/pairs/",
        "/gatherings/",
        "/calendar/",
        *expanded_urls(tokens),
    ]


def _leaks(pages: dict[str, str]) -> list[tuple[str, str]]:
    return [(url, s) for url, text in pages.items() for s in SECRETS if s in text]


@pytest.mark.parametrize(
    "viewer", ["coordinator_cora", "contact_hege", "other_pair_member", "outsider_dag", "admin_ada"]
)
def test_nobody_outside_the_pair_sees_its_words(client, world, other_pair, viewer, request):
    person = other_pair.mentee if viewer == "other_pair_member" else request.getfixturevalue(viewer)
    client.force_login(person.user)
    pages = crawl(client, _seeds(world))
    assert len(pages) > 10  # the crawl reached real pages
    assert _leaks(pages) == []
    reached = " ".join(pages)
    if viewer in ("coordinator_cora", "admin_ada"):
        assert f"/coordinate/{other_pair.cohort.code}/health/" in reached
    if viewer == "admin_ada":
        assert "/admin/pairs/pair/" in reached
        assert "/change/" in reached


def test_anonymous_visitors_see_nothing_either(client, world):
    pages = crawl(client, _seeds(world))
    assert _leaks(pages) == []


def test_no_email_carries_the_pairs_words(world):
    assert len(mail.outbox) >= 5
    texts = [
        m.subject + m.body + "".join(raw.decode() for _n, _p, raw in calendar_parts(m))
        for m in mail.outbox
    ]
    assert [s for text in texts for s in SECRETS if s in text] == []


def test_the_pair_itself_sees_them(client, world, pair, mentee_anne):
    client.force_login(mentee_anne.user)
    pages = crawl(client, ["/pairs/", f"/pairs/{pair.code}/"])
    found = {s for _url, s in _leaks(pages)}
    assert found == set(SECRETS)
