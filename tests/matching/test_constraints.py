"""Lock, forbid, leave out, re-run with the diff; swap; pair by hand with an override."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from brobygger.core.models import ActivityLog
from brobygger.matching.models import ConstraintKind, MatchConstraint, MatchRun
from brobygger.matching.selectors.runs import proposal_view
from brobygger.matching.services.constraints import (
    create_manual_pair,
    forbid_pair,
    lock_pair,
)

from .helpers import pairs_by_name, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def cora_client(client, coordinator_cora):
    client.force_login(coordinator_cora.user)
    client.cookies["django_language"] = "en"
    return client


def _post_constraint(client, cohort, kind, **people):
    data = {"kind": kind, **{k: str(v.code) for k, v in people.items()}}
    return client.post(reverse("matching:constraint-create", args=[cohort.code]), data)


def test_lock_and_forbid_are_kept_on_rerun_and_the_diff_is_shown(
    cora_client, review_cohort, cohort_people
):
    p = cohort_people
    run(review_cohort)
    first = pairs_by_name(review_cohort)
    locked = next(pair for pair in first if pair[0] == "Eva")
    forbidden = next(pair for pair in first if pair[0] == "Anne")

    _post_constraint(
        cora_client, review_cohort, "lock", mentee=p["eva"], mentor=p[locked[1].lower()]
    )
    _post_constraint(
        cora_client, review_cohort, "forbid", mentee=p["anne"], mentor=p[forbidden[1].lower()]
    )
    response = cora_client.post(
        reverse("matching:run-create", args=[review_cohort.code]), follow=True
    )

    second = pairs_by_name(review_cohort)
    assert locked in second
    assert forbidden not in second
    view = response.context["view"]
    assert view.previous == MatchRun.objects.order_by("created_at").first()
    assert [p.locked for p in view.pairs if p.mentee == cohort_people["eva"]] == [True]
    changed = {
        (r.mentee.person.user.first_name, r.mentor.person.user.first_name)
        for r in view.pairs
        if r.change
    }
    assert changed == second - first
    assert "Compared with the previous run" in response.content.decode()
    actions = list(
        ActivityLog.objects.filter(action__in=["matching.lock", "matching.forbid"]).values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["matching.forbid", "matching.lock"]


def test_left_out_person_is_unmatched_with_the_reason(cora_client, review_cohort, cohort_people):
    _post_constraint(cora_client, review_cohort, "remove", mentor=cohort_people["tor"])
    response = cora_client.post(
        reverse("matching:run-create", args=[review_cohort.code]), follow=True
    )

    reasons = {
        u.application.person.user.first_name: u.reason for u in response.context["view"].unmatched
    }
    assert reasons["Tor"] == "the coordinator left this person out of matching"


def test_a_mentee_cannot_be_locked_to_two_mentors(review_cohort, cohort_people):
    p = cohort_people
    lock_pair(cohort=review_cohort, mentee=p["anne"], mentor=p["bo"], by=None)

    with pytest.raises(ValidationError) as error:
        lock_pair(cohort=review_cohort, mentee=p["anne"], mentor=p["siri"], by=None)

    assert error.value.messages == [
        "Anne Aas is already locked to another mentor. Unlock that pair first."
    ]
    assert MatchConstraint.objects.filter(kind="lock").count() == 1


def test_forbid_replaces_a_lock_of_the_same_pair(review_cohort, cohort_people):
    p = cohort_people
    lock_pair(cohort=review_cohort, mentee=p["anne"], mentor=p["bo"], by=None)
    forbid_pair(cohort=review_cohort, mentee=p["anne"], mentor=p["bo"], by=None)

    assert list(MatchConstraint.objects.values_list("kind", flat=True)) == ["forbid"]


def test_manual_pair_that_breaks_a_rule_needs_a_reason(
    review_cohort, cohort_people, coordinator_cora
):
    p = cohort_people
    # Kari (company D) with Siri (company D) breaks the company rule.
    with pytest.raises(ValidationError) as error:
        create_manual_pair(
            cohort=review_cohort, mentee=p["kari"], mentor=p["siri"], override_reason="", by=None
        )
    assert error.value.messages == [
        "This pair breaks a rule: breaks the company rule. Write a reason to make it anyway."
    ]
    assert MatchConstraint.objects.count() == 0

    create_manual_pair(
        cohort=review_cohort,
        mentee=p["kari"],
        mentor=p["siri"],
        override_reason="Different divisions, never worked together.",
        by=coordinator_cora.user,
    )
    first_run = run(review_cohort)

    view = proposal_view(first_run)
    manual = [r for r in view.pairs if r.manual_reason]
    assert [(r.mentee, r.mentor, r.manual_reason) for r in manual] == [
        (p["kari"], p["siri"], "Different divisions, never worked together.")
    ]
    assert first_run.status == "done"
    override = ActivityLog.objects.get(action="matching.override")
    assert (override.actor, override.data["broken"]) == (
        coordinator_cora.user,
        ["breaks the company rule"],
    )


def test_manual_pair_within_the_rules_is_a_plain_lock(review_cohort, cohort_people):
    p = cohort_people
    constraint = create_manual_pair(
        cohort=review_cohort, mentee=p["anne"], mentor=p["tor"], override_reason="ignored", by=None
    )
    assert (constraint.kind, constraint.override_reason) == (ConstraintKind.LOCK, "")


def test_swap_preview_shows_new_scores_then_confirm_locks_and_reruns(
    cora_client, review_cohort, cohort_people
):
    run(review_cohort)
    rows = proposal_view(MatchRun.objects.get()).pairs
    # two pairs whose swap stays within the rules
    from brobygger.matching.selectors.checks import swap_preview

    a, b = next(
        (x, y)
        for x in rows
        for y in rows
        if x is not y
        and all(
            c.allowed
            for c in swap_preview(
                MatchRun.objects.get(), (x.mentee, x.mentor), (y.mentee, y.mentor)
            )
        )
    )
    url = reverse("matching:swap", args=[review_cohort.code])
    data = {"first": str(a.mentee.code), "second": str(b.mentee.code)}

    preview = cora_client.get(url, data)
    assert [c.mentor for c in preview.context["preview"]] == [b.mentor, a.mentor]
    assert MatchRun.objects.count() == 1
    cora_client.post(url, data)

    assert MatchRun.objects.count() == 2
    pairs = pairs_by_name(review_cohort)
    assert (a.mentee.person.user.first_name, b.mentor.person.user.first_name) in pairs
    assert (b.mentee.person.user.first_name, a.mentor.person.user.first_name) in pairs
