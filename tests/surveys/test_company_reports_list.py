"""The company contact's list of reports: one row a programme year her company took part
in, newest first, 50 a page; another company's years never appear."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ApplicationFactory, CohortFactory, InitiativeFactory, PersonFactory

URL = reverse("surveys:company-reports")


def _years(response):
    return re.findall(r'<h2><a href="[^"]+">[^<]*? (Y\d+)</a></h2>', response.content.decode())


@pytest.fixture
def years_taken_part(contact_hege, mentee_anne, company_b):
    """Anne (Hege's company) took part in 51 years; Skarven's Sigrid in one more of her own."""
    initiative = InitiativeFactory(slug="mp", kind="classic", name="Mentorprogram")
    start = dt.date(2020, 2, 1)
    for number in range(51):
        cohort = CohortFactory(
            initiative=initiative,
            title=f"Y{number:02d}",
            status="closed",
            kickoff_on=start + dt.timedelta(days=30 * number),
        )
        ApplicationFactory(
            cohort=cohort,
            person=mentee_anne,
            decision="accepted",
            decision_released_at=timezone.now(),
        )
    other = CohortFactory(initiative=initiative, title="Y99", status="closed")
    ApplicationFactory(
        cohort=other,
        person=PersonFactory(company=company_b),
        decision="accepted",
        decision_released_at=timezone.now(),
    )


def test_fifty_years_a_page_newest_first(english, contact_hege, years_taken_part):
    client = english
    client.force_login(contact_hege.user)
    first = client.get(URL)
    assert _years(first) == [f"Y{number:02d}" for number in range(50, 0, -1)]
    assert "Showing 1–50 of 51" in first.content.decode()
    assert _years(client.get(URL, {"page": 2})) == ["Y00"]
    # a page past the end shows the last one; a page that is no number, the first
    assert _years(client.get(URL, {"page": 9})) == ["Y00"]
    assert _years(client.get(URL, {"page": "x"}))[:1] == ["Y50"]


def test_the_pages_read_the_same_number_of_rows(client, contact_hege, years_taken_part):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(contact_hege.user)
    counts = []
    for page in (1, 2):
        with CaptureQueriesContext(connection) as queries:
            client.get(URL, {"page": page})
        counts.append(len(queries))
    assert counts[0] == counts[1]
