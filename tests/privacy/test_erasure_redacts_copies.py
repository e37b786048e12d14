"""Erasure leaves none of her strings anywhere: not even in other people's stored emails.

Selma is a mentee in a mentor programme. Every email that names a person is triggered with
her as that person: the proposal and its reminder, "you are matched", her agreement and her
meeting proposals, the reminders her partner gets about her, a coordinator's message that
names her, a colleague's nomination by her (she is her company's contact). Then she deletes
her account, and every text, char and JSON column of every model is read back: no value
holds any of her strings (each carries ``TAG``). Her partner keeps his copies, her name
redacted.
"""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core import mail
from django.db import models

from brobygger.applications.services.nominate import NomineeInput, nominate_pair
from brobygger.core.models import SentEmail
from brobygger.gatherings.selectors import invitation_mailing
from brobygger.gatherings.services import send_invitations
from brobygger.matching.models import ProposalSide
from brobygger.matching.selectors.mailings import proposal_mailing, publish_mailing
from brobygger.matching.services.proposals import (
    answer_proposal,
    send_proposal_reminders,
    send_proposals,
)
from brobygger.matching.services.publish import publish_pairs
from brobygger.matching.services.runs import start_run
from brobygger.pairs.models import Message, Pair
from brobygger.pairs.selectors.messages import message_mailing
from brobygger.pairs.services.agreements import propose_agreement
from brobygger.pairs.services.meetings import accept_meeting, propose_meeting
from brobygger.pairs.services.messages import send_message
from brobygger.pairs.services.reminders import send_due_reminders
from brobygger.people.models import CompanyContact
from brobygger.privacy.services import erase_person
from tests.factories import (
    AnswerFactory,
    ApplicationFactory,
    CohortFactory,
    InitiativeFactory,
    PersonFactory,
    QuestionFactory,
    TopicFactory,
)
from tests.pairs.helpers import gathering
from tests.privacy.scan import database_hits

pytestmark = pytest.mark.django_db

TAG = "qzselma"
OSLO = ZoneInfo("Europe/Oslo")
START = dt.datetime(2027, 3, 1, 10, 0, tzinfo=OSLO)


@pytest.fixture
def frozen():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def selma(company_a, frozen):
    return PersonFactory(
        user__first_name=f"Selma{TAG}",
        user__last_name=f"Sørli{TAG}",
        user__email=f"selma.{TAG}@nordlys.example",
        user__language="en",
        company=company_a,
        job_title=f"Data lead {TAG}",
        city=f"Bergen{TAG}",
        birth_year=1996,
        years_experience=3,
    )


@pytest.fixture
def bo(mentor_bo):
    mentor_bo.user.language = "en"
    mentor_bo.user.save()
    mentor_bo.years_experience = 15
    mentor_bo.save()
    return mentor_bo


def _accept(cohort, person, role, text):
    application = ApplicationFactory(
        cohort=cohort, person=person, role=role, decision="accepted", meeting_format="digital"
    )
    questions = {q.matching_field: q for q in cohort.questions.filter(role=role)}
    AnswerFactory(application=application, question=questions["topics"], value=["data"])
    AnswerFactory(application=application, question=questions["text"], value=text)
    return application


def _matched_pair(selma, bo, coordinator, capture) -> Pair:
    """Proposal, its reminder and "you are matched": each of Bo's copies names Selma."""
    initiative = InitiativeFactory(kind="classic", slug="mentorprogrammet", name="Mentorprogram")
    initiative.coordinators.add(coordinator.user)
    cohort = CohortFactory(
        initiative=initiative,
        title="2027",
        status="review",
        applications_open_at=START - dt.timedelta(days=60),
        applications_close_at=START - dt.timedelta(days=30),
        matching_on=START.date(),
        kickoff_on=START.date() + dt.timedelta(days=10),
        closing_on=START.date() + dt.timedelta(days=300),
    )
    TopicFactory(slug="data", name="Data", name_en="Data")
    for role in ("mentee", "mentor"):
        QuestionFactory(cohort=cohort, role=role, kind="topics", matching_field="topics")
        QuestionFactory(cohort=cohort, role=role, kind="text", matching_field="text")
    _accept(cohort, selma, "mentee", f"Jeg vil lære ledelse {TAG}")
    _accept(cohort, bo, "mentor", "Jeg liker å dele")
    start_run(cohort=cohort, by=coordinator.user)
    with capture(execute=True):
        cohort.refresh_from_db()
        token = proposal_mailing(cohort).token
        send_proposals(cohort=cohort, token=token, by=coordinator.user)
    with capture(execute=True):
        send_proposal_reminders(now=START + dt.timedelta(days=30))
    for side in ProposalSide.objects.all():
        with capture(execute=True):
            answer_proposal(side=side, answer="approved", reason="")
    with capture(execute=True):
        token = publish_mailing(cohort).token
        [pair], _mailing = publish_pairs(cohort=cohort, token=token, by=coordinator.user)
    return pair


