"""Who may use the set-up pages: the initiative's coordinators and network admins. Everyone
else gets 404, with another initiative's draft in the database that could leak."""

import pytest
from django.urls import reverse

from brobygger.programs.models import Cohort, Initiative

PERSONAS = ["coordinator_cora", "coordinator_olga", "contact_hege", "mentee_anne", "admin_ada"]


@pytest.fixture
def world(this_year, shadowing_year, secret_draft, contact_hege, mentee_anne, admin_ada):
    return {"this_year": this_year, "draft": secret_draft}


def _get(client, request, persona, url):
    client.force_login(request.getfixturevalue(persona).user)
    return client.get(url, HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("coordinator_cora", 200),
        ("coordinator_olga", 404),
        ("contact_hege", 404),
        ("mentee_anne", 404),
        ("admin_ada", 200),
    ],
)
@pytest.mark.parametrize(
    "page",
    ["coordination:cohort-edit", "coordination:initiative-edit", "coordination:cohort-create"],
)
def test_reverse_mentorings_pages_are_for_its_coordinator_and_admins(
    client, request, world, reverse_initiative, persona, expected, page
):
    code = (
        world["this_year"].code if page == "coordination:cohort-edit" else reverse_initiative.code
    )

    response = _get(client, request, persona, reverse(page, args=[code]))

    assert response.status_code == expected
    if expected == 200:
        assert "Reverse Mentoring" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "expected"), [("admin_ada", 200)] + [(p, 404) for p in PERSONAS[:4]]
)
def test_only_a_network_admin_creates_an_initiative(client, request, world, persona, expected):
    response = _get(client, request, persona, reverse("coordination:initiative-create"))

    assert response.status_code == expected


@pytest.mark.parametrize("persona", ["coordinator_olga", "contact_hege", "mentee_anne"])
def test_nobody_else_copies_or_saves_reverse_mentorings_year(client, request, world, persona):
    client.force_login(request.getfixturevalue(persona).user)
    before = list(Cohort.objects.values())

    copy = client.post(reverse("coordination:cohort-copy", args=[world["this_year"].code]))
    save = client.post(
        reverse("coordination:cohort-edit", args=[world["this_year"].code]), {"title": "Hacked"}
    )

    assert (copy.status_code, save.status_code) == (404, 404)
    assert list(Cohort.objects.values()) == before


def test_nobody_but_an_admin_posts_a_new_initiative(client, world, coordinator_cora):
    client.force_login(coordinator_cora.user)

    response = client.post(
        reverse("coordination:initiative-create"), {"kind": "classic", "name": "Eget program"}
    )

    assert (response.status_code, Initiative.objects.filter(name="Eget program").count()) == (
        404,
        0,
    )


@pytest.mark.parametrize(
    ("persona", "listed"),
    [
        ("coordinator_cora", ["Reverse Mentoring"]),
        ("coordinator_olga", ["Executive Shadowing"]),
        ("admin_ada", ["Executive Shadowing", "Reverse Mentoring"]),
    ],
)
def test_the_initiatives_page_lists_only_ones_own(client, request, world, persona, listed):
    response = _get(client, request, persona, reverse("coordination:initiative-list"))

    assert [i.name for i in response.context["initiatives"]] == listed
    html = response.content.decode()
    assert ("Hemmelig 2027–2028" in html) == (persona != "coordinator_cora")


@pytest.mark.parametrize("persona", ["contact_hege", "mentee_anne"])
@pytest.mark.parametrize(
    "page", ["coordination:initiative-list", "coordination:cohort-new", "coordination:year"]
)
def test_people_who_coordinate_nothing_get_404(client, request, world, persona, page):
    assert _get(client, request, persona, reverse(page)).status_code == 404


def test_a_coordinator_of_one_initiative_goes_straight_to_its_new_year(
    client, world, coordinator_cora, reverse_initiative
):
    client.force_login(coordinator_cora.user)

    response = client.get(reverse("coordination:cohort-new"))

    assert response.url == reverse("coordination:cohort-create", args=[reverse_initiative.code])


def test_another_initiatives_draft_answers_404(client, world, coordinator_cora):
    client.force_login(coordinator_cora.user)

    response = client.get(reverse("coordination:cohort-edit", args=[world["draft"].code]))

    assert response.status_code == 404
    assert "Hemmelig" not in response.content.decode()


@pytest.mark.parametrize(
    "page",
    ["coordination:initiative-list", "coordination:cohort-new", "coordination:year"],
)
def test_signed_out_visitors_are_sent_to_sign_in(client, world, page):
    response = client.get(reverse(page))

    assert response.url.startswith(reverse("account_login"))
