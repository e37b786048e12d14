"""Shared fixtures: personas from different companies, in the healthchecks style.

- ``mentee_anne``   senior at company A (Nordlys Kraft)
- ``mentor_bo``     young professional at company B (Skarven Software)
- ``coordinator_cora`` coordinates the reverse mentoring initiative (not staff)
- ``contact_hege``  HR contact for company A
- ``outsider_dag``  at company C, no role anywhere
- ``admin_ada``     network admin (superuser)
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
import time_machine
from django.db import connection

from tests.factories import (
    CohortFactory,
    CompanyFactory,
    InitiativeFactory,
    PersonFactory,
)


def pytest_configure(config: pytest.Config) -> None:
    """``BROBYGGER_TEST_CLOCK_AHEAD_DAYS=365 make test`` runs the suite with the clock that
    many days ahead (still ticking), to find tests that read the real clock: the suite must
    pass on any day of any year. Frozen times inside tests still win."""
    days = int(os.environ.get("BROBYGGER_TEST_CLOCK_AHEAD_DAYS", "0"))
    if days:
        ahead = dt.datetime.now(dt.UTC) + dt.timedelta(days=days)
        time_machine.travel(ahead, tick=True).start()


#: files that take minutes each (every demo page in a browser at two widths; every page by
#: every persona): collected first, so that pytest-xdist (``--dist loadfile``) hands them out
#: first and the other files fill the other worker, instead of one of them running alone at
#: the end of the run
SLOW_FILES = (
    "tests/e2e/test_accessibility.py",
    "tests/pairs/test_confidentiality.py",
    "tests/e2e/test_phone_layout.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.nodeid.split("::")[0] not in SLOW_FILES)


@pytest.fixture(scope="session")
def django_db_modify_db_settings_tox_suffix(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """On SQLite the test database is a file, not memory, so the suite runs the same
    connection set-up as the site (WAL, a busy timeout, IMMEDIATE transactions) and the
    concurrency tests run on SQLite too: threads on a shared in-memory database get
    "table is locked" at once, where a file waits its turn. (pytest-django's hook that runs
    first; xdist then adds its worker suffix to the name.)"""
    import shutil
    import tempfile
    from pathlib import Path

    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.sqlite3":
        yield
        return
    worker = getattr(request.config, "workerinput", {})
    run = f"{worker['testrunuid']}-{worker['workerid']}" if worker else str(os.getpid())
    folder = Path(tempfile.gettempdir()) / f"brobygger-tests-{run}"  # this process's own
    folder.mkdir(exist_ok=True)
    db.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")
    yield
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path_factory):  # type: ignore[no-untyped-def]
    from django.core.cache import cache
    from django.utils import translation

    cache.clear()  # allauth's rate limits live in the cache
    # Requests activate a language in the thread and leave it there: start every test
    # from the site's default language, whatever the previous test did.
    translation.activate(settings.LANGUAGE_CODE)
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        # uploaded materials: a folder of the test run's own, never the data directory
        "materials": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path_factory.getbasetemp() / "materials")},
        },
    }


@pytest.fixture
def english(client, settings):  # type: ignore[no-untyped-def]
    """The English interface: the browser chose English (the cookie wins over a signed-in
    person's saved preference, nb by default), and so does the test's own thread (forms,
    emails rendered outside a request). Yields the test client."""
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield client


@pytest.fixture
def company_a(db):
    return CompanyFactory(name="Nordlys Kraft AS", city="Bergen", industry="energy")


@pytest.fixture
def company_b(db):
    return CompanyFactory(name="Skarven Software AS", city="Trondheim", industry="software")


@pytest.fixture
def company_c(db):
    return CompanyFactory(name="Kystlinje Maritim AS", city="Ålesund", industry="maritime")


@pytest.fixture
def mentee_anne(company_a):
    return PersonFactory(
        user__first_name="Anne",
        user__last_name="Aas",
        user__email="anne@a.example",
        company=company_a,
        birth_year=1966,
        job_title="Direktør HR",
    )


@pytest.fixture
def mentor_bo(company_b):
    return PersonFactory(
        user__first_name="Bo",
        user__last_name="Berg",
        user__email="bo@b.example",
        company=company_b,
        birth_year=1999,
        job_title="Utvikler",
    )


@pytest.fixture
def outsider_dag(company_c):
    return PersonFactory(
        user__first_name="Dag",
        user__last_name="Dahl",
        user__email="dag@c.example",
        company=company_c,
        birth_year=1980,
    )


@pytest.fixture
def reverse_initiative(db):
    return InitiativeFactory(kind="reverse", slug="reverse-mentoring", name="Reverse Mentoring")


@pytest.fixture
def coordinator_cora(company_c, reverse_initiative):
    person = PersonFactory(
        user__first_name="Cora",
        user__last_name="Coord",
        user__email="cora@c.example",
        user__is_coordinator=True,
        company=company_c,
        birth_year=1984,
    )
    reverse_initiative.coordinators.add(person.user)
    from django.contrib.auth.models import Group

    from brobygger.people.roles import COORDINATORS_GROUP, ensure_role_groups

    ensure_role_groups()
    person.user.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
    return person


@pytest.fixture
def contact_hege(company_a):
    from brobygger.people.models import CompanyContact

    person = PersonFactory(
        user__first_name="Hege",
        user__last_name="Lunde",
        user__email="hege@a.example",
        company=company_a,
        birth_year=1976,
    )
    CompanyContact.objects.create(person=person, company=company_a)
    return person


@pytest.fixture
def admin_ada(db):
    return PersonFactory(
        user__first_name="Ada",
        user__last_name="Admin",
        user__email="ada@net.example",
        user__is_staff=True,
        user__is_superuser=True,
    )


@pytest.fixture
def open_cohort(reverse_initiative):
    return CohortFactory(initiative=reverse_initiative, title="2027", status="open")


@pytest.fixture
def draft_cohort(reverse_initiative):
    return CohortFactory(initiative=reverse_initiative, title="2028", status="draft")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """PostgreSQL refuses to drop a test database another session still uses. In a full run
    one idle session (its last statement a ROLLBACK, opened in the run's last seconds) can
    outlive the tests that use the live server; end such sessions before the drop, so no
    test database is left behind."""
    yield
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def sign_in_recently(client, user) -> None:  # type: ignore[no-untyped-def]
    """Signed in, and confirmed with her password a moment ago (as allauth records it): the
    pages that ask her to confirm first (deleting the account, a new API token) let her on."""
    import time

    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )

    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "reauthenticated": True}
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()
