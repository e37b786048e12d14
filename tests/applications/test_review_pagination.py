"""The review list shows the applications a page at a time (issue 23): counted and sliced in
the database, by name; filters stay on the page links; a page past the end shows the last."""

import pytest
from django.urls import reverse

from tests.factories import ApplicationFactory, PersonFactory


@pytest.fixture
def five(open_cohort):
    for first in ("Eva", "Ada", "Dina", "Bea", "Cai"):
        person = PersonFactory(user__first_name=first, user__last_name="Test")
        role = "mentor" if first in ("Bea", "Dina") else "mentee"
        ApplicationFactory(cohort=open_cohort, person=person, role=role)
    return open_cohort


def _names(response):
    return [row.application.person.user.first_name for row in response.context["rows"]]


def _list(client, cohort, **params):
    return client.get(reverse("applications:review-list", args=[cohort.code]), params)


@pytest.fixture
def en(client, settings, coordinator_cora, monkeypatch):
    monkeypatch.setattr("brobygger.core.pagination.PER_PAGE", 2)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(coordinator_cora.user)
    return client


def test_page_two_shows_the_next_applications(en, five):
    first, second, third = (_list(en, five, page=n) for n in (1, 2, 3))
    assert [_names(first), _names(second), _names(third)] == [
        ["Ada", "Bea"],
        ["Cai", "Dina"],
        ["Eva"],
    ]
    html = second.content.decode()
    assert "5 applications" in html  # the heading counts them all
    assert "Showing 3–4 of 5" in html
    assert '<span aria-current="page">Page 2 of 3</span>' in html
    assert 'href="?page=1" rel="prev"' in html
    assert 'href="?page=3" rel="next"' in html


def test_the_filters_stay_on_the_page_links(en, five):
    response = _list(en, five, role="mentee", page=2)
    assert _names(response) == ["Eva"]
    assert 'href="?role=mentee&amp;page=1" rel="prev"' in response.content.decode()


@pytest.mark.parametrize("page", ["4", "1000"])
def test_a_page_past_the_end_shows_the_last_page(en, five, page):
    response = _list(en, five, page=page)
    assert (_names(response), response.context["page_obj"].number) == (["Eva"], 3)


@pytest.mark.parametrize("who", ["mentee_anne", "contact_hege", "outsider_dag"])
def test_a_later_page_is_404_for_others(client, five, who, request):
    client.force_login(request.getfixturevalue(who).user)
    response = _list(client, five, page=2)
    assert response.status_code == 404
    assert "Cai" not in response.content.decode()
