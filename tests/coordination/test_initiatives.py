"""A network admin creates an initiative; its coordinators edit its texts and accent colour.
The accent palette is small, fixed, and every colour is readable on white."""

import re

import pytest
from django.urls import reverse

from brobygger.config.settings import BASE_DIR
from brobygger.core.models import ActivityLog
from brobygger.programs.accents import ACCENT_COLOURS, Accent
from brobygger.programs.models import Initiative

NEW = {
    "kind": "classic",
    "name": "Lederprogrammet",
    "name_en": "The Leadership Programme",
    "description": "Ledere møter ledere.",
    "description_en": "Leaders meet leaders.",
    "accent": "ocean",
}


def contrast_with_white(colour: str) -> float:
    """WCAG 2.1 contrast ratio of ``colour`` (``#rrggbb``) against white."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def test_a_network_admin_creates_an_initiative(client, admin_ada, coordinator_cora):
    client.force_login(admin_ada.user)

    response = client.post(
        reverse("coordination:initiative-create"),
        {**NEW, "coordinators": [coordinator_cora.user.pk]},
    )

    initiative = Initiative.objects.get(name="Lederprogrammet")
    assert response.url == reverse("coordination:cohort-create", args=[initiative.code])
    assert (initiative.kind, initiative.slug, initiative.name_en, initiative.accent) == (
        "classic",
        "lederprogrammet",
        "The Leadership Programme",
        "ocean",
    )
    assert list(initiative.coordinators.all()) == [coordinator_cora.user]
    log = ActivityLog.objects.get(action="initiative.create")
    assert (log.actor, log.target_repr) == (admin_ada.user, "Lederprogrammet")


def test_a_coordinator_edits_her_initiatives_texts_not_its_kind(
    client, coordinator_cora, reverse_initiative
):
    client.force_login(coordinator_cora.user)

    client.post(
        reverse("coordination:initiative-edit", args=[reverse_initiative.code]),
        {**NEW, "name": "Bølge Reverse Mentoring", "accent": "rose"},
    )

    reverse_initiative.refresh_from_db()
    assert (reverse_initiative.name, reverse_initiative.kind, reverse_initiative.accent) == (
        "Bølge Reverse Mentoring",
        "reverse",
        "rose",
    )
    log = ActivityLog.objects.get(action="initiative.update")
    assert log.data == {"changed": ["name", "name_en", "description", "description_en", "accent"]}


def test_a_colour_outside_the_palette_is_refused(client, coordinator_cora, reverse_initiative):
    client.force_login(coordinator_cora.user)

    response = client.post(
        reverse("coordination:initiative-edit", args=[reverse_initiative.code]),
        {**NEW, "accent": "#ff00ff"},
        HTTP_ACCEPT_LANGUAGE="nb",
    )

    assert response.context["form"].errors == {
        "accent": ["Velg et gyldig valg. #ff00ff er ikke et av de tilgjengelige valgene."]
    }
    reverse_initiative.refresh_from_db()
    assert (reverse_initiative.name, reverse_initiative.accent) == ("Reverse Mentoring", "")


def test_an_initiative_needs_a_name(client, admin_ada):
    client.force_login(admin_ada.user)

    response = client.post(
        reverse("coordination:initiative-create"), {**NEW, "name": ""}, HTTP_ACCEPT_LANGUAGE="nb"
    )

    assert response.context["form"].errors == {"name": ["Feltet er påkrevet."]}
    assert Initiative.objects.count() == 0


def test_every_accent_is_readable_on_white_and_in_the_stylesheet():
    css = (BASE_DIR / "static/brobygger/brobygger.css").read_text()
    in_css = dict(re.findall(r"\.accent-([a-z]+) \{ --accent: (#[0-9a-f]{6}); \}", css))

    assert in_css == ACCENT_COLOURS
    assert set(ACCENT_COLOURS) == set(Accent.values)
    assert {c: contrast_with_white(c) >= 4.5 for c in ACCENT_COLOURS.values()} == dict.fromkeys(
        ACCENT_COLOURS.values(), True
    )
    assert round(contrast_with_white("#767676"), 2) == 4.54  # the WCAG reference grey


@pytest.mark.django_db
def test_the_home_page_wears_the_initiatives_accent(client, reverse_initiative):
    from tests.factories import CohortFactory

    reverse_initiative.accent = "forest"
    reverse_initiative.save()
    CohortFactory(initiative=reverse_initiative, status="open")

    html = client.get(reverse("programs:home")).content.decode()
    reverse_initiative.accent = ""
    reverse_initiative.save()
    kinds_colour = client.get(reverse("programs:home")).content.decode()

    assert 'class="card initiative accent-forest"' in html
    assert 'class="card initiative accent-sun"' in kinds_colour  # reverse mentoring's own


@pytest.mark.parametrize("n", [1, 3])
def test_the_initiatives_page_makes_the_same_queries_for_1_and_3(
    client, admin_ada, django_assert_num_queries, n
):
    from tests.factories import CohortFactory, InitiativeFactory

    for i in range(n):
        initiative = InitiativeFactory(name=f"Initiativ {i}")
        for year in (2025, 2026):
            CohortFactory(initiative=initiative, title=str(year))
    client.force_login(admin_ada.user)

    with django_assert_num_queries(5):
        response = client.get(reverse("coordination:initiative-list"))

    assert [len(i.years) for i in response.context["initiatives"]] == [2] * n


def _edit(client, initiative, **data):
    texts = {k: getattr(initiative, k) for k in ("name", "name_en", "description")}
    return client.post(
        reverse("coordination:initiative-edit", args=[initiative.code]),
        {**texts, "description_en": "", "accent": "", **data},
    )


def test_a_network_admin_adds_and_removes_coordinators_in_the_app(
    client, admin_ada, coordinator_cora, outsider_dag, reverse_initiative
):
    """Dag has an account; the admin adds him by email: he becomes a coordinator (not staff:
    the administration is for network admins).
    Removed again, he coordinates nothing and loses the role. Both changes are logged."""
    from brobygger.people.roles import COORDINATORS_GROUP

    client.force_login(admin_ada.user)
    response = _edit(
        client,
        reverse_initiative,
        coordinators=[coordinator_cora.user.pk],
        add_coordinator=outsider_dag.user.email.upper(),
    )
    assert response.url == reverse("coordination:initiative-list")
    outsider_dag.user.refresh_from_db()
    assert sorted(u.first_name for u in reverse_initiative.coordinators.all()) == ["Cora", "Dag"]
    dag = outsider_dag.user
    assert (dag.is_staff, dag.is_coordinator, [g.name for g in dag.groups.all()]) == (
        False,
        True,
        [COORDINATORS_GROUP],
    )

    _edit(client, reverse_initiative, coordinators=[coordinator_cora.user.pk])
    outsider_dag.user.refresh_from_db()
    assert [u.first_name for u in reverse_initiative.coordinators.all()] == ["Cora"]
    dag = outsider_dag.user
    assert (dag.is_staff, dag.is_coordinator, list(dag.groups.all())) == (False, False, [])
    logs = ActivityLog.objects.filter(action="initiative.coordinators").order_by("pk")
    assert [(log.data["added"], log.data["removed"]) for log in logs] == [
        ([outsider_dag.user.pk], []),
        ([], [outsider_dag.user.pk]),
    ]


def test_removing_a_running_years_contact_person_is_refused_and_changes_nothing(
    client, admin_ada, coordinator_cora, reverse_initiative
):
    from tests.factories import CohortFactory

    CohortFactory(initiative=reverse_initiative, title="2027", contact=coordinator_cora.user)
    client.force_login(admin_ada.user)
    response = _edit(client, reverse_initiative, coordinators=[], name="Nytt navn")
    assert response.context["form"].non_field_errors() == [
        "Cora Coord er kontaktperson for 2027: velg en annen kontaktperson først."
    ]
    reverse_initiative.refresh_from_db()
    assert (reverse_initiative.name, list(reverse_initiative.coordinators.all())) == (
        "Reverse Mentoring",
        [coordinator_cora.user],
    )


def test_an_unknown_address_is_a_clear_error(client, admin_ada, reverse_initiative):
    client.force_login(admin_ada.user)
    response = _edit(client, reverse_initiative, add_coordinator="ny@nowhere.example")
    assert response.context["form"].errors["add_coordinator"] == [
        "Ingen har en konto med ny@nowhere.example. Be personen registrere seg først."
    ]


def test_a_coordinator_sees_who_coordinates_but_cannot_change_it(
    client, coordinator_cora, outsider_dag, reverse_initiative
):
    client.force_login(coordinator_cora.user)
    url = reverse("coordination:initiative-edit", args=[reverse_initiative.code])
    assert "coordinators" not in client.get(url).context["form"].fields
    _edit(client, reverse_initiative, coordinators=[outsider_dag.user.pk])
    assert list(reverse_initiative.coordinators.all()) == [coordinator_cora.user]
