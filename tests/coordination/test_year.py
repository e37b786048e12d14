"""The network's year: each programme year starting in it (Sept.–Aug.), its state and next
date, the gatherings shared by several programme years, and one form to make a joint one."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from brobygger.core.models import ActivityLog
from brobygger.gatherings.models import Gathering
from tests.coordination.conftest import at
from tests.factories import CohortFactory

YEAR = reverse("coordination:year")


@pytest.fixture
def spring(reverse_initiative):
    """A programme year whose application deadline is still ahead: Thursday 26 March 2027."""
    return CohortFactory(
        initiative=reverse_initiative,
        title="Vår 2027",
        status="open",
        applications_open_at=at(dt.date(2026, 12, 1), 9),
        applications_close_at=at(dt.date(2027, 3, 26), 23, 59),
        matching_on=dt.date(2027, 4, 8),
        kickoff_on=dt.date(2027, 4, 29),
        closing_on=dt.date(2027, 12, 2),
    )


@pytest.fixture
def kickoff(this_year, shadowing_year, secret_draft):
    gathering = Gathering.objects.create(
        title="Felles oppstart",
        starts_at=at(dt.date(2026, 9, 3), 17),
        ends_at=at(dt.date(2026, 9, 3), 19),
        place="Bergen",
    )
    gathering.cohorts.set([this_year, shadowing_year, secret_draft])
    return gathering


def test_the_year_lists_her_programme_years_with_their_next_date(
    client, coordinator_cora, this_year, spring, kickoff
):
    client.force_login(coordinator_cora.user)

    response = client.get(YEAR, HTTP_ACCEPT_LANGUAGE="nb")

    year = response.context["year"]
    assert (year.label, year.first_day, year.last_day) == (
        "2026–2027",
        dt.date(2026, 9, 1),
        dt.date(2027, 8, 31),
    )
    assert [
        (r.cohort.title, r.cohort.status, r.next_date.label, r.next_date.day) for r in year.rows
    ] == [
        ("Vår 2027", "open", "Søknadsfrist", dt.date(2027, 3, 26)),
        ("2026–2027", "running", "Avslutning", dt.date(2027, 6, 3)),
    ]
    html = response.content.decode()
    assert '<dd>Søknadsfrist <span class="nowrap">26. mars</span></dd>' in html
    assert '<dd>Avslutning <span class="nowrap">3. juni</span></dd>' in html
    assert "<h1>Nettverkets år 2026–2027</h1>" in html


def _next(cohort):
    from brobygger.coordination.selectors import next_date

    found = next_date(cohort, dt.date(2026, 12, 7))
    return found.label, found.day


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("draft", ("Søknadsfrist", dt.date(2027, 3, 26))),
        ("open", ("Søknadsfrist", dt.date(2027, 3, 26))),
        # she closed the period early: the deadline is no longer what comes next
        ("review", ("Matching", dt.date(2027, 4, 8))),
        ("matching", ("Matching", dt.date(2027, 4, 8))),
        ("published", ("Oppstart", dt.date(2027, 4, 29))),
        ("running", ("Avslutning", dt.date(2027, 12, 2))),
        ("closed", ("Avsluttet", dt.date(2027, 12, 2))),
    ],
)
def test_the_next_date_is_the_next_one_ahead_for_the_years_state(spring, status, expected):
    """Monday 7 December 2026; the spring year's deadline is 26 March 2027."""
    spring.status = status
    with translation.override("nb"):
        assert _next(spring) == expected


def test_a_matched_year_shows_its_kickoff_next_on_the_year_page(client, coordinator_cora, spring):
    spring.status = "published"
    spring.save()
    client.force_login(coordinator_cora.user)
    html = client.get(YEAR, HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert '<dd>Oppstart <span class="nowrap">29. april</span></dd>' in html
    assert "Søknadsfrist" not in html


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nb", ["1. feb.", "26. mars", "3. juni", "2. sep."]),
        ("en", ["1 Feb", "26 Mar", "3 Jun", "2 Sep"]),
    ],
)
def test_short_dates_are_written_as_people_write_them(language, expected):
    days = [dt.date(2027, 2, 1), dt.date(2027, 3, 26), dt.date(2027, 6, 3), dt.date(2027, 9, 2)]

    with translation.override(language):
        assert [date_format(day, "SHORT_MONTH_DAY_FORMAT") for day in days] == expected


def test_joint_gatherings_name_the_programme_years_she_may_know_of(
    client, coordinator_cora, admin_ada, kickoff
):
    client.force_login(coordinator_cora.user)

    joint = client.get(YEAR).context["year"].joint_gatherings

    assert [(j.gathering.title, j.cohort_names) for j in joint] == [
        ("Felles oppstart", ["Reverse Mentoring 2026–2027", "Executive Shadowing 2026–2027"])
    ]
    assert "Hemmelig" not in client.get(YEAR).content.decode()


