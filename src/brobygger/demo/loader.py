"""Load the fictional demo network. Idempotent: running it again changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from brobygger.applications.models import Answer, Application, Question, Topic
from brobygger.applications.services.forms import create_default_form, ensure_matching_questions
from brobygger.demo import data
from brobygger.gatherings.models import Gathering
from brobygger.gatherings.models import Invitation as GatheringInvitation
from brobygger.gatherings.selectors import invitees_of
from brobygger.pairs.models import Agreement, Goal, GoalRating, Meeting, Pair, PulseAnswer
from brobygger.pairs.rules import pulse_opens_at
from brobygger.people.models import Company, CompanyContact, CorporateGroup, Person, User
from brobygger.people.roles import ensure_role_groups, grant_coordinator_role
from brobygger.privacy.models import Consent, PrivacyNotice
from brobygger.programs.models import Cohort, Initiative
from brobygger.programs.status import CohortStatus
from brobygger.surveys.models import Answer as SurveyAnswer
from brobygger.surveys.models import QuestionKind as SurveyQuestionKind
from brobygger.surveys.models import Survey
from brobygger.surveys.services import create_survey, invite_participants


def _at(day: dt.date, hour: int = 12, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _title(kickoff: dt.date, closing: dt.date) -> str:
    return f"{kickoff.year}–{closing.year}" if kickoff.year != closing.year else str(kickoff.year)


@transaction.atomic
def load_demo(*, today: dt.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    ensure_role_groups()
    companies = _companies()
    people = _people(companies)
    initiatives = _initiatives(people)
    cohorts = _cohorts(initiatives, today)
    _gatherings(cohorts, today)
    _privacy_notice(today)
    _topics()
    _applications(cohorts, people, today)
    _shadowing_applications(cohorts["shadowing"], people, today)
    _pairs(cohorts, people, today)
    _without_a_partner(cohorts, people)
    _gathering_replies()
    _baseline_surveys(cohorts["classic"], people)
    contact = people["contact"]
    if contact.company is not None:
        CompanyContact.objects.get_or_create(person=contact, defaults={"company": contact.company})
    _shadowing_nominated(initiatives["executive-shadowing"], people, today)
    return {
        "companies": Company.objects.count(),
        "people": Person.objects.count(),
        "initiatives": Initiative.objects.count(),
        "cohorts": Cohort.objects.count(),
        "gatherings": Gathering.objects.count(),
        "applications": Application.objects.count(),
        "pairs": Pair.objects.count(),
    }


def _companies() -> dict[str, Company]:
    groups = {
        name: CorporateGroup.objects.get_or_create(name=name)[0] for name in data.CORPORATE_GROUPS
    }
    companies = {}
    for name, industry, city, group in data.COMPANIES:
        company, _ = Company.objects.update_or_create(
            name=name,
            defaults={
                "industry": industry,
                "city": city,
                "group": groups.get(group or ""),
                "confirmed": True,
            },
        )
        companies[name] = company
    return companies


def _people(companies: dict[str, Company]) -> dict[str, Person]:
    people = {}
    # Every demo account has the same password: hash it once (Argon2 is slow on purpose).
    password_hash = make_password(data.DEMO_PASSWORD)
    for key, first, last, company, title, born, years, family, languages, city in data.PEOPLE:
        email = data.email_for(key)
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create(
                email=email, password=password_hash, first_name=first, last_name=last
            )
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        person, _ = Person.objects.update_or_create(
            user=user,
            defaults={
                "company": companies[company],
                "job_title": title,
                "birth_year": born,
                "years_experience": years,
                "role_family": family,
                "industry": companies[company].industry,
                "languages": languages,
                "city": city,
            },
        )
        people[key] = person
    admin = people["admin"].user
    if not admin.is_superuser:
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
    grant_coordinator_role(people["coordinator"].user)
    return people


def _initiatives(people: dict[str, Person]) -> dict[str, Initiative]:
    initiatives: dict[str, Initiative] = {}
    for spec in data.INITIATIVES:
        fields: dict[str, Any] = {k: v for k, v in spec.items() if k != "slug"}
        initiative, _ = Initiative.objects.update_or_create(slug=spec["slug"], defaults=fields)
        initiatives[str(spec["slug"])] = initiative
    coordinator = people["coordinator"].user
    initiatives["reverse-mentoring"].coordinators.add(coordinator)
    initiatives["mentorprogram"].coordinators.add(coordinator)
    initiatives["executive-shadowing"].coordinators.add(people["admin"].user)
    # the demo coordinator can also try the matching of the shadowing cohort (in review)
    initiatives["executive-shadowing"].coordinators.add(coordinator)
    return initiatives


def _cohort(
    initiative: Initiative,
    status: str,
    opens: dt.date,
    closes: dt.date,
    matching: dt.date,
    kickoff: dt.date,
    closing: dt.date,
    target_pairs: int | None,
) -> Cohort:
    title = _title(kickoff, closing)
    cohort = Cohort.objects.filter(initiative=initiative, title=title).first() or Cohort(
        initiative=initiative, title=title
    )
    cohort.status = status
    cohort.applications_open_at = _at(opens, 9)
    cohort.applications_close_at = _at(closes, 23, 59)
    cohort.matching_on = matching
    cohort.kickoff_on = kickoff
    cohort.closing_on = closing
    cohort.target_pairs = target_pairs
    if cohort.contact_id is None:  # whom participants write to: the demo coordinator
        cohort.contact = initiative.coordinators.filter(is_superuser=False).order_by("pk").first()
    cohort.full_clean()
    cohort.save()
    return cohort


def _cohorts(initiatives: dict[str, Initiative], today: dt.date) -> dict[str, Cohort]:
    d = dt.timedelta
    joint_kickoff = today + d(days=56)
    joint_closing = today + d(days=200)
    return {
        "reverse": _cohort(
            initiatives["reverse-mentoring"],
            CohortStatus.OPEN,
            today - d(days=12),
            today + d(days=24),
            today + d(days=38),
            joint_kickoff,
            joint_closing,
            8,
        ),
        "reverse-last": _cohort(
            initiatives["reverse-mentoring"],
            CohortStatus.CLOSED,
            today - d(days=420),
            today - d(days=380),
            today - d(days=360),
            today - d(days=330),
            today - d(days=150),
            8,
        ),
        "classic": _cohort(
            initiatives["mentorprogram"],
            CohortStatus.RUNNING,
            today - d(days=200),
            today - d(days=150),
            today - d(days=130),
            today - d(days=90),
            joint_closing,
            12,
        ),
        "shadowing": _cohort(
            initiatives["executive-shadowing"],
            CohortStatus.REVIEW,
            today - d(days=40),
            today - d(days=5),
            today + d(days=20),
            joint_kickoff,
            joint_closing,
            5,
        ),
    }


def _gathering(
    title: str, theme: str, start: dt.datetime, cohorts: list[Cohort], description: str = ""
) -> None:
    # the demo's own gatherings have no creator: a copy made in the app keeps the title
    gathering, _ = Gathering.objects.update_or_create(
        title=title,
        created_by=None,
        defaults={
            "theme": theme,
            "description": description,
            "starts_at": start,
            "ends_at": start + dt.timedelta(hours=2),
            "video_url": "https://meet.bolge.example/samling",
        },
    )
    gathering.cohorts.set(cohorts)


def _gatherings(cohorts: dict[str, Cohort], today: dt.date) -> None:
    current = [cohorts["reverse"], cohorts["classic"], cohorts["shadowing"]]
    reverse = [cohorts["reverse"]]
    kickoff, closing = cohorts["reverse"].kickoff_on, cohorts["reverse"].closing_on
    d = dt.timedelta
    _gathering(
        "Felles oppstart",
        "Bli kjent på tvers av generasjoner",
        _at(kickoff, 17),
        [cohorts["reverse"], cohorts["shadowing"]],
        "Oppstart for Reverse Mentoring og Executive Shadowing.",
    )
    _gathering(
        "Oppstart mentorprogrammet",
        "",
        _at(cohorts["classic"].kickoff_on, 17),
        [cohorts["classic"]],
    )
    _gathering(
        "Samling: Verdibasert ledelse",
        "Verdibasert ledelse",
        _at(kickoff + d(days=35), 17),
        reverse,
    )
    _gathering(
        "Samling: Scenariotenkning", "Scenariotenkning", _at(kickoff + d(days=77), 17), reverse
    )
    _gathering(
        "Samling: Personlig branding", "Personlig branding", _at(kickoff + d(days=119), 17), reverse
    )
    _gathering(
        "Felles avslutning",
        "Hva tar vi med oss?",
        _at(closing, 17),
        current,
        "Avslutning for alle tre initiativene.",
    )
    last = cohorts["reverse-last"]
    _gathering("Oppstart i fjor", "", _at(last.kickoff_on, 17), [last])
    _gathering("Avslutning i fjor", "", _at(last.closing_on, 17), [last])


def _privacy_notice(today: dt.date) -> None:
    PrivacyNotice.objects.update_or_create(
        version=1,
        defaults={
            "text": data.PRIVACY_NOTICE_NB,
            "text_en": data.PRIVACY_NOTICE_EN,
            "published_at": _at(today - dt.timedelta(days=400), 9),
        },
    )


def _topics() -> None:
    for order, (slug, name, name_en) in enumerate(data.TOPICS, start=1):
        Topic.objects.update_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "order": order}
        )


def _applications(cohorts: dict[str, Cohort], people: dict[str, Person], today: dt.date) -> None:
    for key in ("reverse", "classic", "shadowing", "reverse-last"):
        if not Question.objects.filter(cohort=cohorts[key]).exists():
            create_default_form(cohort=cohorts[key], by=None)
    cohort = cohorts["reverse"]
    context = _AnswerContext.of(cohort)
    submitted_at = _at(today - dt.timedelta(days=5), 10)
    for key, role, status, text, topics, values, meeting in data.REVERSE_APPLICATIONS:
        context.apply(
            people[key],
            role,
            {
                "status": status,
                "meeting_format": meeting,
                "submitted_at": submitted_at if status != "draft" else None,
                "withdrawn_at": submitted_at if status == "withdrawn" else None,
            },
            topics=topics,
            text=text,
            values=values,
            availability=data.REVERSE_AVAILABILITY.get(key, []),
        )


def _shadowing_applications(cohort: Cohort, people: dict[str, Person], today: dt.date) -> None:
    """Accepted hosts and talents of the cohort in review (decisions sent), with their
    matching answers."""
    context = _AnswerContext.of(cohort)
    submitted_at = _at(today - dt.timedelta(days=20), 9)
    decided_at = _at(today - dt.timedelta(days=3), 14)
    for key, role, text, topics, values, slots, capacity in data.SHADOWING_APPLICATIONS:
        context.apply(
            people[key],
            role,
            {
                "status": "submitted",
                "meeting_format": "physical",
                "capacity": capacity,
                "submitted_at": submitted_at,
                "decision": "accepted",
                "decided_at": decided_at,
                # sent: the applicants know, so their employer's contact sees them too
                "decision_released_at": decided_at,
            },
            topics=topics,
            text=text,
            values=values,
            availability=slots,
        )


@dataclass(frozen=True)
class _AnswerContext:
    """What every demo application of a cohort needs: its matching questions per role and
    the privacy notice applicants consent to (read once per cohort)."""

    cohort: Cohort
    questions: dict[str, dict[str, Question]]
    notice: PrivacyNotice

    @classmethod
    def of(cls, cohort: Cohort) -> _AnswerContext:
        # also adds a matching question a demo loaded by an older version lacks (availability)
        questions = {
            role: ensure_matching_questions(cohort=cohort, role=role)
            for role in ("mentee", "mentor")
        }
        return cls(cohort, questions, PrivacyNotice.objects.get(version=1))

    def apply(self, person: Person, role: str, fields: dict[str, Any], **answers: Any) -> None:
        """The application (updated in place on a reload), its non-empty answers and the
        person's consent."""
        application, _ = Application.objects.update_or_create(
            cohort=self.cohort, person=person, role=role, defaults=fields
        )
        for field, value in answers.items():
            if value:
                Answer.objects.update_or_create(
                    application=application,
                    question=self.questions[role][field],
                    defaults={"value": value},
                )
        Consent.objects.get_or_create(person=person, notice=self.notice, purpose="application")


