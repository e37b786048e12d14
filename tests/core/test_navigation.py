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


def _crumbs(html: str) -> list[tuple[str, str]]:
    """(label, url) of each crumb; url "" for the current page."""
    import re

    nav = html.split('<nav aria-label="Breadcrumbs" class="breadcrumbs">', 1)[1].split("</nav>")[0]
    crumbs = []
    for item in re.findall(r"<li[^>]*>(.*?)</li>", nav):
        link = re.fullmatch(r'<a href="([^"]+)">([^<]+)</a>', item)
        crumbs.append((link[2], link[1]) if link else (item, ""))
    return crumbs


def test_the_coordinators_trail_goes_through_the_programme_year(open_cohort):
    html = _render(
        '{% coordination_breadcrumbs cohort "matching:cohort" "Swap" %}', cohort=open_cohort
    )
    label = f"{open_cohort.initiative.display_name} {open_cohort.title}"
    status = reverse("coordination:cohort-status", args=[open_cohort.code])
    matching = reverse("matching:cohort", args=[open_cohort.code])
    assert " ".join(html.split()) == (
        '<nav aria-label="Breadcrumbs" class="breadcrumbs"> <ol><li><a href="/coordinate/">'
        f'Coordination</a></li><li><a href="{status}">{label}</a></li>'
        f'<li><a href="{matching}">Matching</a></li>'
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
    "Status",
    "Applications",
    "Form",
    "Import",
    "Health",
    "Gatherings",
    "Messages",
    "Matching",
    "Surveys",
    "Report",
    "Emails",
    "Set-up",
]


@pytest.mark.parametrize(
    ("url_name", "current"),
    [
        ("coordination:cohort-status", "Status"),
        ("applications:review-list", "Applications"),
        ("applications:form-overview", "Form"),
        ("gatherings:coordinate-list", "Gatherings"),
        ("gatherings:coordinate-new", "Gatherings"),
        ("matching:cohort", "Matching"),
        ("surveys:survey-list", "Surveys"),
        ("coordination:email-texts", "Emails"),
        ("coordination:cohort-edit", "Set-up"),
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


def test_the_status_entry_stays_current_on_a_move_confirmation(
    client, coordinator_cora, draft_cohort
):
    """The move confirmation is under "Status"; it has no sub-menu of its own, but its trail
    names it."""
    client.force_login(coordinator_cora.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("coordination:cohort-move", args=[draft_cohort.code, "open"])
    html = client.get(url).content.decode()
    status = reverse("coordination:cohort-status", args=[draft_cohort.code])
    assert _crumbs(html)[2:] == [("Status", status), ("Open for applications", "")]


def _question_url(cohort):
    from brobygger.applications.models import Question

    return reverse("applications:question-edit", args=[cohort.code, Question.objects.get().pk])


@pytest.mark.parametrize(
    ("page", "trail"),
    [
        (lambda c: reverse("coordination:cohort-status", args=[c.code]), [("Status", "")]),
        (lambda c: reverse("coordination:cohort-edit", args=[c.code]), [("Set-up", "")]),
        (lambda c: reverse("coordination:email-texts", args=[c.code]), [("Emails", "")]),
        (
            lambda c: reverse("coordination:email-text-edit", args=[c.code, "accepted"]),
            [("Emails", "emails"), ("Accepted", "")],
        ),
        (lambda c: reverse("applications:form-overview", args=[c.code]), [("Form", "")]),
        (_question_url, [("Form", "form"), ("Edit the question", "")]),
        (lambda c: reverse("applications:review-list", args=[c.code]), [("Applications", "")]),
        (lambda c: reverse("matching:cohort", args=[c.code]), [("Matching", "")]),
        (lambda c: reverse("surveys:survey-list", args=[c.code]), [("Surveys", "")]),
        (lambda c: reverse("pairs:health", args=[c.code]), [("Health", "")]),
    ],
)
def test_every_programme_year_page_has_the_same_trail(
    client, coordinator_cora, open_cohort, page, trail
):
    """Coordination › the programme year (its status page) › the page, a sub-page under its
    sub-menu page."""
    from tests.factories import QuestionFactory

    QuestionFactory(cohort=open_cohort)
    client.force_login(coordinator_cora.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(page(open_cohort)).content.decode()
    links = {
        "emails": reverse("coordination:email-texts", args=[open_cohort.code]),
        "form": reverse("applications:form-overview", args=[open_cohort.code]),
    }
    assert _crumbs(html) == [
        ("Coordination", reverse("coordination:overview")),
        (
            f"{open_cohort.initiative.display_name} {open_cohort.title}",
            reverse("coordination:cohort-status", args=[open_cohort.code]),
        ),
        *[(label, links.get(url, url)) for label, url in trail],
    ]


def test_the_companies_sub_menu(client, coordinator_cora):
    client.force_login(coordinator_cora.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("coordination:company-list")).content.decode()
    assert _submenu(html, "Companies and people") == [
        ("Companies", True),
        ("People entered twice", False),
    ]
