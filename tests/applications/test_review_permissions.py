"""Who may review: the initiative's coordinators. Everyone else gets 404 (anonymous: login)."""

import pytest
from django.urls import reverse

from brobygger.applications.models import Application, Review
from tests.factories import (
    AnswerFactory,
    ApplicationFactory,
    CohortFactory,
    InitiativeFactory,
    PersonFactory,
    QuestionFactory,
)

SECRET = "Bo sitt hemmelige svar om karriereplaner"


@pytest.fixture
def other_coordinator(company_c):
    person = PersonFactory(
        user__email="olga@c.example", user__is_coordinator=True, company=company_c
    )
    InitiativeFactory(slug="mp", kind="classic", name="Mentorprogram").coordinators.add(person.user)
    return person


@pytest.fixture
def bo_application(open_cohort, mentor_bo):
    application = ApplicationFactory(cohort=open_cohort, person=mentor_bo, role="mentor")
    question = QuestionFactory(cohort=open_cohort, role="mentor", label="Hvorfor?")
    AnswerFactory(application=application, question=question, value=SECRET)
    return application


@pytest.fixture
def anne_application(open_cohort, mentee_anne):
    return ApplicationFactory(cohort=open_cohort, person=mentee_anne, role="mentee")


def _pages(application):
    cohort = application.cohort
    return {
        "cohorts": reverse("coordination:overview"),
        "list": reverse("applications:review-list", args=[cohort.code]),
        "detail": reverse("applications:review-detail", args=[application.code]),
    }


def test_coordinator_sees_list_and_detail_with_the_answers(
    client, coordinator_cora, bo_application, anne_application
):
    client.force_login(coordinator_cora.user)
    pages = _pages(bo_application)

    listing = client.get(pages["list"])
    assert [row.application for row in listing.context["rows"]] == [
        anne_application,
        bo_application,
    ]
    detail = client.get(pages["detail"])
    assert detail.context["application"] == bo_application
    assert [row.text for row in detail.context["summary"].answers] == [SECRET]
    assert SECRET in detail.content.decode()
    cohorts = client.get(pages["cohorts"])
    assert [c.pk for c in cohorts.context["cohorts"]] == [bo_application.cohort.pk]


@pytest.mark.parametrize("persona", ["other_coordinator", "contact_hege", "outsider_dag"])
@pytest.mark.parametrize("page", ["cohorts", "list", "detail"])
def test_others_get_404_and_nothing_leaks(
    client, persona, page, request, bo_application, anne_application
):
    client.force_login(request.getfixturevalue(persona).user)
    response = client.get(_pages(bo_application)[page])
    assert response.status_code == 404
    html = response.content.decode()
    assert SECRET not in html
    assert "Bo Berg" not in html


@pytest.mark.parametrize("page", ["list", "detail"])
def test_applicant_opening_someone_elses_application_gets_404(
    client, mentee_anne, anne_application, bo_application, page
):
    client.force_login(mentee_anne.user)
    response = client.get(_pages(bo_application)[page])
    assert response.status_code == 404
    assert SECRET not in response.content.decode()
    own = client.get(reverse("applications:review-detail", args=[anne_application.code]))
    assert own.status_code == 404


@pytest.mark.parametrize("page", ["cohorts", "list", "detail"])
def test_anonymous_is_sent_to_sign_in(client, bo_application, page):
    url = _pages(bo_application)[page]
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


def test_coordinator_of_another_initiative_cannot_score_decide_or_release(
    client, other_coordinator, bo_application
):
    client.force_login(other_coordinator.user)
    code = bo_application.code
    cohort_code = bo_application.cohort.code
    posts = [
        (reverse("applications:review-score", args=[code]), {"score": "5"}),
        (reverse("applications:review-decide", args=[code]), {"decision": "accepted"}),
        (
            reverse("applications:review-bulk", args=[cohort_code]),
            {"applications": [str(code)], "decision": "rejected"},
        ),
        (reverse("applications:review-release", args=[cohort_code]), {"token": "x"}),
    ]
    statuses = [client.post(url, data).status_code for url, data in posts]
    assert statuses == [404, 404, 404, 404]
    bo_application.refresh_from_db()
    assert (bo_application.decision, Review.objects.count()) == ("pending", 0)


def test_drafts_and_nominations_are_not_reviewable(client, coordinator_cora, open_cohort):
    draft = ApplicationFactory(cohort=open_cohort, status="draft", submitted_at=None)
    nominated = ApplicationFactory(cohort=open_cohort, status="nominated", submitted_at=None)
    client.force_login(coordinator_cora.user)
    for application in (draft, nominated):
        url = reverse("applications:review-detail", args=[application.code])
        assert client.get(url).status_code == 404
    listing = client.get(reverse("applications:review-list", args=[open_cohort.code]))
    assert listing.context["rows"] == []
    cohort = listing.context["cohort"]
    assert (cohort.n_draft, cohort.n_nominated, cohort.n_pending) == (1, 1, 0)


def test_network_admin_reviews_every_initiative(client, admin_ada, db):
    cohort = CohortFactory(initiative=InitiativeFactory(slug="es", kind="shadowing"))
    application = ApplicationFactory(cohort=cohort)
    client.force_login(admin_ada.user)
    response = client.get(reverse("applications:review-detail", args=[application.code]))
    assert response.context["application"] == application
    assert Application.objects.count() == 1