def _without_a_partner(cohorts: dict[str, Cohort], people: dict[str, Person]) -> None:
    """An accepted mentor with no mentee in the running mentor programme, and an applicant
    on the reverse mentoring waitlist (issue "When the plan changes")."""
    classic = cohorts["classic"]
    context = _AnswerContext.of(classic)
    submitted_at = classic.applications_close_at - dt.timedelta(days=3)
    decided_at = _at(classic.kickoff_on + dt.timedelta(days=7), 14)
    for key, text in data.CLASSIC_UNMATCHED_MENTORS:
        fields = {
            "status": "submitted",
            "submitted_at": submitted_at,
            "decision": "accepted",
            "decided_at": decided_at,
            "decision_released_at": decided_at,
            "meeting_format": "either",
        }
        context.apply(people[key], "mentor", fields, text=text)
    Application.objects.filter(
        cohort=cohorts["reverse"], person__in=[people[k] for k in data.REVERSE_WAITLISTED]
    ).update(decision="waitlisted")
    # each published pair knows the applications it grew from, as a published proposal's does
    for pair in Pair.objects.filter(cohort=classic, mentee_application__isnull=True):
        apps_of = {
            a.role: a
            for a in Application.objects.filter(
                cohort=classic, person__in=[pair.mentee, pair.mentor]
            )
        }
        Pair.objects.filter(pk=pair.pk).update(
            mentee_application=apps_of.get("mentee"), mentor_application=apps_of.get("mentor")
        )


