"""An erased person is nobody's choice in matching, and her open proposals are withdrawn,
with a kind word to the other person and the coordinators."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from brobygger.matching.models import MatchRun, Proposal, ProposalSide
from brobygger.matching.selectors.runs import proposal_view
from brobygger.matching.services.proposals import answer_proposal
from brobygger.privacy.services import erase_person

from .helpers import link_of, run, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def cora_client(client, coordinator_cora):
    client.force_login(coordinator_cora.user)
    return client


def _codes(field):
    return {str(value) for value, _label in field.choices if value}


def test_an_erased_person_is_in_no_list_to_choose_from(cora_client, review_cohort, cohort_people):
    first = run(review_cohort)
    paired = len(proposal_view(first).pairs)
    eva = cohort_people["eva"]
    assert str(eva.code) in {str(p.mentee.code) for p in proposal_view(first).pairs}

    erase_person(person=eva.person, by=eva.person.user)

    mentees = {str(cohort_people[n].code) for n in ("anne", "kari", "liv")}
    page = cora_client.get(reverse("matching:cohort", args=[review_cohort.code]))
    assert {str(a.code) for a in page.context["mentees"]} == mentees
    assert _codes(page.context["constraint_form"].fields["mentee"]) == mentees
    assert page.context["view"].stale is True  # run the matching again
    assert "Former participant" not in page.content.decode()
    manual = cora_client.get(reverse("matching:pair-create", args=[review_cohort.code]))
    assert _codes(manual.context["form"].fields["mentee"]) == mentees
    swap = cora_client.get(reverse("matching:swap", args=[review_cohort.code]))
    labels = [label for _value, label in swap.context["form"].fields["first"].choices]
    assert len(labels) == paired - 1
    assert [label for label in labels if "Former participant" in label] == []


def test_her_open_proposals_are_withdrawn_and_the_others_told(
    client, review_cohort, cohort_people, coordinator_cora, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    run(review_cohort)
    with capture(execute=True):
        send(review_cohort)  # in reverse mentoring the seniors are asked first
    anne_side = ProposalSide.objects.get(person=cohort_people["anne"].person)
    with capture(execute=True):
        answer_proposal(side=anne_side, answer="approved", reason="")
    asked_mentor = anne_side.proposal.sides.get(role="mentor")  # asked once Anne approved
    asked_mentor.person.user.language = "en"
    asked_mentor.person.user.save()
    eva_side = ProposalSide.objects.get(person=cohort_people["eva"].person)  # her mentor unasked
    mail.outbox.clear()

    with capture(execute=True):
        erase_person(person=cohort_people["anne"].person, by=None)
    with capture(execute=True):
        erase_person(person=cohort_people["eva"].person, by=None)

    statuses = dict(Proposal.objects.values_list("pk", "status"))
    assert (statuses.pop(anne_side.proposal_id), statuses.pop(eva_side.proposal_id)) == (
        "withdrawn",
        "withdrawn",
    )
    assert set(statuses.values()) == {"pending"}
    withdrawn = "En foreslått match i Reverse Mentoring 2027 ble trukket tilbake"
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (
            [asked_mentor.person.user.email],
            "Your proposed match in Reverse Mentoring no longer stands",
        ),
        (["cora@c.example"], withdrawn),
        (["cora@c.example"], withdrawn),
    ]
    assert "has left the programme, so the proposal no longer stands" in mail.outbox[0].body
    assert ["Anne" in m.body or "Eva" in m.body for m in mail.outbox] == [False] * 3
    page = client.get(link_of(asked_mentor), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "This proposal is no longer open." in page
    assert "Anne" not in page
    assert MatchRun.objects.count() == 1