def _pair_year(pair, selma, bo, coordinator, capture, frozen) -> None:
    """Her agreement and meeting, the reminders about her, a message naming her."""
    with capture(execute=True):
        propose_agreement(
            pair=pair,
            by=selma,
            goals=[f"Bli tryggere som leder {TAG}"],
            cadence=f"Hver tredje uke {TAG}",
            meeting_format="digital",
            other_terms=f"Vi møtes på kontoret mitt {TAG}",
        )
    starts = START + dt.timedelta(days=2, hours=4)
    with capture(execute=True):
        meeting = propose_meeting(
            pair=pair,
            by=selma,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=1),
            place=f"Selmas kontor {TAG}",
        )
    with capture(execute=True):
        accept_meeting(meeting=meeting, by=bo)
    with capture(execute=True):
        send_due_reminders(now=START + dt.timedelta(days=1))  # the meeting tomorrow
    with capture(execute=True):
        send_due_reminders(now=START + dt.timedelta(days=3))  # the agreement unsigned
    with capture(execute=True):
        message = {
            "cohort": pair.cohort,
            "cohorts": [pair.cohort],
            "audience": "pair",
            "pair": pair,
            "subject": f"Til Selma{TAG} Sørli{TAG} og Bo",
            "body": f"Hei Selma{TAG} Sørli{TAG} og Bo! Husk samlingen.",
            "by": coordinator.user,
        }
        send_message(token=message_mailing(**message).token, **message)
    kickoff = gathering([pair.cohort], days=20, title="Oppstart")
    with capture(execute=True):
        token = invitation_mailing(kickoff, pair.cohort).token
        send_invitations(gathering=kickoff, cohort=pair.cohort, token=token, by=coordinator.user)


def _nominates_a_colleague(selma, capture) -> None:
    """Selma is her company's contact; her colleague's nomination email names her."""
    contact = CompanyContact.objects.create(person=selma, company=selma.company)
    initiative = InitiativeFactory(kind="shadowing", slug="skygge", name="Skyggeprogram")
    cohort = CohortFactory(
        initiative=initiative,
        status="open",
        applications_open_at=START - dt.timedelta(days=5),
        applications_close_at=START + dt.timedelta(days=20),
    )
    with capture(execute=True):
        nominate_pair(
            contact=contact,
            cohort=cohort,
            nominees={
                "mentee": NomineeInput(
                    first_name="Liv",
                    last_name="Lie",
                    email="liv@nordlys.example",
                    job_title="Analytiker",
                )
            },
            reason="Liv skal lede.",
            wants_to_learn="Strategi.",
            by=selma.user,
        )


def _text_values():
    """(model, field, value as text) for every text, char and JSON column of every model."""
    for model in apps.get_models():
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        for field in fields:
            for value in model._default_manager.values_list(field.attname, flat=True):
                if value is None:
                    continue
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                yield model._meta.label, field.name, text


def _hits(needle: str) -> list[str]:
    return sorted({f"{label}.{field}" for label, field, text in _text_values() if needle in text})


def test_her_name_is_in_no_stored_email_and_no_column_after_erasure(
    selma, bo, coordinator_cora, django_capture_on_commit_callbacks, frozen
):
    capture = django_capture_on_commit_callbacks
    pair = _matched_pair(selma, bo, coordinator_cora, capture)
    _pair_year(pair, selma, bo, coordinator_cora, capture, frozen)
    _nominates_a_colleague(selma, capture)
    bo_subjects = list(
        SentEmail.objects.filter(recipient=bo.user).order_by("pk").values_list("subject", flat=True)
    )
    # Planted through every email that names a person: Bo's copies name her.
    assert [s for s in bo_subjects if TAG in s] == [
        f"Selma{TAG} Sørli{TAG} asks you to sign your agreement",
        f"Selma{TAG} Sørli{TAG} proposes a meeting",
        f"Tomorrow: meeting with Selma{TAG} Sørli{TAG}",
        f"Til Selma{TAG} Sørli{TAG} og Bo",
    ]
    planted = _hits(TAG)
    assert {
        "core.SentEmail.subject",
        "core.SentEmail.body",
        "core.ActivityLog.target_repr",
        "pairs.Message.body",
        "pairs.Meeting.place",
        "people.User.first_name",
        "people.Person.job_title",
        "applications.Answer.value",
        "matching.MatchRun.instance",
    } <= set(planted)
    mail.outbox.clear()

    with capture(execute=True):
        erase_person(person=selma, by=selma.user)

    assert _hits(TAG) == []
    assert _hits(f"selma.{TAG}") == []
    assert database_hits(TAG) == []  # every table by SQL, sessions decoded
    # Bo keeps his copies, her name redacted; the bodies that named her are gone.
    bo_emails = SentEmail.objects.filter(recipient=bo.user).order_by("pk")
    assert [s for s in bo_emails.values_list("subject", flat=True) if "[redacted]" in s] == [
        "[redacted] asks you to sign your agreement",
        "[redacted] proposes a meeting",
        "Tomorrow: meeting with [redacted]",
        "Til [redacted] og Bo",
    ]
    assert sorted(e.template for e in bo_emails if e.body == "[redacted]") == [
        "matching/email/matched",
        "matching/email/proposal",
        "matching/email/proposal_reminder",
        "pairs/email/agreement_proposed",
        "pairs/email/meeting_proposed",
        "pairs/email/message",
        "pairs/email/reminder_agreement_unsigned",
        "pairs/email/reminder_meeting_tomorrow",
    ]
    assert len(bo_emails) == len(bo_subjects) + 1  # and "Your pair has ended"
    gathering_copy = bo_emails.get(template="gatherings/email/invitation")
    assert gathering_copy.body.startswith("Hi Bo,\n\nYou are invited to Oppstart.")
    assert Message.objects.get().body == "Hei [redacted] og Bo! Husk samlingen."
    # And nothing went to her: the end of the pair is told to Bo and the coordinator only.
    assert [m.to for m in mail.outbox] == [["bo@b.example"], ["cora@c.example"]]
