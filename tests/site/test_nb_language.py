"""Every page and email of the demo network reads as bokmål in ``nb``: no English a curated
list knows (the libraries' strings the project overrides, words that never belong in a
bokmål interface), none of the unidiomatic phrases we replaced, and no sentence of the
project's catalogue shown in English where it has a Norwegian translation.

The demo is loaded on a fixed day; each persona follows every link it can (Django's test
client, no browser). The shadowing cohort's matching is run first, so its proposals and
their preview are read too; the scheduled jobs then send what is due that day."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import zoneinfo
from functools import cache
from pathlib import Path

import polib
import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils.module_loading import import_string
from tests.site import language_crawl

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
TODAY = dt.date(2026, 11, 28)

#: English sentences give themselves away by these (the admin lists English data, name_en, so
#: they are not looked for there)
PLAIN_ENGLISH = ("the", "and", "you", "your")
#: English that never belongs in a bokmål page or email (whole words, case-sensitive)
ENGLISH = (
    "Select",
    "Show counts",
    "Toggle theme",
    "Run",
    "Task Results",
    "Authenticators",
    "Save",
    "Cancel",
    "Delete",
    "Submit",
    "Search",
    "Filter",
    "Start typing",
    "Model name",
    "Add link",
    "Sidebar",
    "Pagination",
    "View selected",
    "Can add",
    "Can change",
    "Can view",
    "Can delete",
)
#: bokmål that is there but reads wrong (issue #14): the word, or the phrase, we replaced
UNIDIOMATIC = (
    "Endre Passord",
    "Glemt ditt passord",
    "assosiert med",
    "Vennligst",
    "epost",
    "Legg til ny programår",
    "matchemotoren",
    "Dere er matchet",
    "med hennes egne ord",
    "Minste forskjell i år",
    "Forfalt",
    "Hvem som kom",
    "Snitt ved avslutning",
    "Vurdert av mentee",
    "Søk som Mentee",
    "Start matching",
    "den eneste talent",
)
#: what executive shadowing never says: it has a talent, a host (toppleder) and a pair
MENTORING_WORDS = re.compile(
    r"(?<![\w-])(?:[Mm]entorpar\w*|[Mm]enteen\w*|Bytt to mentorer)(?![\w-])"
)
#: an English month abbreviation after a day, or a Norwegian one capitalised: "16. Nov 2026"
BAD_DATE = re.compile(
    r"\b\d{1,2}\.? (?:Jan|Feb|Mar|Apr|May|Mai|Jun|Jul|Aug|Sep|Oct|Okt|Nov|Dec|Des)\b"
)


def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-])")


ENGLISH_WORDS = _pattern(ENGLISH)
PLAIN_ENGLISH_WORDS = _pattern(PLAIN_ENGLISH)
UNIDIOMATIC_PHRASES = _pattern(UNIDIOMATIC)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{?[^}]*\}?\}|<[^>]+>|[\n“”«»\"]")


@cache
def catalogue_sentences() -> tuple[str, ...]:
    """The English sentences (parts between placeholders, three words or more) of every
    msgid the project translates into something else."""
    catalogue = polib.pofile(str(settings.BASE_DIR / "locale/nb/LC_MESSAGES/django.po"))
    sentences = set()
    for entry in catalogue.translated_entries():
        translations = [entry.msgstr, *entry.msgstr_plural.values()]
        for msgid in (entry.msgid, entry.msgid_plural):
            if not msgid or msgid in translations:
                continue
            for part in PLACEHOLDER.split(msgid):
                part = " ".join(part.split()).strip(" .,:;()–-")
                if len(part.split()) >= 3:
                    sentences.add(part)
    return tuple(sorted(sentences, key=len, reverse=True))


def problems(text: str, admin: bool = False) -> list[str]:
    found = [f"English {m[0]!r}" for m in ENGLISH_WORDS.finditer(text)]
    if not admin:
        found += [f"English {m[0]!r}" for m in PLAIN_ENGLISH_WORDS.finditer(text)]
    found += [f"unidiomatic {m[0]!r}" for m in UNIDIOMATIC_PHRASES.finditer(text)]
    found += [f"date {m[0]!r}" for m in BAD_DATE.finditer(text)]
    found += [f"untranslated {s!r}" for s in catalogue_sentences() if s in text]
    return found


def _context(text: str, problem: str) -> str:
    word = problem.split(" ", 1)[1].strip("'\"")
    found = re.search(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", text)
    at = found.start() if found else text.find(word)
    return text[max(0, at - 60) : at + len(word) + 60]


@pytest.fixture
def demo(db):
    from brobygger.demo.loader import load_demo

    with time_machine.travel(dt.datetime(2026, 11, 28, 12, 0, tzinfo=OSLO), tick=False):
        load_demo(today=TODAY)
        yield


def _client(key: str | None) -> Client:
    client = Client()
    if key:
        client.force_login(get_user_model().objects.get(email=language_crawl.email_for(key)))
    return client


def _run_shadowing_matching(client: Client) -> str:
    """The shadowing cohort's matching run, so its matching page shows pairs; its code."""
    from brobygger.programs.models import Cohort

    cohort = Cohort.objects.get(initiative__kind="shadowing", status="review")
    response = client.post(f"/coordinate/{cohort.code}/matching/run/")
    assert response.status_code == 302
    return str(cohort.code)


