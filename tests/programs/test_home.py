"""The public home page: initiatives, current cohorts, timelines; drafts stay hidden."""

import re

import pytest
from django.urls import reverse
from tests.factories import CohortFactory, InitiativeFactory

from brobygger.programs.models import Cohort

URL = reverse("programs:home")


def _names(response):
    """Each card's initiative and current year, read off the page as a visitor sees it (the
    cards may come from the cache, without a template context)."""
    years = {
        reverse("programs:cohort-detail", args=[c.code]): c.title for c in Cohort.objects.all()
    }
    names = []
    for card in response.content.decode().split('<article class="card initiative')[1:]:
        slug = re.search(r'id="initiative-([^"]+)"', card)[1]
        current = re.search(r'<div class="cohort-head">\s*<h3><a href="([^"]+)"', card)
        names.append((slug, years[current[1]] if current else None))
    return names


@pytest.mark.django_db
def test_home_shows_each_initiative_with_its_current_cohort(client):
    reverse_ = InitiativeFactory(slug="rm", kind="reverse", order=1, name="Reverse Mentoring")
    classic = InitiativeFactory(slug="mp", kind="classic", order=2, name="Mentorprogram")
    CohortFactory(initiative=reverse_, title="2027", status="open")
    CohortFactory(initiative=reverse_, title="2026", status="closed")
    CohortFactory(initiative=classic, title="2026–2027", status="running")
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="nb")
    assert _names(response) == [("rm", "2027"), ("mp", "2026–2027")]
    content = response.content.decode()
    assert "Søknadsperioden er åpen" in content
    assert [c.title for c in response.context["cards"][0][0].earlier] == ["2026"]


def test_draft_cohort_is_hidden_from_anonymous_and_outsiders(
    client, draft_cohort, outsider_dag, mentee_anne
):
    """An initiative whose only year is a draft is not on the public page at all."""
    assert _names(client.get(URL)) == []
    for persona in (outsider_dag, mentee_anne):
        client.force_login(persona.user)
        assert _names(client.get(URL)) == []
        assert "2028" not in client.get(URL).content.decode()


def test_draft_cohort_is_visible_to_its_coordinator(client, draft_cohort, coordinator_cora):
    client.force_login(coordinator_cora.user)
    assert _names(client.get(URL)) == [("reverse-mentoring", "2028")]


def _make_initiatives(n: int) -> None:
    for i in range(n):
        initiative = InitiativeFactory(slug=f"i{i}", order=i)
        CohortFactory(initiative=initiative, status="open")
        CohortFactory(initiative=initiative, status="closed")


@pytest.mark.parametrize("count", [1, 3])
def test_home_query_count_does_not_grow(client, django_assert_num_queries, count, db):
    _make_initiatives(count)
    with django_assert_num_queries(3):
        response = client.get(URL)
    assert len(response.context["cards"]) == count


@pytest.mark.django_db
def test_the_year_taking_applications_now_comes_first_not_next_years_opened_early(client):
    """Next year opened early (its window starts in November next year) does not push the
    year whose call is open right now under "Earlier programme years"."""
    import datetime as dt

    import time_machine

    now = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)
    rm = InitiativeFactory(slug="rm", kind="reverse", order=1)
    CohortFactory(initiative=rm, title="2026", status="closed", kickoff_on=dt.date(2026, 2, 1))
    CohortFactory(
        initiative=rm,
        title="2027",
        status="open",
        applications_open_at=now - dt.timedelta(days=14),
        applications_close_at=now + dt.timedelta(days=24),
        kickoff_on=dt.date(2027, 2, 1),
    )
    CohortFactory(
        initiative=rm,
        title="2028",
        status="open",
        applications_open_at=now + dt.timedelta(days=352),
        applications_close_at=now + dt.timedelta(days=390),
        kickoff_on=dt.date(2028, 1, 31),
    )
    with time_machine.travel(now, tick=False):
        response = client.get(URL, HTTP_ACCEPT_LANGUAGE="nb")
    overview = response.context["cards"][0][0]
    assert (
        overview.current.title,
        [c.title for c in overview.earlier],
        [c.title for c in overview.later],
    ) == ("2027", ["2026"], ["2028"])
    assert "Neste: <a" in " ".join(response.content.decode().split())


def test_home_reads_the_gatherings_of_the_current_years_only(client, db):
    """Five years of a network: the cards show the current year's timeline, so only its
    gatherings are read, not those of every year the network ever ran (issue 23)."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from tests.pairs.helpers import gathering

    initiative = InitiativeFactory(slug="rm", order=1)
    old_years = [CohortFactory(initiative=initiative, status="closed") for _ in range(4)]
    current = CohortFactory(initiative=initiative, status="open")
    for cohort in [*old_years, current]:
        gathering([cohort])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    gathering_queries = [q["sql"] for q in queries if '"gatherings_gathering"' in q["sql"]]
    asked_for = {
        int(pk)
        for sql in gathering_queries
        for pk in re.findall(r"\d+", sql.split(" IN (", 1)[1].split(")", 1)[0])
    }
    assert asked_for == {current.pk}
    assert [overview.current for overview, _ in response.context["cards"]] == [current]