def _gathering_replies() -> None:
    """The mentor programme's kickoff (held): everyone invited said yes, most came."""
    held = Gathering.objects.get(title="Oppstart mentorprogrammet", created_by=None)
    for k, person in enumerate(invitees_of(held).order_by("pk")):
        GatheringInvitation.objects.update_or_create(
            gathering=held,
            person=person,
            defaults={
                "invited_at": held.starts_at - dt.timedelta(days=21),
                "response": "yes",
                "responded_at": held.starts_at - dt.timedelta(days=14),
                "attended": k % 5 != 4,  # most came
            },
        )


def _baseline_answer(kind: str, choices: int, seed: int) -> Any:
    """A plausible answer, varied but the same on every load."""
    if kind == SurveyQuestionKind.LIKERT:
        return [4, 5, 3, 4, 4, 5, 2, 4, 3][seed % 9]  # mostly agreeing, as at a start
    if kind == SurveyQuestionKind.SCALE10:
        return [8, 9, 7, 10, 8, 6][seed % 6]
    if kind == SurveyQuestionKind.SINGLE_CHOICE:
        return seed % max(1, choices)
    if kind == SurveyQuestionKind.MULTIPLE_CHOICE:
        return sorted({seed % max(1, choices), (seed + 2) % max(1, choices)})
    texts = [
        "Bli tryggere på å lede i et team der alle er yngre enn meg.",
        "Forstå mer av hvordan vi bruker data i strategiarbeidet.",
        "Et nettverk utenfor egen bransje.",
        "Modet til å si ja til større oppgaver.",
        "Konkrete råd om å bygge et godt fagmiljø.",
    ]
    return texts[seed % len(texts)]