def test_previous_and_next_years(client, coordinator_cora, admin_ada, this_year, secret_draft):
    client.force_login(coordinator_cora.user)
    html = client.get(YEAR).content.decode()
    assert f'href="{reverse("coordination:year", args=[2025])}" rel="prev"' in html
    assert f'href="{reverse("coordination:year", args=[2027])}" rel="next"' in html

    next_year = client.get(reverse("coordination:year", args=[2027])).context["year"]
    client.force_login(admin_ada.user)
    as_admin = client.get(reverse("coordination:year", args=[2027])).context["year"]

    assert [r.cohort.title for r in next_year.rows] == []
    assert [r.cohort.title for r in as_admin.rows] == ["Hemmelig 2027–2028"]


def test_a_year_out_of_range_answers_404(client, coordinator_cora, this_year):
    client.force_login(coordinator_cora.user)

    assert client.get(reverse("coordination:year", args=[1999])).status_code == 404


def _cohorts_with_gatherings(initiative, n):
    for i in range(n):
        cohort = CohortFactory(
            initiative=initiative,
            title=f"Kull {i}",
            status="running",
            kickoff_on=dt.date(2026, 10, 1 + i),
            applications_open_at=at(dt.date(2026, 6, 1), 9),
            applications_close_at=at(dt.date(2026, 6, 20), 9),
            matching_on=dt.date(2026, 8, 1),
            closing_on=dt.date(2027, 6, 1),
        )
        gathering = Gathering.objects.create(
            title=f"Samling {i}",
            starts_at=at(dt.date(2026, 11, 1 + i), 17),
            ends_at=at(dt.date(2026, 11, 1 + i), 19),
            place="Oslo",
        )
        gathering.cohorts.set([cohort, *initiative.cohorts.exclude(pk=cohort.pk)[:1]])


@pytest.mark.parametrize("n", [1, 3])
def test_the_year_page_makes_the_same_queries_for_1_and_3_programme_years(
    client, coordinator_cora, reverse_initiative, django_assert_num_queries, n
):
    _cohorts_with_gatherings(reverse_initiative, n)
    client.force_login(coordinator_cora.user)

    with django_assert_num_queries(8):
        response = client.get(YEAR)

    assert len(response.context["year"].rows) == n


def test_a_joint_gathering_is_made_once_for_several_programme_years(
    client, coordinator_cora, this_year, spring
):
    client.force_login(coordinator_cora.user)

    response = client.post(
        YEAR,
        {
            "joint-programme_years": [str(this_year.code), str(spring.code)],
            "joint-title": "Felles avslutning",
            "joint-theme": "Hva lærte vi?",
            "joint-starts_at": "2027-06-03T17:00",
            "joint-ends_at": "2027-06-03T20:00",
            "joint-place": "Bryggen, Bergen",
            "joint-video_url": "",
        },
    )

    gathering = Gathering.objects.get(title="Felles avslutning")
    assert response.url == reverse("coordination:year", args=[2026])
    assert set(gathering.cohorts.all()) == {this_year, spring}
    assert (gathering.place, gathering.created_by, gathering.invitations.count()) == (
        "Bryggen, Bergen",
        coordinator_cora.user,
        0,
    )
    assert ActivityLog.objects.filter(action="gathering.create").count() == 1


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        (
            {"joint-programme_years": ["THIS"]},
            {
                "programme_years": [
                    "Velg minst to programår. En samling for ett programår lages på "
                    "programårets egen side for samlinger."
                ]
            },
        ),
        (
            {"joint-programme_years": ["THIS", "OLGA"]},
            {
                "programme_years": [
                    "Velg et gyldig valg. OLGA er ikke et av de tilgjengelige valgene."
                ]
            },
        ),
        (
            {"joint-ends_at": "2027-06-03T16:00"},
            {"ends_at": ["En samling må slutte etter at den har startet."]},
        ),
        ({"joint-place": ""}, {"place": ["Oppgi en videolenke eller et sted."]}),
    ],
)
def test_a_joint_gathering_with_bad_input_is_not_made(
    client, coordinator_cora, this_year, spring, shadowing_year, changes, errors
):
    client.force_login(coordinator_cora.user)
    codes = {"THIS": str(this_year.code), "OLGA": str(shadowing_year.code)}
    data = {
        "joint-programme_years": [str(this_year.code), str(spring.code)],
        "joint-title": "Felles avslutning",
        "joint-starts_at": "2027-06-03T17:00",
        "joint-ends_at": "2027-06-03T20:00",
        "joint-place": "Bergen",
        **changes,
    }
    data["joint-programme_years"] = [codes.get(c, c) for c in data["joint-programme_years"]]

    response = client.post(YEAR, data, HTTP_ACCEPT_LANGUAGE="nb")

    found = {
        k: [e.replace(codes["OLGA"], "OLGA") for e in v]
        for k, v in response.context["form"].errors.items()
    }
    assert found == errors
    assert Gathering.objects.count() == 0
