"""The matching page of a running year lists its published pairs a page at a time (issue 23),
by the mentee's first name; a page past the end shows the last."""

import pytest
from django.urls import reverse

from tests.pairs.helpers import make_pair, other_people, running_cohort

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(reverse_initiative):
    cohort = running_cohort(reverse_initiative)
    for prefix in ("c", "a", "b"):
        make_pair(cohort, *other_people(prefix))
    return cohort


@pytest.fixture
def en(client, settings, coordinator_cora, monkeypatch):
    monkeypatch.setattr("brobygger.core.pagination.PER_PAGE", 2)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(coordinator_cora.user)
    return client


def _mentees(response):
    return [pair.mentee.user.first_name for pair in response.context["published_pairs"]]


def test_page_two_shows_the_next_pairs(en, cohort):
    url = reverse("matching:cohort", args=[cohort.code])
    first, second = en.get(url), en.get(url, {"page": 2})
    assert (_mentees(first), _mentees(second)) == (["aSenior", "bSenior"], ["cSenior"])
    html = second.content.decode()
    assert html.count('class="published-pair"') == 1
    assert "Showing 3–3 of 3" in html
    assert 'href="?page=1" rel="prev"' in html


def test_a_page_past_the_end_shows_the_last_page(en, cohort):
    response = en.get(reverse("matching:cohort", args=[cohort.code]), {"page": 7})
    assert (_mentees(response), response.context["page_obj"].number) == (["cSenior"], 2)


@pytest.mark.parametrize("who", ["mentee_anne", "contact_hege", "outsider_dag"])
def test_a_later_page_is_404_for_others(client, cohort, who, request):
    client.force_login(request.getfixturevalue(who).user)
    response = client.get(reverse("matching:cohort", args=[cohort.code]), {"page": 2})
    assert response.status_code == 404
    assert "cSenior" not in response.content.decode()
