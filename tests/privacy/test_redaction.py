"""The erasure's last sweep: only values that name her are touched, and only her whole words."""

from __future__ import annotations

import pytest

from brobygger.core.models import SentEmail
from brobygger.matching.models import MatchRun
from brobygger.pairs.models import Message
from brobygger.privacy.services import erase_person
from tests.factories import CohortFactory

pytestmark = pytest.mark.django_db


def _email(to: str, subject: str, body: str) -> SentEmail:
    return SentEmail.objects.create(to=to, subject=subject, body=body)


def test_only_values_that_name_her_are_redacted(mentee_anne, mentor_bo, coordinator_cora):
    """Anne Aas, anne@a.example, "Direktør HR"."""
    about_her = _email("bo@b.example", "Anne Aas proposes a meeting", "Anne (Direktør HR)")
    namesakes = _email(
        "joanne@a.example", "Hi Joanne", "From anne@a.example.com: Marianne Aasen, Anne"
    )
    to_both = _email("bo@b.example\nAnne@A.example", "Hello", "Hello both")
    cohort = CohortFactory()
    first_name_only = Message.objects.create(
        cohort=cohort, audience="everyone", subject="Anne", body="Anne leads; Direktør HR"
    )
    named = Message.objects.create(
        cohort=cohort, audience="everyone", subject="Kickoff", body="ANNE AAS leads. Anne!"
    )
    run = MatchRun.objects.create(
        cohort=cohort,
        status="done",
        fingerprint="f" * 64,
        people=0,
        instance={"meta": {"note": "Anne Aas leads", "title": "Direktør HR", "n": 2}},
    )

    erase_person(person=mentee_anne, by=None)

    about_her.refresh_from_db()
    assert (about_her.subject, about_her.body) == ("[redacted] proposes a meeting", "[redacted]")
    namesakes.refresh_from_db()
    assert (namesakes.subject, namesakes.body) == (
        "Hi Joanne",
        "From anne@a.example.com: Marianne Aasen, Anne",
    )
    to_both.refresh_from_db()
    assert (to_both.to, to_both.body) == ("bo@b.example", "[redacted]")
    first_name_only.refresh_from_db()
    assert first_name_only.body == "Anne leads; Direktør HR"
    named.refresh_from_db()
    assert named.body == "[redacted] leads. [redacted]!"
    run.refresh_from_db()
    assert run.instance == {"meta": {"note": "[redacted] leads", "title": "[redacted]", "n": 2}}


def test_a_one_word_name_is_not_searched_for(outsider_dag, mentor_bo):
    outsider_dag.user.last_name = ""
    outsider_dag.user.save()
    greeting = _email("bo@b.example", "Dag says hello", "Dag")

    erase_person(person=outsider_dag, by=None)

    greeting.refresh_from_db()
    assert (greeting.subject, greeting.body) == ("Dag says hello", "Dag")


def test_replies_no_longer_go_to_an_erased_coordinator(mentee_anne, coordinator_cora):
    """A message Cora wrote: Anne's copy has Reply-To Cora; erasing Cora removes her address
    from it (an address list loses her address, not a placeholder)."""
    copy = SentEmail.objects.create(
        to="anne@a.example", reply_to="cora@c.example", subject="Kickoff", body="Vi ses"
    )
    other = SentEmail.objects.create(
        to="anne@a.example", reply_to="kari@c.example", subject="Kickoff", body="Vi ses"
    )

    erase_person(person=coordinator_cora, by=None)

    copy.refresh_from_db()
    other.refresh_from_db()
    assert (copy.to, copy.reply_to) == ("anne@a.example", "")
    assert (other.reply_to, other.body) == ("kari@c.example", "Vi ses")