def _baseline_surveys(cohort: Cohort, people: dict[str, Person]) -> None:
    """The running mentor programme's baseline surveys, answered by most participants, so
    the cohort report has figures (each above the anonymity threshold)."""
    by = people["coordinator"].user
    for role in ("mentee", "mentor"):
        survey = Survey.objects.filter(cohort=cohort, kind="baseline", role=role).first()
        if survey is None:
            survey = create_survey(cohort=cohort, kind="baseline", role=role, by=by)
        invite_participants(survey=survey)
        questions = list(survey.questions.order_by("order"))
        invited = timezone.make_aware(dt.datetime.combine(survey.opens_on, dt.time(9)))
        for k, invitation in enumerate(survey.invitations.order_by("person_id")):
            answered = k != 4  # one has not answered
            invitation.invited_at = invited
            invitation.answered_at = invited + dt.timedelta(days=2) if answered else None
            invitation.save(update_fields=["invited_at", "answered_at", "updated_at"])
            if not answered:
                continue
            for q in questions:
                value = _baseline_answer(q.kind, len(q.choices), k * 7 + q.order)
                SurveyAnswer.objects.update_or_create(
                    invitation=invitation, question=q, defaults={"value": value}
                )


def _pair(
    cohort: Cohort,
    mentor: Person,
    mentee: Person,
    *,
    status: str,
    last_held: dt.date,
    held: int,
    upcoming: dt.date | None,
    signed: bool = True,
) -> None:
    pair, created = Pair.objects.get_or_create(
        cohort=cohort,
        mentee=mentee,
        defaults={
            "mentor": mentor,
            "status": status,
            "published_at": _at(cohort.matching_on, 10),
        },
    )
    if not created:
        return
    if signed:
        signed_at = _at(last_held - dt.timedelta(weeks=3 * (held - 1)), 17)
        agreement = Agreement.objects.create(
            pair=pair,
            version=1,
            goals=["Bli tryggere på digitale verktøy", "Bygge nettverk utenfor egen bransje"],
            mentor_goals=["Lede et møte med ledergruppen", "Gi tilbakemelding oppover"],
            cadence="Hver tredje uke, en time",
            meeting_format="digital",
            proposed_by_role="mentee",
            mentee_signed_at=signed_at,
            mentor_signed_at=signed_at,
        )
        # rated when the agreement was signed, while the start rating was open
        start = cohort.rating_phase("start")
        rated_at = min(signed_at, start.closes_at - dt.timedelta(hours=12))
        # each rates her own goals: the mentee's, and the mentor's own learning goals
        for role, texts in (("mentee", agreement.goals), ("mentor", agreement.mentor_goals)):
            for position, text in enumerate(texts, start=1):
                goal = Goal.objects.create(pair=pair, owner_role=role, position=position, text=text)
                rating = GoalRating.objects.create(
                    goal=goal, phase="start", rating=3 + position, rated_by_role=role
                )
                GoalRating.objects.filter(pk=rating.pk).update(created_at=rated_at)
    for n in range(held):
        day = last_held - dt.timedelta(weeks=3 * n)
        Meeting.objects.create(
            pair=pair,
            starts_at=_at(day, 16),
            ends_at=_at(day, 17),
            video_url="https://meet.bolge.example/par",
            status="held",
            proposed_by_role="mentee",
            accepted_at=_at(day - dt.timedelta(days=7), 9),
            duration_minutes=60,
            logged_at=_at(day, 18),
        )
    if upcoming:
        Meeting.objects.create(
            pair=pair,
            starts_at=_at(upcoming, 16),
            ends_at=_at(upcoming, 17),
            video_url="https://meet.bolge.example/par",
            status="planned",
            proposed_by_role="mentee",
            accepted_at=_at(upcoming - dt.timedelta(days=5), 9),
        )


