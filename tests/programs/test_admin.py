"""The admin as network admins use it; for everyone else who is signed in it does not exist."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from tests.factories import CohortFactory, InitiativeFactory

from brobygger.people.models import Company
from brobygger.programs.models import Cohort


@pytest.fixture
def other_cohort(db):
    return CohortFactory(initiative=InitiativeFactory(slug="mp", kind="classic"), title="2031")


def test_a_coordinator_reaches_no_admin_page(client, coordinator_cora, open_cohort, other_cohort):
    """Cora coordinates Reverse Mentoring only: the admin answers 404 everywhere, her own
    programme year included, and a change posted to another initiative's changes nothing."""
    client.force_login(coordinator_cora.user)
    pages = [
        reverse("admin:index"),
        reverse("admin:login"),
        reverse("admin:programs_cohort_changelist"),
        reverse("admin:programs_cohort_change", args=[open_cohort.pk]),
        reverse("admin:programs_cohort_change", args=[other_cohort.pk]),
        reverse("admin:people_person_changelist"),
        reverse("admin:pairs_pair_changelist"),
        reverse("admin:gatherings_gathering_changelist"),
    ]
    assert [client.get(url).status_code for url in pages] == [404] * len(pages)
    posted = client.post(pages[4], {"title": "Renamed"})
    assert (posted.status_code, Cohort.objects.get(pk=other_cohort.pk).title) == (404, "2031")


def test_network_admin_sees_all_cohorts(client, admin_ada, open_cohort, other_cohort):
    client.force_login(admin_ada.user)
    response = client.get(reverse("admin:programs_cohort_changelist"))
    assert set(response.context["cl"].queryset) == {open_cohort, other_cohort}


@pytest.mark.parametrize("persona", ["mentee_anne", "contact_hege", "outsider_dag"])
def test_participants_cannot_use_the_admin(client, persona, request, open_cohort):
    client.force_login(request.getfixturevalue(persona).user)
    response = client.get(reverse("admin:programs_cohort_changelist"))
    assert response.status_code == 404


def test_an_old_staff_account_that_is_no_network_admin_gets_404(client, outsider_dag):
    outsider_dag.user.is_staff = True
    outsider_dag.user.save(update_fields=["is_staff"])
    client.force_login(outsider_dag.user)
    assert client.get(reverse("admin:index")).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(reverse("admin:programs_cohort_changelist"))
    assert response.status_code == 302
    assert response["Location"].split("?")[0] == reverse("admin:login")


def test_status_action_moves_allowed_and_refuses_illegal(client, admin_ada, db):
    draft = CohortFactory(status="draft", title="2032")
    running = CohortFactory(status="running", title="2033")
    client.force_login(admin_ada.user)
    response = client.post(
        reverse("admin:programs_cohort_changelist"),
        {"action": "move_to_open", "_selected_action": [draft.pk, running.pk]},
        follow=True,
    )
    draft.refresh_from_db()
    running.refresh_from_db()
    assert (draft.status, running.status) == ("open", "running")
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert sorted(texts) == sorted(
        [
            f"«{running}» kan ikke gå fra «Pågår» til «Åpen for søknader». "
            "Tillatte neste steg: Avsluttet.",
            f"{draft}: Åpen for søknader",
        ]
    )


def test_invalid_org_number_in_admin_rerenders_and_saves_nothing(client, admin_ada):
    client.force_login(admin_ada.user)
    response = client.post(
        reverse("admin:people_company_add"),
        {
            "name": "Feil AS",
            "org_number": "974760674",
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
        },
        HTTP_ACCEPT_LANGUAGE="nb",
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["org_number"]
    assert "er ikke et gyldig norsk organisasjonsnummer" in errors["org_number"][0]
    assert Company.objects.filter(name="Feil AS").count() == 0


def test_valid_org_number_with_spaces_is_normalised(client, admin_ada):
    client.force_login(admin_ada.user)
    client.post(
        reverse("admin:people_company_add"),
        {
            "name": "Riktig AS",
            "org_number": "974 760 673",
            "is_partner": "on",
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
        },
    )
    assert Company.objects.get(name="Riktig AS").org_number == "974760673"


def test_cohort_admin_form_refuses_dates_out_of_order(client, admin_ada, reverse_initiative):
    client.force_login(admin_ada.user)
    response = client.post(
        reverse("admin:programs_cohort_add"),
        {
            "initiative": reverse_initiative.pk,
            "title": "2040",
            "applications_open_at_0": "2040-03-26",
            "applications_open_at_1": "09:00",
            "applications_close_at_0": "2040-03-01",
            "applications_close_at_1": "09:00",
            "matching_on": "2040-05-01",
            "kickoff_on": "2040-09-01",
            "closing_on": "2041-05-01",
            "proposal_reminder_days": "5",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "applications_close_at": ["Søknadsfristen må være etter at søknadsperioden åpner."]
    }
    assert Cohort.objects.filter(title="2040").count() == 0


def test_coordinators_chosen_in_the_admin_get_and_lose_the_role(
    client, admin_ada, outsider_dag, reverse_initiative
):
    """Ada makes Dag a coordinator of Reverse Mentoring in the admin: he gets the coordinator
    role (not staff); taken off again, he coordinates nothing and loses it. Both saves are in
    the activity log."""
    from brobygger.core.models import ActivityLog

    client.force_login(admin_ada.user)
    url = reverse("admin:programs_initiative_change", args=[reverse_initiative.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["coordinators"] = [outsider_dag.user.pk]
    assert client.post(url, data).status_code == 302
    dag = outsider_dag.user
    dag.refresh_from_db()
    assert (dag.is_coordinator, dag.is_staff) == (True, False)
    data["coordinators"] = []
    assert client.post(url, data).status_code == 302
    dag.refresh_from_db()
    assert (dag.is_coordinator, dag.is_staff) == (False, False)
    changes = ActivityLog.objects.filter(action="admin.change").order_by("pk")
    assert [(c.target_repr, c.data["fields"]) for c in changes] == [
        (str(reverse_initiative), ["coordinators"]),
        (str(reverse_initiative), ["coordinators"]),
    ]
