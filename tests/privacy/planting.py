"""Plant a unique value in every personal field a provider declares, for one person.

One planter per registered provider (``test_every_provider_has_a_planter`` fails for a new
provider without one). A planter returns nothing; every string it writes contains ``tag``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.utils import timezone

from brobygger.applications.models import Answer, Question, Review
from brobygger.core.emails import send_templated_email
from brobygger.core.services import log_activity, send_email_on_commit
from brobygger.gatherings.models import Gathering
from brobygger.gatherings.models import Invitation as GatheringInvitation
from brobygger.matching.models import MatchConstraint, MatchRun, Proposal, ProposalSide, Wish
from brobygger.pairs.models import (
    Agreement,
    CalendarFeed,
    Goal,
    GoalRating,
    Meeting,
    Message,
    Pair,
    Reminder,
)
from brobygger.people.models import CompanyContact, Person
from brobygger.people.services import create_api_token, record_api_token_use
from brobygger.privacy.audit import record_failed_sign_in
from brobygger.privacy.models import Consent, PrivacyNotice
from brobygger.surveys.models import Answer as SurveyAnswer
from brobygger.surveys.models import Invitation as SurveyInvitation
from brobygger.surveys.models import Question as SurveyQuestion
from brobygger.surveys.models import Survey
from tests.factories import ApplicationFactory, CohortFactory, PersonFactory, UserFactory

IP = "203.0.113.77"


def plant_people(person: Person, tag: str) -> None:
    user = person.user
    user.first_name, user.last_name = f"{tag}first", f"{tag}last"
    EmailAddress.objects.filter(user=user).update(email=f"{tag}mail@example.org")
    user.email = f"{tag}mail@example.org"
    user.save()
    person.job_title, person.city = f"{tag}title", f"{tag}city"
    person.save()
    CompanyContact.objects.get_or_create(person=person, company=person.company)
    token, _secret = create_api_token(user=user, name=f"{tag}token")
    record_api_token_use(token=token)


def plant_account(person: Person, tag: str) -> None:
    EmailAddress.objects.create(user=person.user, email=f"{tag}alt@example.org", verified=True)


def plant_mfa(person: Person, tag: str) -> None:
    # Stored as allauth would without encryption, so that the scan can see the secrets.
    Authenticator.objects.create(user=person.user, type="totp", data={"secret": f"{tag}totp"})
    Authenticator.objects.create(
        user=person.user, type="recovery_codes", data={"seed": f"{tag}seed", "used_mask": 0}
    )


def plant_applications(person: Person, tag: str) -> None:
    cohort = CohortFactory(status="review")
    application = ApplicationFactory(
        cohort=cohort,
        person=person,
        decision="accepted",
        decision_reason=f"{tag}reason",
        decision_released_at=timezone.now(),  # sent: hers to see
    )
    text = Question.objects.create(cohort=cohort, role="mentee", kind="text", label="Mål")
    sensitive = Question.objects.create(
        cohort=cohort, role="mentee", kind="short_text", label="Hensyn", sensitive=True
    )
    Answer.objects.create(application=application, question=text, value=f"{tag}answer")
    Answer.objects.create(application=application, question=sensitive, value=f"{tag}sensitive")
    reviewer = UserFactory(email="reviewer@net.example", first_name="Rita", last_name="Reviewer")
    Review.objects.create(
        application=application, reviewer=reviewer, score=4, comment=f"{tag}review"
    )
    # A coordinator's action about her application names her in the audit log.
    log_activity(actor=reviewer, action="application.decide", target=application)
    # Her employer nominated her to a shadowing year (found by her address).
    from brobygger.applications.models import Nomination, Nominee
    from tests.factories import CompanyFactory

    nomination = Nomination.objects.create(
        cohort=cohort,
        company=person.company or CompanyFactory(),
        reason=f"{tag}nominated",
        wants_to_learn=f"{tag}learn",
        coordinator_message=f"{tag}change",
    )
    Nominee.objects.create(
        nomination=nomination,
        role="mentee",
        first_name=f"{tag}nfirst",
        last_name=f"{tag}nlast",
        email=person.user.email,
        job_title=f"{tag}ntitle",
    )


def plant_core(person: Person, tag: str) -> None:
    user = person.user
    log_activity(
        actor=user,
        action="profile.update",
        target=person,
        data={"note": f"{tag}data"},
        ip_address=IP,
    )
    record_failed_sign_in(None, credentials={"email": user.email, "password": "********"})
    with transaction.atomic():
        send_email_on_commit(
            to=[user.email], subject=f"{tag}subject", body=f"{tag}body", html=f"<p>{tag}html</p>"
        )
        send_templated_email(
            to=user.email,
            template_prefix="applications/email/decision_accepted",
            context={
                "name": user.first_name,
                "cohort": CohortFactory(),
                "role": "mentee",
                "cohort_path": "/",
            },
            language="en",
        )


def plant_sessions(person: Person, tag: str) -> None:
    signed_in = SessionStore()
    signed_in["_auth_user_id"] = str(person.user_id)
    signed_in["note"] = f"{tag}session"
    signed_in.create()
    mid_sign_in = SessionStore()  # a sign-in by code in progress: her address, no user yet
    mid_sign_in["account_login_code"] = {"email": person.user.email}
    mid_sign_in.create()


def plant_privacy(person: Person, tag: str) -> None:
    from brobygger.privacy.services import complete_export, request_export

    notice = PrivacyNotice.objects.get_or_create(version=1, defaults={"text": "Personvern"})[0]
    Consent.objects.create(person=person, notice=notice, purpose="application")
    Consent.objects.create(person=person, notice=notice, purpose="newsletter")
    with transaction.atomic():
        request = request_export(person=person, by=person.user)
    complete_export(request=request)  # idempotent if the task already built it


def plant_matching(person: Person, tag: str) -> None:
    cohort = CohortFactory(status="matching")
    mine = ApplicationFactory(cohort=cohort, person=person, role="mentee")
    other = ApplicationFactory(cohort=cohort, role="mentor", capacity=1)
    run = MatchRun.objects.create(
        cohort=cohort,
        status="done",
        fingerprint="f" * 64,
        people=2,
        instance={
            "mentees": [
                {
                    "id": str(mine.code),
                    "name": f"{tag}name",
                    "city": f"{tag}city",
                    "birth_year": 1966,
                    "languages": ["nb"],
                    "topics": [f"{tag}topic"],
                    "text": f"{tag}text",
                    "values": [f"{tag}value"],
                    "capacity": 1,
                }
            ],
            "mentors": [{"id": str(other.code), "name": "Mona Mentor", "capacity": 1}],
        },
        result={
            "pairs": [{"mentee": str(mine.code), "mentor": str(other.code), "score": 0.8}],
            "unmatched": [],
        },
    )
    MatchConstraint.objects.create(
        cohort=cohort,
        kind="lock",
        mentee_application=mine,
        mentor_application=other,
        override_reason=f"{tag}lock",
    )
    proposal = Proposal.objects.create(
        cohort=cohort,
        run=run,
        mentee_application=mine,
        mentor_application=other,
        score=0.8,
        override_reason=f"{tag}override",
    )
    ProposalSide.objects.create(
        proposal=proposal,
        role="mentee",
        person=person,
        asked_at=timezone.now(),
        answer="declined",
        answered_at=timezone.now(),
        reason=f"{tag}declined",
    )
    Wish.objects.create(application=mine, kind="avoid", other=other, written=f"{tag}wish")


def plant_surveys(person: Person, tag: str) -> None:
    today = timezone.localdate()
    survey = Survey.objects.create(
        cohort=CohortFactory(status="running"),
        kind="closing",
        role="mentee",
        title="Avslutning",
        opens_on=today,
        closes_on=today,
    )
    text = SurveyQuestion.objects.create(survey=survey, kind="text", label="Hva lærte du?")
    scale = SurveyQuestion.objects.create(
        survey=survey, kind="likert", key="useful", label="Nyttig"
    )
    invitation = SurveyInvitation.objects.create(
        survey=survey, person=person, company=person.company, invited_at=timezone.now()
    )
    SurveyAnswer.objects.create(invitation=invitation, question=text, value=f"{tag}survey")
    SurveyAnswer.objects.create(invitation=invitation, question=scale, value=4)


def plant_pairs(person: Person, tag: str) -> None:
    now = timezone.now()
    cohort = CohortFactory(status="running")
    partner = PersonFactory(user__first_name="Petra", user__last_name="Partner")
    pair = Pair.objects.create(
        cohort=cohort,
        mentor=partner,
        mentee=person,
        published_at=now,
        status="ended_early",
        ended_at=now,
        end_reason=f"{tag}ended",
    )
    Agreement.objects.create(
        pair=pair,
        version=1,
        goals=[f"{tag}agreed-goal"],
        mentor_goals=[f"{tag}mentor-own-goal"],
        cadence=f"{tag}cadence",
        meeting_format="digital",
        other_terms=f"{tag}terms",
        proposed_by_role="mentee",
        mentee_signed_at=now,
        mentor_signed_at=now,
    )
    goal = Goal.objects.create(pair=pair, position=1, text=f"{tag}goal")
    GoalRating.objects.create(goal=goal, phase="start", rating=4, rated_by_role="mentee")
    Meeting.objects.create(
        pair=pair,
        starts_at=now,
        ends_at=now + dt.timedelta(hours=1),
        place=f"{tag}place",
        video_url=f"https://{tag}.example/room",
        status="held",
        proposed_by_role="mentee",
        duration_minutes=60,
        notes=f"{tag}notes",
    )
    Meeting.objects.create(
        pair=pair,
        starts_at=now,
        ends_at=now + dt.timedelta(hours=1),
        place="Kafé",
        status="cancelled",
        proposed_by_role="mentor",
        cancelled_by_role="mentee",
        cancel_reason=f"{tag}cancelled",
    )
    from brobygger.pairs.models import ShadowingDay, ShadowingPlan

    ShadowingDay.objects.create(
        pair=pair, date=now.date(), what_happened=f"{tag}day", reflection=f"{tag}reflection"
    )
    ShadowingPlan.objects.create(
        pair=pair, talent_goal=f"{tag}talent-goal", leader_reflection=f"{tag}leader-reflection"
    )
    CalendarFeed.objects.create(person=person, token=f"{tag}feed")
    Message.objects.create(
        cohort=cohort, audience="everyone", subject="Velkommen", body="Hei alle sammen"
    )
    Reminder.objects.create(kind="pair_quiet", key=str(pair.code), person=person)
    from brobygger.pairs.models import PulseAnswer

    now_done = timezone.now()
    PulseAnswer.objects.create(
        pair=pair, person=person, point=1, useful=2, safe=3, followed_up_at=now_done
    )
    # her partner's pulse never reaches her export
    PulseAnswer.objects.create(pair=pair, person=partner, point=1, useful=5, safe=5)


def plant_gatherings(person: Person, tag: str) -> None:
    now = timezone.now()
    gathering = Gathering.objects.create(
        title="Oppstart", starts_at=now, ends_at=now + dt.timedelta(hours=3), place="Salen"
    )
    gathering.cohorts.add(CohortFactory(status="running"))
    GatheringInvitation.objects.create(
        gathering=gathering,
        person=person,
        invited_at=now,
        response="yes",
        responded_at=now,
        attended=True,
    )


PLANTERS: dict[str, Callable[[Person, str], Any]] = {
    "people": plant_people,
    "account": plant_account,
    "mfa": plant_mfa,
    "applications": plant_applications,
    "core": plant_core,
    "sessions": plant_sessions,
    "privacy": plant_privacy,
    "matching": plant_matching,
    "surveys": plant_surveys,
    "pairs": plant_pairs,
    "gatherings": plant_gatherings,
}


def plant_everything(person: Person, tag: str) -> None:
    # The identity first, so that later rows (emails, log entries) carry the planted name.
    for label in ["people", *sorted(set(PLANTERS) - {"people"})]:
        PLANTERS[label](person, tag)
