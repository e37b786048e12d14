"""The front page's cards are built once for everyone who sees the published years only, and
built again when what they show is written or their next date passes (docs/architecture.md,
*Cache*). The cache must never carry what only a coordinator sees."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from tests.factories import CohortFactory, InitiativeFactory

from brobygger.gatherings.models import Gathering
from brobygger.programs.selectors import front_page_lifetime, initiatives_with_current_cohorts

URL = reverse("programs:home")
NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)


def _grid(response):
    """The cards of the page, without the header (its menu differs by who is signed in)."""
    html = response.content.decode()
    return html[html.index('<div class="initiative-grid">') : html.index("</main>")]


@pytest.fixture
def open_year(db):
    with time_machine.travel(NOW, tick=False):
        initiative = InitiativeFactory(slug="rm", kind="reverse", name="Reverse Mentoring")
        return CohortFactory(
            initiative=initiative,
            title="2027",
            status="open",
            applications_open_at=NOW - dt.timedelta(days=10),
            applications_close_at=NOW + dt.timedelta(minutes=5),
        )


@time_machine.travel(NOW, tick=False)
def test_the_second_visitor_reads_no_table_and_sees_the_same_cards(
    client, open_year, mentee_anne, django_assert_num_queries
):
    first = client.get(URL)
    with django_assert_num_queries(0):
        again = client.get(URL)
    assert _grid(again) == _grid(first)
    assert "2027" in _grid(again)
    client.force_login(mentee_anne.user)
    assert _grid(client.get(URL)) == _grid(first)


@time_machine.travel(NOW, tick=False)
def test_a_change_to_a_year_or_its_gatherings_shows_at_the_next_visit(client, open_year):
    client.get(URL)
    open_year.title = "2027–2028"
    open_year.save()
    assert "2027–2028" in _grid(client.get(URL))

    gathering = Gathering.objects.create(
        title="Samling om kunstig intelligens",
        starts_at=NOW + dt.timedelta(days=40),
        ends_at=NOW + dt.timedelta(days=40, hours=2),
    )
    assert "Samling om kunstig intelligens" not in _grid(client.get(URL))
    gathering.cohorts.add(open_year)
    assert "Samling om kunstig intelligens" in _grid(client.get(URL))
    gathering.delete()
    assert "Samling om kunstig intelligens" not in _grid(client.get(URL))


def test_the_card_turns_when_the_application_window_closes(client, open_year):
    with time_machine.travel(NOW, tick=False):
        assert "Søknadsperioden er åpen" in _grid(client.get(URL, HTTP_ACCEPT_LANGUAGE="nb"))
        overviews = initiatives_with_current_cohorts(_anonymous())
        assert front_page_lifetime(overviews, NOW) == 5 * 60
    with time_machine.travel(NOW + dt.timedelta(minutes=5, seconds=1), tick=False):
        grid = _grid(client.get(URL, HTTP_ACCEPT_LANGUAGE="nb"))
    assert "Søknadsperioden er åpen" not in grid
    assert "Søknadsperioden er stengt." in grid


def test_the_cards_last_until_midnight_at_most(open_year):
    """After the window closes, the next change is the timelines' day turning."""
    later = NOW + dt.timedelta(days=1)  # 13:00 in Oslo: eleven hours to midnight
    overviews = initiatives_with_current_cohorts(_anonymous())
    assert front_page_lifetime(overviews, later) == 600  # the longest the cards are kept
    evening = dt.datetime(2026, 12, 8, 22, 58, tzinfo=dt.UTC)  # 23:58 in Oslo
    assert front_page_lifetime(overviews, evening) == 120


@time_machine.travel(NOW, tick=False)
def test_each_language_has_its_own_cards(client, open_year):
    assert "Søknadsperioden er åpen" in _grid(client.get(URL, HTTP_ACCEPT_LANGUAGE="nb"))
    assert "Applications are open" in _grid(client.get(URL, HTTP_ACCEPT_LANGUAGE="en"))
    assert "Søknadsperioden er åpen" in _grid(client.get(URL, HTTP_ACCEPT_LANGUAGE="nb"))


@time_machine.travel(NOW, tick=False)
def test_a_coordinators_draft_never_reaches_the_shared_cards(
    client, open_year, coordinator_cora, mentee_anne, outsider_dag
):
    """Cora coordinates Reverse Mentoring, whose 2028 is still a draft: she sees it; the
    visitor, a participant and someone from another company do not, whoever came first."""
    CohortFactory(
        initiative=InitiativeFactory(slug="reverse-mentoring"), title="2028", status="draft"
    )
    client.force_login(coordinator_cora.user)
    assert "2028" in _grid(client.get(URL))
    client.logout()
    assert "2028" not in _grid(client.get(URL))
    for persona in (mentee_anne, outsider_dag):
        client.force_login(persona.user)
        assert "2028" not in _grid(client.get(URL))
    client.force_login(coordinator_cora.user)
    assert "2028" in _grid(client.get(URL))


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()
