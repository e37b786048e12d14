"""The company contact's list pages keep a constant number of queries at 1 and 3 items."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from brobygger.applications.models import Nomination, Nominee
from brobygger.people.models import CompanyContact
from tests.factories import ApplicationFactory, CohortFactory, InitiativeFactory, PersonFactory


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_nominations_queries_do_not_grow(client, contact_hege):
    contact = CompanyContact.objects.get(person=contact_hege)
    client.force_login(contact_hege.user)
    url = reverse("company:nominations")

    def nominate() -> None:
        ApplicationFactory(
            status="nominated",
            source="nomination",
            nominated_by=contact,
            person=PersonFactory(company=contact.company),
        )

    nominate()
    one = _queries(client, url)
    nominate()
    nominate()
    assert _queries(client, url) == one


def test_pair_nominations_come_a_page_at_a_time(client, contact_hege, monkeypatch):
    """Every year's nominations of the company, newest first, 50 a page (2 here); the
    queries do not grow with the rows (the nominees are read for the page at once)."""
    monkeypatch.setattr("brobygger.core.pagination.PER_PAGE", 2)
    contact = CompanyContact.objects.get(person=contact_hege)
    cohort = CohortFactory(initiative=InitiativeFactory(kind="shadowing", slug="skygging"))
    client.force_login(contact_hege.user)
    url = reverse("company:nominations")

    def nominate(n: int) -> Nomination:
        made = Nomination.objects.create(
            cohort=cohort,
            company=contact.company,
            nominated_by=contact,
            reason=f"Grunn {n}",
            wants_to_learn="Ledelse",
        )
        for role in ("mentee", "mentor"):
            Nominee.objects.create(
                nomination=made, role=role, first_name=f"{role}{n}", email=f"{role}{n}@x.example"
            )
        return made

    made = [nominate(0)]
    one = _queries(client, url)
    made += [nominate(1), nominate(2)]
    assert _queries(client, url) == one
    first = client.get(url).context
    second = client.get(url, {"page": 2}).context
    assert list(first["pair_nominations"]) == [made[2], made[1]]
    assert list(second["pair_nominations"]) == [made[0]]
    assert first["page_obj"].paginator.count == 3
