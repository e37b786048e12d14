"""A stale run is never sent or published, and a forbidden pair is never proposed.

Issue "Broken promises", item 1: the coordinator forbade a proposed pair and clicked *Send
the proposal* without running again; the forbidden pair's senior got the proposal email.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from brobygger.applications.services.apply import withdraw_application
from brobygger.applications.services.review import decide_application
from brobygger.core.models import ActivityLog
from brobygger.matching.models import MatchConstraint, MatchRun, Proposal, ProposalSide
from brobygger.matching.selectors.instance import DEFAULT_WEIGHTS
from brobygger.matching.selectors.runs import is_stale, latest_done_run, proposal_view
from brobygger.matching.services.constraints import (
    create_manual_pair,
    delete_constraint,
    forbid_pair,
    lock_pair,
    remove_person,
    swap_mentors,
)
from brobygger.matching.services.settings import update_matching_settings
from brobygger.pairs.models import Pair

from .helpers import link_of, publish, run, send

pytestmark = pytest.mark.django_db

STALE = (
    "The matching changed after the last run (a lock, a forbidden pair, a swap, a hand-made "
    "pair, a person left out, a setting, a withdrawal or a decision), so its pairs may no "
    "longer hold. Run the matching again."
)


@pytest.fixture
def cora_client(client, coordinator_cora):
    client.force_login(coordinator_cora.user)
    return client


def _row_of(cohort: Any, first_name: str) -> Any:
    view = proposal_view(latest_done_run(cohort))
    return next(r for r in view.pairs if r.mentee.person.user.first_name == first_name)


def _names(rows: list[Any]) -> list[tuple[str, str]]:
    return [(r.mentee.person.user.first_name, r.mentor.person.user.first_name) for r in rows]


def test_forbid_then_send_without_rerunning_is_refused_and_nobody_is_asked(
    cora_client, review_cohort, cohort_people, django_capture_on_commit_callbacks
):
    """The issue's steps: run, *Forbid* one proposed pair, *Send the proposal*."""
    run(review_cohort)
    anne = _row_of(review_cohort, "Anne")
    page = reverse("matching:cohort", args=[review_cohort.code])
    saved = cora_client.post(
        reverse("matching:constraint-create", args=[review_cohort.code]),
        {"kind": "forbid", "mentee": str(anne.mentee.code), "mentor": str(anne.mentor.code)},
        follow=True,
    )
    assert [str(m) for m in saved.context["messages"]] == [
        "Saved. Run the matching again to see the effect."
    ]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):  # the button opens the preview
        response = cora_client.get(
            reverse("matching:proposal-send", args=[review_cohort.code]), follow=True
        )

    assert Proposal.objects.count() == 0
    assert mail.outbox == []
    assert [str(m) for m in response.context["messages"]] == [STALE]
    html = response.content.decode()
    rerun = reverse("matching:run-create", args=[review_cohort.code])
    assert f'action="{rerun}"' in html
    assert "Run matching again" in html
    assert 'name="send"' not in html  # the send button is gone while the run is stale
    assert response.request["PATH_INFO"] == page


def test_a_forbidden_pair_is_never_listed_as_proposed_or_locked(
    cora_client, review_cohort, cohort_people
):
    """A locked pair of the run, then forbidden: out of the proposed pairs, listed apart."""
    p = cohort_people
    run(review_cohort)
    anne = _row_of(review_cohort, "Anne")
    lock_pair(cohort=review_cohort, mentee=anne.mentee, mentor=anne.mentor, by=None)
    run(review_cohort)
    assert _row_of(review_cohort, "Anne").locked is True

    forbid_pair(cohort=review_cohort, mentee=anne.mentee, mentor=anne.mentor, by=None)
    response = cora_client.get(reverse("matching:cohort", args=[review_cohort.code]))

    view = response.context["view"]
    forbidden = ("Anne", anne.mentor.person.user.first_name)
    assert forbidden not in _names(view.pairs)
    assert _names(view.no_longer) == [forbidden]
    assert [r.forbidden for r in view.no_longer] == ["forbidden"]
    assert view.stale is True
    html = response.content.decode()
    assert html.count(f'value="{p["anne"].code}"') == 0  # no lock, forbid or unlock button
    assert MatchConstraint.objects.get(mentee_application=p["anne"]).kind == "forbid"


def test_forbidding_a_proposed_pair_withdraws_the_proposal_and_tells_the_senior(
    review_cohort, cohort_people, coordinator_cora, django_capture_on_commit_callbacks
):
    run(review_cohort)
    send(review_cohort)
    proposal = Proposal.objects.get(mentee_application=cohort_people["anne"])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        forbid_pair(
            cohort=review_cohort,
            mentee=proposal.mentee_application,
            mentor=proposal.mentor_application,
            by=coordinator_cora.user,
        )

    proposal.refresh_from_db()
    assert proposal.status == "withdrawn"
    open_ = Proposal.objects.filter(status__in=["pending", "accepted"])
    forbidden = set(
        MatchConstraint.objects.filter(kind="forbid").values_list(
            "mentee_application", "mentor_application"
        )
    )
    assert not forbidden & set(open_.values_list("mentee_application", "mentor_application"))
    # only the senior had been asked (reverse mentoring asks her first)
    [message] = mail.outbox
    assert (message.to, message.subject) == (
        ["anne@a.example"],
        "Det foreslåtte paret i Reverse Mentoring er trukket tilbake",  # her language
    )
    assert proposal.mentor_application.person.name in message.body
    assert ActivityLog.objects.filter(action="matching.proposal_withdraw").count() == 1


