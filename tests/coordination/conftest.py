"""The coordination pages' world, frozen on Monday 7 December 2026 in Oslo.

- ``reverse_initiative`` (coordinator_cora, company C) has ``this_year`` (2026–2027,
  running): deadline Thursday 26 March 2026, kickoff Thursday 3 September 2026.
- ``shadowing`` (coordinator_olga, company B) has its own 2026–2027 and a draft
  "Hemmelig 2027–2028" that nobody else may see; the joint kickoff is shared by both.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from tests.factories import CohortFactory, InitiativeFactory, PersonFactory

OSLO = ZoneInfo("Europe/Oslo")
NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=OSLO)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)), OSLO)


@pytest.fixture(autouse=True)
def _frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def year_dates(start: int = 2026) -> dict[str, object]:
    """A programme year like the network's: spring applications, autumn kickoff."""
    return {
        "applications_open_at": at(dt.date(start, 3, 2), 9),
        "applications_close_at": at(dt.date(start, 3, 26), 23, 59),
        "matching_on": dt.date(start, 4, 15),
        "kickoff_on": dt.date(start, 9, 3),
        "closing_on": dt.date(start + 1, 6, 3),
    }


@pytest.fixture
def this_year(reverse_initiative, coordinator_cora):
    return CohortFactory(
        initiative=reverse_initiative,
        title="2026–2027",
        status="running",
        target_pairs=8,
        company_rule="any",
        min_gap_years=12,
        matching_weights={"topics": 4.0, "text": 0.5},
        proposal_reminder_days=4,
        contact=coordinator_cora.user,
        **year_dates(),
    )


@pytest.fixture
def coordinator_olga(company_b):
    return PersonFactory(
        user__first_name="Olga",
        user__last_name="Olsen",
        user__email="olga@b.example",
        user__is_coordinator=True,
        company=company_b,
        birth_year=1975,
    )


@pytest.fixture
def shadowing(coordinator_olga):
    initiative = InitiativeFactory(
        kind="shadowing", slug="executive-shadowing", name="Executive Shadowing"
    )
    initiative.coordinators.add(coordinator_olga.user)
    return initiative


@pytest.fixture
def shadowing_year(shadowing):
    return CohortFactory(initiative=shadowing, title="2026–2027", status="running", **year_dates())


@pytest.fixture
def secret_draft(shadowing):
    return CohortFactory(
        initiative=shadowing, title="Hemmelig 2027–2028", status="draft", **year_dates(2027)
    )
