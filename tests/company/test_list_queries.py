"""The company contact's list pages keep a constant number of queries at 1 and 3 items."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from brobygger.people.models import CompanyContact
from tests.factories import ApplicationFactory, PersonFactory


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