def _accepted_before_matching(cohort: Cohort, pairs: list[tuple[Person, Person]]) -> None:
    """The applications a published pair grew from: both people applied, were accepted and
    told before the matching (so the cohort's funnel and overview start from them)."""
    context = _AnswerContext.of(cohort)
    submitted_at = cohort.applications_close_at - dt.timedelta(days=10)
    decided_at = _at(cohort.matching_on - dt.timedelta(days=7), 14)
    for mentor, mentee in pairs:
        for person, role in ((mentee, "mentee"), (mentor, "mentor")):
            fields = {
                "status": "submitted",
                "submitted_at": submitted_at,
                "decision": "accepted",
                "decided_at": decided_at,
                "decision_released_at": decided_at,
            }
            context.apply(person, role, fields)


def _pairs(cohorts: dict[str, Cohort], people: dict[str, Person], today: dt.date) -> None:
    _accepted_before_matching(
        cohorts["classic"], [(people[m], people[e]) for m, e, _w, _h in data.CLASSIC_PAIRS]
    )
    _accepted_before_matching(
        cohorts["reverse-last"], [(people[m], people[e]) for m, e, _h in data.LAST_YEAR_PAIRS]
    )
    for mentor, mentee, weeks_quiet, held in data.CLASSIC_PAIRS:
        _pair(
            cohorts["classic"],
            people[mentor],
            people[mentee],
            status="active",
            last_held=today - dt.timedelta(weeks=weeks_quiet),
            held=held,
            upcoming=today + dt.timedelta(days=9) if weeks_quiet < 4 else None,
            signed=mentor != "p20",  # one pair has not signed its agreement yet
        )
    _pulse_flag(cohorts["classic"], today)
    last = cohorts["reverse-last"]
    for mentor, mentee, held in data.LAST_YEAR_PAIRS:
        _pair(
            last,
            people[mentor],
            people[mentee],
            status="completed",
            last_held=last.closing_on - dt.timedelta(days=10),
            held=held,
            upcoming=None,
        )


def _pulse_flag(cohort: Cohort, today: dt.date) -> None:
    """The first active pair's one-month pulse: the mentor is fine, the mentee does not feel
    safe to speak up, so the coordinator sees "call her" on the health page."""
    pair = (
        Pair.objects.filter(cohort=cohort, status="active", agreements__isnull=False)
        .order_by("pk")
        .first()
    )
    if pair is None or PulseAnswer.objects.filter(pair=pair).exists():
        return
    opens_at = pulse_opens_at(pair, 1)
    if opens_at > _at(today):
        return
    answered_at = opens_at + dt.timedelta(days=2)
    for person, useful, safe in ((pair.mentor, 5, 5), (pair.mentee, 4, 2)):
        answer = PulseAnswer.objects.create(
            pair=pair, person=person, point=1, useful=useful, safe=safe
        )
        PulseAnswer.objects.filter(pk=answer.pk).update(
            created_at=answered_at, updated_at=answered_at
        )


