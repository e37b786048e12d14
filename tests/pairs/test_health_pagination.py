"""The health page shows the pairs a page at a time (issue 23): by the mentee's name, the
counts over every pair; a page past the end shows the last page."""

import pytest
from django.urls import reverse

from tests.pairs.helpers import make_pair, other_people


@pytest.fixture
def three_pairs(cohort):
    pairs = []
    for prefix in ("c", "a", "b"):
        mentee, mentor = other_people(prefix)
        pairs.append(make_pair(cohort, mentee, mentor))
    return pairs


def _mentees(response):
    return [row.pair.mentee.user.first_name for row in response.context["rows"]]


def test_page_two_shows_the_next_pairs(en, cohort, three_pairs, coordinator_cora, monkeypatch):
    monkeypatch.setattr("brobygger.core.pagination.PER_PAGE", 2)
    en.force_login(coordinator_cora.user)
    url = reverse("pairs:health", args=[cohort.code])
    first = en.get(url)
    second = en.get(url, {"page": 2})
    assert _mentees(first) == ["aSenior", "bSenior"]
    assert _mentees(second) == ["cSenior"]
    # the heading counts every pair, not the page's
    assert (first.context["n_pairs"], second.context["n_pairs"]) == (3, 3)
    html = first.content.decode()
    assert '<nav class="pagination" aria-label="Pages">' in html
    assert "Showing 1–2 of 3" in html
    assert '<span aria-current="page">Page 1 of 2</span>' in html
    assert 'href="?page=2" rel="next"' in html
    assert 'rel="prev"' not in html
    assert 'href="?page=1" rel="prev"' in second.content.decode()


@pytest.mark.parametrize("page", ["9", "-1"])
def test_a_page_past_the_end_shows_the_last_page(
    en, cohort, three_pairs, coordinator_cora, monkeypatch, page
):
    monkeypatch.setattr("brobygger.core.pagination.PER_PAGE", 2)
    en.force_login(coordinator_cora.user)
    response = en.get(reverse("pairs:health", args=[cohort.code]), {"page": page})
    assert response.status_code == 200
    assert (_mentees(response), response.context["page_obj"].number) == (["cSenior"], 2)


def test_not_a_number_shows_the_first_page(en, cohort, three_pairs, coordinator_cora, monkeypatch):
    monkeypatch.setattr("brobygger.core.pagination.PER_PAGE", 2)
    en.force_login(coordinator_cora.user)
    response = en.get(reverse("pairs:health", args=[cohort.code]), {"page": "x"})
    assert _mentees(response) == ["aSenior", "bSenior"]


def test_one_page_shows_no_page_navigation(en, cohort, three_pairs, coordinator_cora):
    en.force_login(coordinator_cora.user)
    response = en.get(reverse("pairs:health", args=[cohort.code]))
    assert _mentees(response) == ["aSenior", "bSenior", "cSenior"]
    assert 'class="pagination"' not in response.content.decode()


def test_the_navigation_is_in_norwegian(client, cohort, three_pairs, coordinator_cora, monkeypatch):
    monkeypatch.setattr("brobygger.core.pagination.PER_PAGE", 2)
    client.force_login(coordinator_cora.user)
    html = client.get(reverse("pairs:health", args=[cohort.code]), {"page": 2}).content.decode()
    assert '<nav class="pagination" aria-label="Sider">' in html
    assert "Viser 3–3 av 3" in html
    assert '<span aria-current="page">Side 2 av 2</span>' in html
    assert ">Forrige side</a>" in html


@pytest.mark.parametrize("who", ["mentee_anne", "contact_hege", "outsider_dag"])
def test_a_later_page_is_404_for_others(client, cohort, three_pairs, who, request):
    client.force_login(request.getfixturevalue(who).user)
    response = client.get(reverse("pairs:health", args=[cohort.code]), {"page": 2})
    assert response.status_code == 404
    assert "aSenior" not in response.content.decode()
