"""The applications admin: for network admins only; topics editable."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from brobygger.applications.models import Topic
from tests.factories import (
    ApplicationFactory,
    CohortFactory,
    InitiativeFactory,
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


def test_a_coordinator_with_model_permissions_still_reaches_no_admin_page(
    client, cora_with_view_rights, open_cohort, other_cohort, admin_ada
):
    """Even with view rights granted by hand, a coordinator who is no network admin gets 404
    for the applications admin: her own programme year's and another initiative's (she
    reviews in the app, where reading a sensitive answer is audited)."""
    mine = ApplicationFactory(cohort=open_cohort)
    theirs = ApplicationFactory(cohort=other_cohort)
    client.force_login(cora_with_view_rights.user)
    pages = [
        reverse("admin:applications_application_changelist"),
        reverse("admin:applications_question_changelist"),
        reverse("admin:applications_review_changelist"),
        reverse("admin:applications_application_change", args=[mine.pk]),
        reverse("admin:applications_application_change", args=[theirs.pk]),
    ]
    assert [client.get(url).status_code for url in pages] == [404] * 5


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
