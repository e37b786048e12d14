"""The applications admin: topics editable, everything else scoped to the coordinator."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from brobygger.applications.models import Review, Topic
from tests.factories import (
    ApplicationFactory,
    CohortFactory,
    InitiativeFactory,
    QuestionFactory,
    TopicFactory,
)


@pytest.fixture
def other_cohort(db):
    return CohortFactory(initiative=InitiativeFactory(slug="mp", kind="classic"), title="2031")


@pytest.fixture
def cora_with_view_rights(coordinator_cora):
    codenames = ["view_application", "view_question", "change_question", "view_review"]
    coordinator_cora.user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="applications", codename__in=codenames)
    )
    return coordinator_cora


def test_coordinator_sees_only_her_cohorts_applications_questions_and_reviews(
    client, cora_with_view_rights, open_cohort, other_cohort, admin_ada
):
    mine = ApplicationFactory(cohort=open_cohort)
    theirs = ApplicationFactory(cohort=other_cohort)
    my_question = QuestionFactory(cohort=open_cohort)
    QuestionFactory(cohort=other_cohort)
    my_review = Review.objects.create(application=mine, reviewer=admin_ada.user, score=4)
    Review.objects.create(application=theirs, reviewer=admin_ada.user, score=2)
    client.force_login(cora_with_view_rights.user)

    def changelist(model):
        response = client.get(reverse(f"admin:applications_{model}_changelist"))
        return list(response.context["cl"].queryset)

    assert changelist("application") == [mine]
    assert changelist("question") == [my_question]
    assert changelist("review") == [my_review]
    other = reverse("admin:applications_application_change", args=[theirs.pk])
    assert client.get(other).status_code == 302  # the admin's "does not exist" redirect


def test_network_admin_edits_the_topic_list(client, admin_ada):
    TopicFactory(slug="ai", name="KI", name_en="AI", order=2)
    client.force_login(admin_ada.user)
    response = client.post(
        reverse("admin:applications_topic_add"),
        {
            "slug": "ledelse",
            "name": "Ledelse",
            "name_en": "Leadership",
            "order": 1,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert list(Topic.objects.values_list("slug", "name", "name_en")) == [
        ("ledelse", "Ledelse", "Leadership"),
        ("ai", "KI", "AI"),
    ]


def test_applications_cannot_be_added_in_the_admin(client, admin_ada):
    client.force_login(admin_ada.user)
    assert client.get(reverse("admin:applications_application_add")).status_code == 403