def test_every_demo_page_and_email_reads_as_bokmal(demo):
    from brobygger.core.models import SentEmail
    from brobygger.core.scheduler import jobs

    report: dict[str, list[str]] = {}
    counted = 0
    shadowing = ""
    pages_read: list[str] = []
    for persona, starts in language_crawl.PERSONAS.items():
        client = _client(None if persona == "visitor" else persona)
        if persona == "coordinator":
            shadowing = _run_shadowing_matching(client)
        if persona != "visitor":
            starts = (*starts, *language_crawl.ACCOUNT_PAGES)
        pages = language_crawl.crawl(client, starts, "nb")
        counted += len(pages)
        pages_read.extend(pages)
        for url, text in pages.items():
            for problem in problems(text, admin=url.startswith("/admin/")):
                report.setdefault(f"{persona} {url}", []).append(
                    f"{problem} in …{_context(text, problem)}…"
                )
            if shadowing and shadowing in url:
                for word in MENTORING_WORDS.finditer(text):
                    report.setdefault(f"{persona} {url}", []).append(f"shadowing says {word[0]!r}")
    for job in jobs():
        if job.name != "core.prune_scheduled_runs":
            import_string(job.run)()
    emails = list(SentEmail.objects.order_by("pk"))
    for email in emails:
        text = f"{email.subject} ¦ {' '.join(email.body.split())}"
        for problem in problems(text):
            report.setdefault(f"email {email.template} to {email.to}", []).append(
                f"{problem} in …{_context(text, problem)}…"
            )
    if path := os.environ.get("BROBYGGER_LANGUAGE_REPORT"):  # the whole list, to work through
        Path(path).write_text(json.dumps(report, ensure_ascii=False, indent=1))
    assert report == {}
    assert counted > 150
    assert any(shadowing in url for url in pages_read)
    assert {email.template for email in emails} >= {"pairs/email/reminder_pair_quiet"}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nb", ["16. nov. 2026", "7. des. 2026", "26. mars 2027", "1. mai 2027", "3. juni 2027"]),
        ("en", ["16 Nov 2026", "7 Dec 2026", "26 Mar 2027", "1 May 2027", "3 Jun 2027"]),
    ],
)
def test_short_dates_abbreviate_months_as_each_language_does(language, expected):
    from django.utils import translation
    from django.utils.formats import date_format

    days = [
        dt.date(2026, 11, 16),
        dt.date(2026, 12, 7),
        dt.date(2027, 3, 26),
        dt.date(2027, 5, 1),
        dt.date(2027, 6, 3),
    ]
    with translation.override(language):
        assert [date_format(day, "SHORT_MONTH_DATE_FORMAT") for day in days] == expected
        assert date_format(days[0], "SHORT_MONTH_DAY_FORMAT") == expected[0].rsplit(" ", 1)[0]


def test_the_project_catalogue_overrides_the_libraries_bokmal():
    from django.utils import translation
    from django.utils.translation import gettext, pgettext

    with translation.override("nb"):
        assert [
            gettext("- Select an option -"),
            gettext("Change Password"),
            gettext("Forgot your password?"),
            gettext("The following email addresses are associated with your account:"),
            gettext("Already have an account? Then please %(link)ssign in%(end_link)s."),
            gettext("Add %(name)s") % {"name": "programår"},
            gettext("Run"),
            gettext("Show counts"),
            gettext("Start typing to filter…"),
            gettext("Toggle theme (current theme: auto)"),
            gettext("Task Results"),
            pgettext("menu", "Health"),
            pgettext("industry", "Health"),
        ] == [
            "– Velg –",
            "Endre passord",
            "Glemt passordet?",
            "Disse e-postadressene er knyttet til kontoen din:",
            "Har du allerede en konto? %(link)sLogg inn%(end_link)s.",
            "Legg til programår",
            "Utfør",
            "Vis antall",
            "Skriv for å filtrere …",
            "Bytt fargetema (nå: automatisk)",
            "Jobbresultater",
            "Oppfølging",
            "Helse",
        ]


@pytest.mark.django_db
def test_the_admin_names_permissions_in_bokmal():
    from django.contrib.auth.models import Permission
    from django.utils import translation

    from brobygger.people.admin import permission_label

    permission = Permission.objects.get(codename="change_person")
    with translation.override("nb"):
        assert (
            permission_label(permission) == "Personer og virksomheter | person | Kan endre person"
        )
    with translation.override("en"):
        assert permission_label(permission) == "People and companies | person | Can change person"