def test_the_withdrawn_proposals_link_no_longer_takes_an_answer(
    client, review_cohort, cohort_people
):
    run(review_cohort)
    send(review_cohort)
    side = ProposalSide.objects.get(person__user__email="anne@a.example")
    proposal = side.proposal
    forbid_pair(
        cohort=review_cohort,
        mentee=proposal.mentee_application,
        mentor=proposal.mentor_application,
        by=None,
    )

    client.post(link_of(side), {"answer": "approved"})

    side.refresh_from_db()
    assert (side.answer, side.proposal.status) == ("", "withdrawn")
    assert "This proposal is no longer open." in client.get(link_of(side)).content.decode()


def _lock(cohort: Any, p: dict[str, Any]) -> None:
    lock_pair(cohort=cohort, mentee=p["liv"], mentor=p["ola"], by=None)


def _forbid(cohort: Any, p: dict[str, Any]) -> None:
    forbid_pair(cohort=cohort, mentee=p["liv"], mentor=p["ola"], by=None)


def _remove(cohort: Any, p: dict[str, Any]) -> None:
    remove_person(cohort=cohort, application=p["tor"], by=None)


def _undo(cohort: Any, p: dict[str, Any]) -> None:
    delete_constraint(constraint=MatchConstraint.objects.get(), by=None)


def _by_hand(cohort: Any, p: dict[str, Any]) -> None:
    create_manual_pair(cohort=cohort, mentee=p["liv"], mentor=p["ola"], override_reason="", by=None)


def _settings(cohort: Any, p: dict[str, Any]) -> None:
    update_matching_settings(
        cohort=cohort,
        weights={**DEFAULT_WEIGHTS, "topics": 5.0},
        company_rule="",
        direction_rule="",
        min_gap_years=None,
        target_pairs=None,
        proposal_reminder_days=5,
        by=None,
    )


def _withdrawal(cohort: Any, p: dict[str, Any]) -> None:
    withdraw_application(application=p["eva"], by=p["eva"].person.user)


def _decision(cohort: Any, p: dict[str, Any]) -> None:
    decide_application(application=p["eva"], decision="waitlisted", reason="", by=None)


CHANGES: dict[str, Callable[[Any, dict[str, Any]], None]] = {
    "lock": _lock,
    "forbid": _forbid,
    "leave out": _remove,
    "hand-made pair": _by_hand,
    "settings": _settings,
    "withdrawal": _withdrawal,
    "decision": _decision,
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_every_change_to_the_matching_inputs_makes_the_run_stale(
    review_cohort, cohort_people, change
):
    latest = run(review_cohort)
    assert is_stale(latest) is False

    CHANGES[change](review_cohort, cohort_people)

    assert is_stale(MatchRun.objects.get(pk=latest.pk)) is True
    with pytest.raises(ValidationError) as error:
        send(review_cohort)
    assert (error.value.code, error.value.messages) == ("stale", [STALE])
    assert Proposal.objects.count() == 0
    run(review_cohort)
    assert send(review_cohort) > 0  # running again clears it


def test_undoing_a_constraint_makes_the_run_stale(review_cohort, cohort_people):
    _forbid(review_cohort, cohort_people)
    latest = run(review_cohort)

    _undo(review_cohort, cohort_people)

    assert is_stale(MatchRun.objects.get(pk=latest.pk)) is True


def test_a_decision_that_leaves_the_accepted_people_as_they_were_is_not_a_change(
    review_cohort, cohort_people
):
    latest = run(review_cohort)
    decide_application(application=cohort_people["eva"], decision="accepted", reason="", by=None)
    assert is_stale(MatchRun.objects.get(pk=latest.pk)) is False


def test_a_swap_runs_again_so_its_run_can_be_sent(review_cohort, cohort_people):
    first = run(review_cohort)
    rows = proposal_view(first).pairs
    from brobygger.matching.selectors.checks import swap_preview

    a, b = next(
        (x, y)
        for x in rows
        for y in rows
        if x is not y
        and all(c.allowed for c in swap_preview(first, (x.mentee, x.mentor), (y.mentee, y.mentor)))
    )

    second = swap_mentors(
        run=first, pair_a=(a.mentee, a.mentor), pair_b=(b.mentee, b.mentor), by=None
    )

    assert (is_stale(MatchRun.objects.get(pk=first.pk)), is_stale(second)) == (True, False)
    assert send(review_cohort) == len(proposal_view(second).pairs)


def test_publishing_after_leaving_someone_out_is_refused_until_the_matching_runs_again(
    client, review_cohort, cohort_people
):
    run(review_cohort)
    send(review_cohort)
    for role in ("mentee", "mentor"):
        for side in ProposalSide.objects.filter(role=role):
            client.post(link_of(side), {"answer": "approved"})
    _remove(review_cohort, cohort_people)

    with pytest.raises(ValidationError) as error:
        publish(review_cohort, by=None)

    assert error.value.messages == [STALE]
    assert Pair.objects.count() == 0


def test_a_declined_pair_is_not_sent_again_from_the_same_run(
    client, review_cohort, cohort_people, django_capture_on_commit_callbacks
):
    run(review_cohort)
    send(review_cohort)
    side = ProposalSide.objects.get(person__user__email="anne@a.example")
    client.post(link_of(side), {"answer": "declined", "reason": "Vi kjenner hverandre."})
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        sent = send(review_cohort)

    assert sent == 0
    assert mail.outbox == []
    assert list(
        Proposal.objects.filter(mentee_application=cohort_people["anne"]).values_list(
            "status", flat=True
        )
    ) == ["declined"]
    view = proposal_view(latest_done_run(review_cohort))
    assert [r.forbidden for r in view.no_longer] == ["declined"]
