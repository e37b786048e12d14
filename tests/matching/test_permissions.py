"""Only the cohort's coordinators (and network admins) see runs and proposals: others 404."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from brobygger.matching.models import MatchConstraint, MatchRun, Proposal
from brobygger.pairs.models import Pair
from brobygger.programs.models import Cohort
from tests.factories import InitiativeFactory, PersonFactory

from .helpers import run, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_coordinator(db):
    person = PersonFactory(user__email="olga@x.example", user__is_coordinator=True)
    InitiativeFactory(kind="classic", slug="mentor-programme").coordinators.add(person.user)
    return person


@pytest.fixture
def proposed(review_cohort, cohort_people):
    run(review_cohort)
    send(review_cohort)
    return review_cohort


def _urls(cohort):
    run_code = MatchRun.objects.get().code
    c = cohort.code
    constraint = MatchConstraint.objects.create(
        cohort=cohort,
        kind="forbid",
        mentee_application=Proposal.objects.first().mentee_application,
        mentor_application=Proposal.objects.first().mentor_application,
    )
    return [
        ("get", reverse("matching:cohort", args=[c])),
        ("get", reverse("matching:settings", args=[c])),
        ("get", reverse("matching:swap", args=[c])),
        ("get", reverse("matching:pair-create", args=[c])),
        ("get", reverse("matching:run-detail", args=[run_code])),
        ("get", reverse("matching:run-status", args=[run_code])),
        ("get", reverse("matching:run-download", args=[run_code, "instance"])),
        ("get", reverse("matching:run-download", args=[run_code, "result"])),
        ("post", reverse("matching:run-create", args=[c])),
        ("post", reverse("matching:constraint-create", args=[c])),
        ("post", reverse("matching:constraint-delete", args=[c, constraint.pk])),
        ("post", reverse("matching:proposal-send", args=[c])),
        ("post", reverse("matching:publish", args=[c])),
    ]


@pytest.mark.parametrize(
    "persona", ["mentee_anne", "mentor_bo", "contact_hege", "outsider_dag", "other_coordinator"]
)
def test_others_get_404_everywhere_and_nothing_changes(client, request, proposed, persona):
    client.force_login(request.getfixturevalue(persona).user)
    urls = _urls(proposed)
    runs_before = MatchRun.objects.count()

    codes = [getattr(client, method)(url).status_code for method, url in urls]

    assert codes == [404] * len(urls)
    assert MatchRun.objects.count() == runs_before
    assert Pair.objects.count() == 0
    assert MatchConstraint.objects.count() == 1


def test_anonymous_is_sent_to_sign_in(client, proposed):
    response = client.get(reverse("matching:cohort", args=[proposed.code]))
    assert (response.status_code, response["Location"].startswith("/accounts/login/")) == (
        302,
        True,
    )


@pytest.mark.parametrize("persona", ["coordinator_cora", "admin_ada"])
def test_coordinator_and_admin_see_the_page(client, request, proposed, persona):
    client.force_login(request.getfixturevalue(persona).user)
    response = client.get(reverse("matching:cohort", args=[proposed.code]))
    assert [len(response.context["proposals"]), len(response.context["view"].pairs)] == [4, 4]


def test_no_pair_is_visible_to_members_before_publication(client, proposed, mentee_anne):
    client.force_login(mentee_anne.user)
    assert list(client.get(reverse("pairs:mine")).context["pairs"]) == []


def _page_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def _propose(cohort, target_pairs: int) -> None:
    Cohort.objects.filter(pk=cohort.pk).update(target_pairs=target_pairs)
    cohort.refresh_from_db()
    run(cohort)
    send(cohort)


def test_matching_page_queries_do_not_grow_with_proposals(
    client, coordinator_cora, review_cohort, cohort_people
):
    client.force_login(coordinator_cora.user)
    url = reverse("matching:cohort", args=[review_cohort.code])
    _propose(review_cohort, 1)
    one = _page_queries(client, url)

    _propose(review_cohort, 3)  # the first proposal stays, two more are sent

    assert Proposal.objects.count() == 3
    assert _page_queries(client, url) == one
