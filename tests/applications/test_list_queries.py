"""List views keep a constant number of queries at 1 and 3 items."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ApplicationFactory, CohortFactory


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_my_applications_queries_do_not_grow(client, mentee_anne):
    client.force_login(mentee_anne.user)
    url = reverse("applications:mine")
    ApplicationFactory(person=mentee_anne, cohort=CohortFactory())
    one = _queries(client, url)
    for _ in range(2):
        ApplicationFactory(person=mentee_anne, cohort=CohortFactory())
    assert _queries(client, url) == one
