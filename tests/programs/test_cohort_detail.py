import uuid

import pytest
from django.urls import reverse
from tests.factories import CohortFactory, InitiativeFactory

from brobygger.gatherings.models import Gathering


def _url(cohort) -> str:
    return reverse("programs:cohort-detail", args=[cohort.code])


@pytest.fixture
def joint_kickoff(open_cohort):
    classic = InitiativeFactory(slug="mp", kind="classic", name="Mentorprogram")
    other = CohortFactory(initiative=classic, status="running")
    gathering = Gathering.objects.create(
        title="Felles oppstart",
        theme="Bli kjent",
        starts_at=open_cohort.applications_close_at,
        ends_at=open_cohort.applications_close_at.replace(hour=23, minute=30),
    )
    gathering.cohorts.set([open_cohort, other])
    return gathering


def test_public_cohort_shows_its_timeline(client, open_cohort, joint_kickoff):
    response = client.get(_url(open_cohort), HTTP_ACCEPT_LANGUAGE="nb")
    assert response.status_code == 200
    labels = [item.label for item in response.context["timeline"]]
    assert labels == ["Søknadsperiode", "Felles oppstart", "Matching", "Oppstart", "Avslutning"]
    assert "sammen med Mentorprogram" in response.content.decode()


def test_a_draft_year_sharing_the_gathering_is_not_named(client, open_cohort, joint_kickoff):
    """A new initiative planned in a draft year stays unnamed on the public timeline."""
    walk = InitiativeFactory(slug="walk", kind="classic", name="Walk-mentorprogram")
    joint_kickoff.cohorts.add(CohortFactory(initiative=walk, status="draft"))
    response = client.get(_url(open_cohort), HTTP_ACCEPT_LANGUAGE="nb")
    items = [i for i in response.context["timeline"] if i.label == "Felles oppstart"]
    assert [i.shared_with for i in items] == ["Mentorprogram"]
    assert "Walk-mentorprogram" not in response.content.decode()


@pytest.mark.parametrize("persona", [None, "outsider_dag", "mentee_anne", "contact_hege"])
def test_draft_cohort_answers_404(client, draft_cohort, persona, request):
    if persona:
        client.force_login(request.getfixturevalue(persona).user)
    response = client.get(_url(draft_cohort))
    assert response.status_code == 404
    assert "2028" not in response.content.decode()


def test_coordinator_sees_her_draft(client, draft_cohort, coordinator_cora):
    client.force_login(coordinator_cora.user)
    response = client.get(_url(draft_cohort))
    assert response.context["cohort"] == draft_cohort


def test_other_initiatives_coordinator_gets_404_for_a_draft(client, draft_cohort, company_c):
    from tests.factories import PersonFactory

    other = PersonFactory(user__is_coordinator=True, company=company_c)
    InitiativeFactory(slug="mp").coordinators.add(other.user)
    client.force_login(other.user)
    assert client.get(_url(draft_cohort)).status_code == 404


@pytest.mark.django_db
def test_unknown_code_answers_404(client):
    response = client.get(reverse("programs:cohort-detail", args=[uuid.uuid4()]))
    assert response.status_code == 404
