"""One navigation: the main menu each persona sees (labels, which is the current page), its
cost in queries, and the breadcrumbs partial."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.factories import CohortFactory
from tests.surveys.conftest import make_pair


def _menu(client, url: str) -> list[tuple[str, bool]]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url)
    assert response.status_code == 200
    return [(item.label, item.active) for item in response.context["nav"]]


@pytest.fixture
def anne_in_a_pair(mentee_anne, mentor_bo, reverse_initiative):
    cohort = CohortFactory(initiative=reverse_initiative, status="running")
    return make_pair(cohort, mentee_anne, mentor_bo)


def test_the_anonymous_visitor_sees_the_programmes(client, db):
    assert _menu(client, reverse("programs:home")) == [("Programmes", True)]


def test_a_participant_in_a_pair_sees_her_pair_and_gatherings(client, anne_in_a_pair):
    client.force_login(anne_in_a_pair.mentee.user)
    menu = [
        ("Programmes", False),
        ("My applications", False),
        ("My pair", True),
        ("Gatherings", False),
        ("My profile", False),
    ]
    assert _menu(client, reverse("pairs:pair-detail", args=[anne_in_a_pair.code])) == menu
    assert [active for _label, active in _menu(client, reverse("gatherings:mine"))] == [
        False,
        False,
        False,
        True,
        False,
    ]


def test_a_signed_in_person_without_a_pair_or_role(client, outsider_dag):
    client.force_login(outsider_dag.user)
    assert _menu(client, reverse("people:profile-edit")) == [
        ("Programmes", False),
        ("My applications", False),
        ("My profile", True),
    ]
    assert _menu(client, reverse("applications:mine"))[1] == ("My applications", True)


def test_the_coordinator_sees_coordination(client, coordinator_cora, open_cohort):
    client.force_login(coordinator_cora.user)
    assert _menu(client, reverse("coordination:overview")) == [
        ("Programmes", False),
        ("My applications", False),
        ("My profile", False),
        ("Coordination", True),
    ]


def test_the_company_contact_sees_her_company_pages(client, contact_hege):
    client.force_login(contact_hege.user)
    assert _menu(client, reverse("company:participants")) == [
        ("Programmes", False),
        ("My applications", False),
        ("My profile", False),
        ("Nominations", False),
        ("Our participants", True),
    ]
    assert _menu(client, reverse("company:nominations"))[3] == ("Nominations", True)


def test_the_network_admin_sees_coordination_and_the_administration(client, admin_ada):
    client.force_login(admin_ada.user)
    assert _menu(client, reverse("programs:home")) == [
        ("Programmes", True),
        ("My applications", False),
        ("My profile", False),
        ("Coordination", False),
        ("Administration", False),
    ]


def _queries_on(client, url: str, table: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum(f'"{table}"' in q["sql"] for q in queries.captured_queries)


def test_entries_sharing_a_role_ask_for_it_once(client, contact_hege, anne_in_a_pair):
    home = reverse("programs:home")
    client.force_login(contact_hege.user)
    assert _queries_on(client, home, "people_companycontact") == 1
    client.force_login(anne_in_a_pair.mentee.user)
    assert _queries_on(client, home, "pairs_pair") == 1


def test_staff_are_not_asked_whether_they_are_in_a_pair(client, coordinator_cora):
    client.force_login(coordinator_cora.user)
    assert _queries_on(client, reverse("programs:home"), "pairs_pair") == 0


def test_the_menu_costs_no_query_on_a_response_without_the_header(client, contact_hege):
    client.force_login(contact_hege.user)
    # The page reads her contact role for itself and once more for the menu; the CSV file,
    # rendered without a template, only for itself.
    assert _queries_on(client, reverse("company:participants"), "people_companycontact") == 2
    export = reverse("company:participants-export")
    assert _queries_on(client, export, "people_companycontact") == 1


def _render(source: str, **context: object) -> str:
    template = engines["django"].from_string("{% load navigation %}" + source)
    with translation.override("en"):
        return template.render(context)


def test_the_breadcrumbs_partial_marks_the_current_page(db):
    html = _render('{% breadcrumbs "Programmes" "/" here %}', here="A & B")
    assert " ".join(html.split()) == (
        '<nav aria-label="Breadcrumbs" class="breadcrumbs"> <ol><li><a href="/">Programmes</a>'
        '</li><li aria-current="page">A &amp; B</li></ol> </nav>'
    )


def test_the_coordinators_trail_goes_through_the_programme_year(open_cohort):
    html = _render(
        '{% coordination_breadcrumbs cohort "matching:cohort" "Swap" %}', cohort=open_cohort
    )
    label = f"{open_cohort.initiative.display_name} {open_cohort.title}"
    matching = reverse("matching:cohort", args=[open_cohort.code])
    assert " ".join(html.split()) == (
        '<nav aria-label="Breadcrumbs" class="breadcrumbs"> <ol><li><a href="/coordinate/">'
        f'Coordination</a></li><li><a href="{matching}">{label}</a></li>'
        '<li aria-current="page">Swap</li></ol> </nav>'
    )


def _submenu(html: str, label: str) -> list[tuple[str, bool]]:
    import re

    nav = html.split(f'<nav class="subnav" aria-label="{label}">', 1)[1].split("</nav>", 1)[0]
    return [
        (text, current == ' aria-current="page"')
        for current, text in re.findall(r'<a href="[^"]+"( aria-current="page")?>([^<]+)</a>', nav)
    ]


PROGRAMME_YEAR = [
    "Applications",
    "Application form",
    "Import",
    "Health",
    "Gatherings",
    "Messages",
    "Matching",
    "Surveys",
    "Report",
    "Set-up",
]


@pytest.mark.parametrize(
    ("url_name", "current"),
    [
        ("applications:review-list", "Applications"),
        ("gatherings:coordinate-list", "Gatherings"),
        ("gatherings:coordinate-new", "Gatherings"),
        ("matching:cohort", "Matching"),
        ("coordination:cohort-edit", "Set-up"),
        ("coordination:cohort-status", None),
    ],
)
def test_the_programme_years_sub_menu_comes_from_the_registry(
    client, coordinator_cora, open_cohort, url_name, current
):
    client.force_login(coordinator_cora.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse(url_name, args=[open_cohort.code])).content.decode()
    assert _submenu(html, "Programme year") == [
        (label, label == current) for label in PROGRAMME_YEAR
    ]
    assert f'href="{reverse("matching:cohort", args=[open_cohort.code])}"' in html


def test_the_companies_sub_menu(client, coordinator_cora):
    client.force_login(coordinator_cora.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("coordination:company-list")).content.decode()
    assert _submenu(html, "Companies and people") == [
        ("Companies", True),
        ("People entered twice", False),
    ]