# --- Executive shadowing as the network runs it (issue 19) -------------------------------


def _shadowing_nominated(initiative: Initiative, people: dict[str, Person], today: dt.date) -> None:
    """A shadowing year open for nominations (the demo company contact can nominate a pair)
    and a running shadowing year whose pairs the companies nominated and the coordinator
    approved, with shadowing days."""
    d = dt.timedelta
    taken = set(Cohort.objects.filter(initiative=initiative).values_list("title", flat=True))

    def cohort(key: str, status: str, *dates: dt.date) -> Cohort:
        kickoff, closing = dates[3], dates[4]
        title = _title(kickoff, closing)
        found = Cohort.objects.filter(initiative=initiative, title=title).first()
        if found is None and title in taken:  # a rare calendar: keep the titles apart
            title = f"{title} {key}"
        c = found or Cohort(initiative=initiative, title=title)
        c.status = status
        c.applications_open_at = _at(dates[0], 9)
        c.applications_close_at = _at(dates[1], 23, 59)
        c.matching_on, c.kickoff_on, c.closing_on = dates[2], kickoff, closing
        c.target_pairs = 6
        if c.contact_id is None:
            c.contact = initiative.coordinators.filter(is_superuser=False).order_by("pk").first()
        c.full_clean()
        c.save()
        taken.add(c.title)
        return c

    cohort(
        "nominations",
        CohortStatus.OPEN,
        today - d(days=5),
        today + d(days=30),
        today + d(days=40),
        today + d(days=440),
        today + d(days=600),
    )
    running = cohort(
        "running",
        CohortStatus.RUNNING,
        today - d(days=220),
        today - d(days=180),
        today - d(days=170),
        today - d(days=150),
        today + d(days=30),
    )
    _shadowing_pairs(running, people, today)


def _shadowing_pairs(cohort: Cohort, people: dict[str, Person], today: dt.date) -> None:
    from brobygger.applications.models import Nomination, NominationStatus, Nominee
    from brobygger.pairs.models import ShadowingDay, ShadowingPlan

    contact = CompanyContact.objects.filter(person=people["contact"]).first()
    decided = _at(cohort.matching_on, 10)
    for leader_key, talent_key, reason, learn, goal, days in data.SHADOWING_RUNNING_PAIRS:
        leader, talent = people[leader_key], people[talent_key]
        if Pair.objects.filter(cohort=cohort, mentee=talent).exists():
            continue
        assert leader.company is not None
        nomination = Nomination.objects.create(
            cohort=cohort,
            company=leader.company,
            nominated_by=contact if contact and contact.company_id == leader.company_id else None,
            reason=reason,
            wants_to_learn=learn,
            status=NominationStatus.APPROVED,
            decided_at=decided,
        )
        applications = {}
        for role, person in (("mentor", leader), ("mentee", talent)):
            applications[role] = Application.objects.create(
                cohort=cohort,
                person=person,
                role=role,
                status="submitted",
                source="nomination",
                nominated_by=nomination.nominated_by,
                submitted_at=_at(cohort.applications_close_at.date(), 9),
                decision="accepted",
                decided_at=decided,
                decision_released_at=decided,
            )
            Nominee.objects.create(
                nomination=nomination,
                role=role,
                first_name=person.user.first_name,
                last_name=person.user.last_name,
                email=person.user.email,
                job_title=person.job_title,
                answer="accepted",
                answered_at=_at(cohort.applications_close_at.date() - dt.timedelta(days=3), 12),
                emailed_at=_at(cohort.applications_close_at.date() - dt.timedelta(days=6), 12),
                application=applications[role],
            )
        pair = Pair.objects.create(
            cohort=cohort,
            mentee=talent,
            mentor=leader,
            mentee_application=applications["mentee"],
            mentor_application=applications["mentor"],
            status="active",
            published_at=decided,
        )
        if goal:
            ShadowingPlan.objects.create(pair=pair, talent_goal=goal)
        for days_ago, happened, reflection in days:
            ShadowingDay.objects.create(
                pair=pair,
                date=today - dt.timedelta(days=days_ago),
                what_happened=happened,
                reflection=reflection,
            )
