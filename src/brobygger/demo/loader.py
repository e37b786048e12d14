"""Load the fictional demo network (``demo/data/``) through the product's own services.

The loader plays the demo's story as it would happen in the product: each person fills in
her profile; the coordinator creates each programme year, gives it the standard form and
moves it along the status machine; she imports the applicants' spreadsheet with the
product's importer and decides the applications; the applicants consent to the privacy
notice, one saves a draft, and one withdraws; on the matching day she locks the demo's
pairs, runs the matching, sends the proposals, both people approve theirs, and she publishes
the pairs; while the running executive shadowing year was open, each company's HR contact
nominated its pair from her page and both nominees confirmed through their emailed links,
and the coordinator approves the pairs; she creates the gatherings; the pairs propose, sign
and rate their agreements, propose, accept and log their meetings, and answer the pulse; a
closed year closes after its pairs' story; the mentor programme's kickoff is invited to,
replied to and its attendance noted; the participants answer the baseline survey; the
shadowing talents write their goal and log their days. So the activity log shows the demo's
history, by whom.

**Backdating.** Services stamp the real clock, and the story happened in the past. Each step
of it is played as an event with the moment it happened; the services that refuse what is
past or future by the clock take that moment (``now=``: saving an application, nominating a
pair, publishing the pairs, proposing, accepting and logging a meeting, replying to a
gathering, answering a survey; ``today=``: rating goals). After the step, ``_backdate_log``
moves the activity-log rows the step wrote to that moment (``_backdate_emails`` the emails
it stored), and the step sets the other times the service stamped on its own objects
(``submitted_at``, ``decided_at``, ``withdrawn_at``, the nomination's ``created_at``, its
nominees' ``emailed_at`` and ``answered_at``, the run's and the proposals' times, the
signatures, the agreement's, the ratings' and the pulse answers' ``created_at``, the
kickoff's ``invited_at``) to it. No clock is frozen; nothing else is touched.

**Email.** The whole load runs inside ``core.outbox.hold_emails``: an email a service sends
(a nominee's link, the proposals, "you are matched", the partner told of a meeting or an
agreement proposed, the kickoff's invitations) is stored, dated in the story and marked
failed with the reason (the send log shows it), and never queued, so the worker started with
``make demo`` sends none of it; a meeting's calendar invitation (sent by a task, not stored)
is not queued. Decisions are not *released* through ``release_decisions`` (its emails are a
mailing she previews): an accepted application is marked as told (``decision_released_at``)
when it was decided.

Still written directly, for want of a service (or because the product's way has no place in
a story told in one go): accounts and their password, companies and their HR contacts,
initiatives and their coordinators, topics, the privacy notice, the work values answers of
imported applications (the import has no such column, and no service answers one question),
the release of decisions, a closed year's pairs ending with it, the baseline survey
invitations marked sent, and a gathering's time when a loaded demo's dates follow today.

Idempotent: running it again changes nothing. A programme year already there keeps its
story; only its dates follow "today" (``save_cohort``), and an import the year lacks (an
older demo) is made again.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy

from brobygger.applications.io.importing import build_preview
from brobygger.applications.models import (
    Answer,
    Application,
    Nomination,
    NominationStatus,
    Nominee,
    Question,
    Topic,
)
from brobygger.applications.selectors.imports import import_lookups
from brobygger.applications.services.apply import (
    ApplicationInput,
    save_application,
    withdraw_application,
)
from brobygger.applications.services.forms import create_default_form, ensure_matching_questions
from brobygger.applications.services.imports import import_applicants
from brobygger.applications.services.nominate import (
    NomineeInput,
    answer_nomination,
    nominate_pair,
)
from brobygger.applications.services.review import decide_applications
from brobygger.core.models import ActivityLog, Mailing, SentEmail
from brobygger.core.outbox import hold_emails
from brobygger.demo import data
from brobygger.gatherings.models import Gathering, Response
from brobygger.gatherings.models import Invitation as GatheringInvitation
from brobygger.gatherings.selectors import invitation_mailing, invitees_of
from brobygger.gatherings.services import (
    create_gathering,
    mark_attendance,
    respond,
    send_invitations,
)
from brobygger.matching.models import MatchRun, Proposal, ProposalSide, SideAnswer
from brobygger.matching.selectors.mailings import proposal_mailing, publish_mailing
from brobygger.matching.services.constraints import lock_pair
from brobygger.matching.services.nominated import approve_nominated_pair
from brobygger.matching.services.proposals import answer_proposal, send_proposals
from brobygger.matching.services.publish import publish_pairs
from brobygger.matching.services.runs import start_run
from brobygger.pairs.models import (
    Agreement,
    Goal,
    GoalRating,
    Meeting,
    Pair,
    PairStatus,
    PulseAnswer,
)
from brobygger.pairs.rules import pulse_opens_at
from brobygger.pairs.services.agreements import propose_agreement, sign_agreement
from brobygger.pairs.services.goals import rate_goals
from brobygger.pairs.services.meetings import accept_meeting, log_meeting_held, propose_meeting
from brobygger.pairs.services.pulse import answer_pulse
from brobygger.pairs.services.shadowing import log_shadowing_day, save_shadowing_plan
from brobygger.people.models import Company, CompanyContact, CorporateGroup, Person, User
from brobygger.people.roles import ensure_role_groups, grant_coordinator_role
from brobygger.people.services import ensure_person, update_profile
from brobygger.privacy.models import PrivacyNotice
from brobygger.privacy.services import record_consent
from brobygger.programs.models import Cohort, Initiative
from brobygger.programs.services import change_cohort_status, save_cohort
from brobygger.programs.status import CohortStatus
from brobygger.surveys.models import Invitation as SurveyInvitation
from brobygger.surveys.models import QuestionKind as SurveyQuestionKind
from brobygger.surveys.models import Survey
from brobygger.surveys.services import create_survey, invite_participants, save_answers

#: a programme year's way through the status machine, each step with when it happens
STATUS_PATH = (
    CohortStatus.OPEN,
    CohortStatus.REVIEW,
    CohortStatus.MATCHING,
    CohortStatus.PUBLISHED,
    CohortStatus.RUNNING,
    CohortStatus.CLOSED,
)


def _at(day: dt.date, hour: int = 12, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _moment(today: dt.date, spec: dict[str, Any]) -> dt.datetime:
    """``{ days = -5, time = "10:00" }``: five days before today, at ten."""
    hour, minute = (int(part) for part in spec["time"].split(":"))
    return _at(today + dt.timedelta(days=spec["days"]), hour, minute)


def _title(kickoff: dt.date, closing: dt.date) -> str:
    return f"{kickoff.year}–{closing.year}" if kickoff.year != closing.year else str(kickoff.year)


def _founded(today: dt.date) -> dt.datetime:
    """When the demo network began: before its first programme year."""
    return _at(today - dt.timedelta(days=450), 9)


def _last_log_id() -> int:
    return ActivityLog.objects.aggregate(last=Max("pk"))["last"] or 0


def _last_email_ids() -> tuple[int, int]:
    mailings = Mailing.objects.aggregate(last=Max("pk"))["last"] or 0
    return mailings, SentEmail.objects.aggregate(last=Max("pk"))["last"] or 0


def _backdate_log(after: int, when: dt.datetime) -> None:
    """The activity-log rows written since row ``after``: they happened at ``when``."""
    ActivityLog.objects.filter(pk__gt=after).update(created_at=when)


def _backdate_emails(after: tuple[int, int], when: dt.datetime) -> None:
    """The batches and the (held, unsent) emails stored since ``after``: stored at
    ``when``."""
    Mailing.objects.filter(pk__gt=after[0]).update(created_at=when)
    SentEmail.objects.filter(pk__gt=after[1]).update(created_at=when, failed_at=when)


def _play(events: list[tuple[dt.datetime, Callable[[dt.datetime], None]]]) -> None:
    """Run the story's steps in the order they happened, each logged at its moment."""
    for when, step in sorted(events, key=lambda event: event[0]):
        after, emails = _last_log_id(), _last_email_ids()
        step(when)
        _backdate_log(after, when)
        _backdate_emails(emails, when)


#: why the emails the services store while the demo loads are never sent (the send log
#: shows it): the people are fictional, and the story happened in the past
HELD = gettext_lazy("example data: the demo network's story, nobody was emailed")


def load_demo(*, today: dt.date | None = None) -> dict[str, int]:
    """Load the demo network for ``today`` (default: the local date); returns its counts."""
    with hold_emails(HELD):
        return _load(today or timezone.localdate())


@transaction.atomic
def _load(today: dt.date) -> dict[str, int]:
    ensure_role_groups()
    companies = _companies()
    people = _people(companies, today)
    initiatives = _initiatives(people, today)
    _privacy_notice(today)
    _topics()
    closings: list[tuple[dt.datetime, Callable[[dt.datetime], None]]] = []
    cohorts = _cohorts(initiatives, people, today, closings)
    _gatherings(cohorts, people, today)
    _pairs(cohorts, people, today)
    _play(closings)  # a closed year closes after its pairs' story
    _end_closed_pairs(cohorts)
    _gathering_replies(cohorts, people)
    _baseline_surveys(cohorts["classic"], people)
    _shadowing_pairs(cohorts["shadowing-running"], people, today)
    return {
        "companies": Company.objects.count(),
        "people": Person.objects.count(),
        "initiatives": Initiative.objects.count(),
        "cohorts": Cohort.objects.count(),
        "gatherings": Gathering.objects.count(),
        "applications": Application.objects.count(),
        "pairs": Pair.objects.count(),
    }


# --- The network ---------------------------------------------------------------------


def _companies() -> dict[str, Company]:
    groups = {}
    companies = {}
    for spec in data.NETWORK["companies"]:
        group = spec.get("group")
        if group and group not in groups:
            groups[group] = CorporateGroup.objects.get_or_create(name=group)[0]
        company, _ = Company.objects.update_or_create(
            name=spec["name"],
            defaults={
                "industry": spec["industry"],
                "city": spec["city"],
                "group": groups.get(group or ""),
                "confirmed": True,
            },
        )
        companies[spec["name"]] = company
    return companies


def _people(companies: dict[str, Company], today: dt.date) -> dict[str, Person]:
    """The accounts (written directly: an account with a password has no service), each
    with the profile its person filled in (``update_profile``) when she joined the network,
    before its first programme year."""
    people = {}
    # Every demo account has the same password: hash it once (Argon2 is slow on purpose).
    password_hash = make_password(data.DEMO_PASSWORD)
    joined = _founded(today)
    profiles: list[tuple[dt.datetime, Callable[[dt.datetime], None]]] = []
    for row in data.PEOPLE:
        email = row["email"]
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create(email=email, password=password_hash)
            EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
        person = ensure_person(user=user)
        if person.company_id is None:  # new: she fills in her profile
            company = companies[row["company"]]
            profile = {
                "first_name": row["first_name"],
                "last_name": row["last_name"],
                "company": company,
                "job_title": row["job_title"],
                "birth_year": int(row["birth_year"]),
                "years_experience": int(row["years_experience"]),
                "role_family": row["role_family"],
                "industry": company.industry,
                "languages": data.split(row["languages"]),
                "city": row["city"],
            }
            profiles.append((joined, _profile(person, profile)))
        people[row["key"]] = person
    _play(profiles)
    admin = people["admin"].user
    if not admin.is_superuser:
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
    grant_coordinator_role(people["coordinator"].user)
    for spec in data.NETWORK["companies"]:  # each company's HR contact
        if "contact" in spec:
            CompanyContact.objects.get_or_create(
                person=people[spec["contact"]], defaults={"company": companies[spec["name"]]}
            )
    return people


def _profile(person: Person, profile: dict[str, Any]) -> Callable[[dt.datetime], None]:
    def step(_when: dt.datetime) -> None:
        update_profile(person=person, data=profile, by=person.user)

    return step


def _initiatives(people: dict[str, Person], today: dt.date) -> dict[str, Initiative]:
    initiatives: dict[str, Initiative] = {}
    fields = ("kind", "order", "name", "name_en", "description", "description_en")
    for spec in data.NETWORK["initiatives"]:
        initiative, _ = Initiative.objects.update_or_create(
            slug=spec["slug"], defaults={field: spec[field] for field in fields}
        )
        initiatives[spec["slug"]] = initiative

    def appoint(_when: dt.datetime) -> None:
        for spec in data.NETWORK["initiatives"]:
            # the demo coordinator can also try the matching of the shadowing year in review
            coordinators = [people[key].user for key in spec["coordinators"]]
            initiatives[spec["slug"]].coordinators.add(*coordinators)

    _play([(_founded(today), appoint)])  # before the first programme year
    return initiatives


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
    for order, spec in enumerate(data.NETWORK["topics"], start=1):
        Topic.objects.update_or_create(
            slug=spec["slug"],
            defaults={"name": spec["name"], "name_en": spec["name_en"], "order": order},
        )


# --- Programme years and their applications --------------------------------------------


Events = list[tuple[dt.datetime, Callable[[dt.datetime], None]]]


def _cohorts(
    initiatives: dict[str, Initiative],
    people: dict[str, Person],
    today: dt.date,
    closings: Events,
) -> dict[str, Cohort]:
    """The programme years; a new closed year's closing goes to ``closings``, played after
    its pairs' meetings and agreement (the services refuse them once a year is closed)."""
    coordinator = people["coordinator"].user
    cohorts: dict[str, Cohort] = {}
    taken: set[tuple[str, str]] = set()  # (initiative, title) of the years before
    for spec in data.PROGRAMME["cohorts"]:
        matched = [
            (people[pair["mentee"]], people[pair["mentor"]])
            for pair in data.PROGRAMME["pairs"]
            if pair["cohort"] == spec["key"]
        ]
        nominated = [
            (people[pair["leader"]], people[pair["talent"]], pair)
            for pair in data.PROGRAMME["shadowing_pairs"]
            if pair["cohort"] == spec["key"]
        ]
        cohorts[spec["key"]] = _cohort(
            spec,
            initiatives[spec["initiative"]],
            coordinator,
            today,
            taken,
            closings,
            matched,
            nominated,
        )
    return cohorts


def _cohort(
    spec: dict[str, Any],
    initiative: Initiative,
    by: User,
    today: dt.date,
    taken: set[tuple[str, str]],
    closings: Events,
    matched: list[tuple[Person, Person]],
    nominated: list[tuple[Person, Person, dict[str, Any]]],
) -> Cohort:
    """One programme year: created by the coordinator, moved to its status along the way
    a real year goes, its applicants imported and decided, its pairs nominated while it
    was open, each step at its moment."""

    def day(key: str) -> dt.date:
        return today + dt.timedelta(days=spec[key])

    kickoff, closing = day("kickoff"), day("closing")
    title = _title(kickoff, closing)
    if (initiative.slug, title) in taken:  # a rare calendar: keep the titles apart
        title = f"{title} {spec['key']}"
    taken.add((initiative.slug, title))
    dates = {
        "applications_open_at": _at(day("applications_open"), 9),
        "applications_close_at": _at(day("applications_close"), 23, 59),
        "matching_on": day("matching"),
        "kickoff_on": kickoff,
        "closing_on": closing,
        "target_pairs": spec["target_pairs"],
    }
    files = spec.get("applications", [])
    cohort = Cohort.objects.filter(initiative=initiative, title=title).first()
    if cohort is not None:  # loaded before: the dates follow today, the story stays
        if any(getattr(cohort, field) != value for field, value in dates.items()):
            for field, value in dates.items():
                setattr(cohort, field, value)
            save_cohort(cohort=cohort, by=by)
        for each in files:
            _import_again_if_incomplete(cohort, each, by, today)
        return cohort

    # whom participants write to: the demo coordinator
    contact = initiative.coordinators.filter(is_superuser=False).order_by("pk").first()
    cohort = Cohort(initiative=initiative, title=title, status=CohortStatus.DRAFT, contact=contact)
    for field, value in dates.items():
        setattr(cohort, field, value)

    def create(_when: dt.datetime) -> None:
        save_cohort(cohort=cohort, by=by)
        if files:  # a year the companies nominate for has no application form
            create_default_form(cohort=cohort, by=by)

    def move(to: str) -> Callable[[dt.datetime], None]:
        def step(_when: dt.datetime) -> None:
            change_cohort_status(cohort=cohort, to=to, by=by)

        return step

    moments = {
        CohortStatus.OPEN: dates["applications_open_at"],
        CohortStatus.REVIEW: _at(day("applications_close") + dt.timedelta(days=1), 9),
        CohortStatus.MATCHING: _at(dates["matching_on"], 9),
        CohortStatus.PUBLISHED: _at(dates["matching_on"], 10),
        CohortStatus.RUNNING: _at(kickoff, 9),
        CohortStatus.CLOSED: _at(closing + dt.timedelta(days=1), 9),
    }
    events: list[tuple[dt.datetime, Callable[[dt.datetime], None]]] = [
        (dates["applications_open_at"] - dt.timedelta(days=14, hours=-1), create)
    ]
    for status in STATUS_PATH[: STATUS_PATH.index(spec["status"]) + 1]:
        if status == CohortStatus.PUBLISHED and matched:  # publishing moves it
            events += _matching(cohort, matched, by, moments[status])
            continue
        later = closings if status == CohortStatus.CLOSED else events
        later.append((moments[status], move(status)))
    for each in files:
        rows = data.read_csv(data.applications_file(each["file"]).decode("utf-8"))
        events.append((_moment(today, each["submitted"]), _importer(cohort, rows, by)))
        events.append((_moment(today, each["decided"]), _decider(cohort, rows, by)))
    events += _nominations(cohort, nominated, dates["applications_close_at"])
    _play(events)
    cohort.refresh_from_db()
    return cohort


def _matching(
    cohort: Cohort, matched: list[tuple[Person, Person]], by: User, published: dt.datetime
) -> Events:
    """The matching morning: the coordinator locks the demo's pairs (``lock_pair``), runs
    the matching (``start_run``) and sends its proposals (``send_proposals``); both people
    of each pair approve theirs (``answer_proposal``), and she publishes the pairs
    (``publish_pairs``) at ``published``. Their emails are held (see the module)."""

    def application(person: Person, role: str) -> Application:
        return Application.objects.get(cohort=cohort, person=person, role=role)

    def lock(_when: dt.datetime) -> None:
        for mentee, mentor in matched:
            lock_pair(
                cohort=cohort,
                mentee=application(mentee, "mentee"),
                mentor=application(mentor, "mentor"),
                by=by,
            )

    def run(when: dt.datetime) -> None:
        MatchRun.objects.filter(pk=start_run(cohort=cohort, by=by).pk).update(
            created_at=when, finished_at=when
        )

    def send(when: dt.datetime) -> None:
        matching = Cohort.objects.get(pk=cohort.pk)  # the object here is as created
        send_proposals(cohort=matching, token=proposal_mailing(matching, by).token, by=by)
        ProposalSide.objects.filter(proposal__cohort=cohort, asked_at__isnull=False).update(
            asked_at=when
        )

    def approve(when: dt.datetime) -> None:
        for mentee, mentor in matched:
            proposal = Proposal.objects.get(
                cohort=cohort,
                mentee_application=application(mentee, "mentee"),
                mentor_application=application(mentor, "mentor"),
            )
            # who was asked first answers first (in reverse mentoring the senior)
            for side in sorted(proposal.sides.all(), key=lambda side: side.asked_at is None):
                answer_proposal(side=side, answer=SideAnswer.APPROVED, reason="")
        # the side asked when the first approved (reverse mentoring) was asked then
        ProposalSide.objects.filter(proposal__cohort=cohort, asked_at__gt=when).update(
            asked_at=when
        )
        ProposalSide.objects.filter(proposal__cohort=cohort, answered_at__isnull=False).update(
            answered_at=when
        )

    def publish(when: dt.datetime) -> None:
        matching = Cohort.objects.get(pk=cohort.pk)
        token = publish_mailing(matching, by).token
        pairs, _mailing = publish_pairs(cohort=matching, token=token, by=by, now=when)
        Pair.objects.filter(pk__in=[p.pk for p in pairs]).update(created_at=when)

    return [
        (published - dt.timedelta(minutes=50), lock),
        (published - dt.timedelta(minutes=40), run),
        (published - dt.timedelta(minutes=30), send),
        (published - dt.timedelta(minutes=15), approve),
        (published, publish),
    ]


def _as_csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _import(cohort: Cohort, rows: list[dict[str, str]], by: User) -> list[Application]:
    """The coordinator imports the sent applications with the product's importer."""
    sent = [row for row in rows if row.get("status") != "draft"]
    preview = build_preview(_as_csv(sent), lookups=import_lookups(cohort))
    if preview.problems or preview.unmapped or preview.new_companies:
        raise ValueError(f"The demo's applications of {cohort} do not import: {preview}")
    import_applicants(cohort=cohort, preview=preview, confirm_companies=[], by=by)
    return [_application(cohort, row) for row in sent]


def _application(cohort: Cohort, row: dict[str, str]) -> Application:
    return Application.objects.get(
        cohort=cohort, person__user__email=row["email"], role=row["role"]
    )


def _importer(
    cohort: Cohort, rows: list[dict[str, str]], by: User
) -> Callable[[dt.datetime], None]:
    def step(when: dt.datetime) -> None:
        applications = _import(cohort, rows, by)
        Application.objects.filter(pk__in=[a.pk for a in applications]).update(
            submitted_at=when, created_at=when
        )
        notice = PrivacyNotice.objects.get(version=1)
        questions = {
            role: ensure_matching_questions(cohort=cohort, role=role)
            for role in ("mentee", "mentor")
        }
        for row in rows:
            if row.get("status") == "draft":
                application = _draft(cohort, row, questions[row["role"]], when)
            else:
                application = _application(cohort, row)
            if row.get("values") and row.get("status") != "draft":  # not in the import
                Answer.objects.update_or_create(
                    application=application,
                    question=questions[row["role"]]["values"],
                    defaults={"value": data.split(row["values"])},
                )
            person = application.person
            record_consent(person=person, notice=notice, purpose="application", by=person.user)
            if row.get("status") == "withdrawn":
                withdraw_application(application=application, by=person.user)
                Application.objects.filter(pk=application.pk).update(withdrawn_at=when)

    return step


def _draft(
    cohort: Cohort, row: dict[str, str], questions: dict[str, Question], when: dt.datetime
) -> Application:
    """An application begun but not sent: she saved it as a draft with the form
    (``save_application``), her profile as it was."""
    person = Person.objects.get(user__email=row["email"])
    there = Application.objects.filter(cohort=cohort, person=person, role=row["role"]).first()
    if there is not None:
        return there
    answers: dict[int, Any] = {
        questions[field].pk: data.split(row[field])
        for field in ("topics", "availability", "values")
        if row.get(field)
    }
    text = row["goals"] if row["role"] == "mentee" else row["strengths"]
    if text:
        answers[questions["text"].pk] = text
    draft = ApplicationInput(
        profile={},
        answers=answers,
        meeting_format=row["meeting_format"] or "either",
        capacity=1,
        notice=PrivacyNotice.objects.get(version=1),
        submit=False,
    )
    application = save_application(
        cohort=cohort, person=person, role=row["role"], data=draft, by=person.user, now=when
    )
    Application.objects.filter(pk=application.pk).update(created_at=when)
    return application


def _decider(cohort: Cohort, rows: list[dict[str, str]], by: User) -> Callable[[dt.datetime], None]:
    """The coordinator decides the applications (``decide_applications``); accepted
    applicants were told then (without the email ``release_decisions`` sends)."""

    def step(when: dt.datetime) -> None:
        for decision in ("accepted", "waitlisted", "rejected"):
            chosen = [_application(cohort, row) for row in rows if row.get("decision") == decision]
            if not chosen:
                continue
            decide_applications(
                cohort=cohort, applications=chosen, decision=decision, reason="", by=by
            )
            told = {"decision_released_at": when} if decision == "accepted" else {}
            Application.objects.filter(pk__in=[a.pk for a in chosen]).update(
                decided_at=when, **told
            )

    return step


def _import_again_if_incomplete(
    cohort: Cohort, each: dict[str, Any], by: User, today: dt.date
) -> None:
    """A demo loaded by an older version may lack an application or an answer (the
    availability question came later): import the file again, as a coordinator would."""
    rows = data.read_csv(data.applications_file(each["file"]).decode("utf-8"))
    sent = [row for row in rows if row.get("status") != "draft"]
    found = Application.objects.filter(
        cohort=cohort, person__user__email__in=[r["email"] for r in sent]
    )
    with_times = [row for row in sent if row.get("availability")]
    answered = Answer.objects.filter(
        application__cohort=cohort,
        application__person__user__email__in=[r["email"] for r in with_times],
        question__matching_field="availability",
    )
    if found.count() == len(sent) and answered.count() == len(with_times):
        return

    def again(_when: dt.datetime) -> None:
        _import(cohort, rows, by)

    _play([(_moment(today, each["submitted"]), again)])


# --- What happened in the programme years ---------------------------------------------


def _gathering(
    spec: dict[str, Any], start: dt.datetime, cohorts: list[Cohort], by: User
) -> Callable[[dt.datetime], None] | None:
    """The coordinator creates the gathering (``create_gathering``); loaded before, only its
    time follows today (like the programme years' dates: not a step of the story)."""
    fields = {
        "title": spec["title"],
        "theme": spec.get("theme", ""),
        "description": spec.get("description", ""),
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=2),
        "video_url": "https://meet.bolge.example/samling",
    }
    # the demo's own: a copy made in the app keeps the title, but not the programme years
    there = Gathering.objects.filter(title=spec["title"], cohorts=cohorts[0]).first()
    if there is not None:
        if there.starts_at != start:
            Gathering.objects.filter(pk=there.pk).update(
                starts_at=fields["starts_at"], ends_at=fields["ends_at"]
            )
        return None

    def create(_when: dt.datetime) -> None:
        create_gathering(cohorts=cohorts, by=by, **fields)

    return create


def _gatherings(cohorts: dict[str, Cohort], people: dict[str, Person], today: dt.date) -> None:
    """Each gathering, created by the coordinator a week after the last of its programme
    years opened for applications (and at least a day before it starts)."""
    by = people["coordinator"].user
    events: Events = []
    for spec in data.PROGRAMME["gatherings"]:
        these = [cohorts[key] for key in spec["cohorts"]]
        at = spec["at"]
        first = these[0]
        anchor = first.kickoff_on if at["day"] == "kickoff" else first.closing_on
        hour, minute = (int(part) for part in at["time"].split(":"))
        start = _at(anchor + dt.timedelta(days=at["days"]), hour, minute)
        step = _gathering(spec, start, these, by)
        if step is not None:
            opened = max(c.applications_open_at for c in these) + dt.timedelta(days=7)
            events.append((min(opened, start - dt.timedelta(days=1)), step))
    _play(events)


def _gathering_replies(cohorts: dict[str, Cohort], people: dict[str, Person]) -> None:
    """The mentor programme's kickoff (held): the coordinator invited the participants
    (``send_invitations``), everyone said yes (``respond``), most came
    (``mark_attendance``)."""
    spec = data.PROGRAMME["kickoff_replies"]
    by = people["coordinator"].user
    held = Gathering.objects.get(title=spec["gathering"], cohorts=cohorts["classic"])
    if GatheringInvitation.objects.filter(gathering=held).exists():
        return
    cohort = held.cohorts.get()
    invitees = list(invitees_of(held).order_by("pk"))

    def invite(when: dt.datetime) -> None:
        plan = invitation_mailing(held, cohort, by)
        send_invitations(gathering=held, cohort=cohort, token=plan.token, by=by)
        GatheringInvitation.objects.filter(gathering=held).update(invited_at=when)

    def reply(when: dt.datetime) -> None:
        for person in invitees:
            respond(gathering=held, person=person, response=Response.YES, by=person.user, now=when)

    def attendance(_when: dt.datetime) -> None:
        came = [
            p
            for k, p in enumerate(invitees)
            if k % spec["absent_every"] != spec["absent_every"] - 1
        ]
        mark_attendance(gathering=held, cohort=cohort, attended=came, by=by)

    _play(
        [
            (held.starts_at - dt.timedelta(days=spec["invited_days_before"]), invite),
            (held.starts_at - dt.timedelta(days=spec["answered_days_before"]), reply),
            (held.ends_at + dt.timedelta(hours=16), attendance),  # the next morning
        ]
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
    """The running mentor programme's baseline surveys, answered by most participants
    (``save_answers``), so the cohort report has figures (each above the anonymity
    threshold). The invitations are marked sent when the survey opened, without sending
    them (the email goes out through a mailing she previews)."""
    by = people["coordinator"].user
    for role in ("mentee", "mentor"):
        survey = Survey.objects.filter(cohort=cohort, kind="baseline", role=role).first()
        if survey is None:
            # made by the coordinator a week before the survey opened (three days before
            # the kickoff)
            made = _at(cohort.kickoff_on - dt.timedelta(days=10), 9)
            _play([(made, _survey(cohort, role, by))])
            survey = Survey.objects.get(cohort=cohort, kind="baseline", role=role)
        invite_participants(survey=survey)
        questions = list(survey.questions.order_by("order"))
        invited = timezone.make_aware(dt.datetime.combine(survey.opens_on, dt.time(9)))
        answers: Events = []
        for k, invitation in enumerate(survey.invitations.order_by("person_id")):
            if invitation.invited_at is None:  # invited when it opened (no email: see above)
                invitation.invited_at = invited
                invitation.save(update_fields=["invited_at", "updated_at"])
            if k == 4 or invitation.answered_at is not None:  # one has not answered
                continue
            values = {
                q.pk: _baseline_answer(q.kind, len(q.choices), k * 7 + q.order) for q in questions
            }
            answers.append((invited + dt.timedelta(days=2), _answer(invitation, values)))
        _play(answers)


def _answer(invitation: SurveyInvitation, values: dict[int, Any]) -> Callable[[dt.datetime], None]:
    def step(when: dt.datetime) -> None:
        save_answers(invitation=invitation, values=values, now=when)

    return step


def _survey(cohort: Cohort, role: str, by: User) -> Callable[[dt.datetime], None]:
    def step(_when: dt.datetime) -> None:
        create_survey(cohort=cohort, kind="baseline", role=role, by=by)

    return step


def _pair(
    cohort: Cohort, mentor: Person, mentee: Person, spec: dict[str, Any], today: dt.date
) -> None:
    """A published pair's story (``_matching`` published it): the agreement proposed,
    signed and its goals rated, the meetings proposed, accepted and logged as held, the next
    one agreed; each through the pair's services at its moment."""
    if "last_held_days_before_closing" in spec:
        last_held = cohort.closing_on - dt.timedelta(days=spec["last_held_days_before_closing"])
    else:
        last_held = today - dt.timedelta(weeks=spec["last_held_weeks_ago"])
    held = spec["held"]
    pair = Pair.objects.get(cohort=cohort, mentee=mentee, mentor=mentor)  # published
    if pair.meetings.exists():  # its story is told
        return
    events: Events = []
    if spec.get("signed", True):
        events += _agreement(pair, last_held - dt.timedelta(weeks=3 * (held - 1)))
    for n in range(held):
        day = last_held - dt.timedelta(weeks=3 * n)
        events += _meeting(pair, day, proposed=_at(day - dt.timedelta(days=8), 20), held=True)
    if spec.get("upcoming_in_days"):
        upcoming = today + dt.timedelta(days=spec["upcoming_in_days"])
        events += _meeting(pair, upcoming, proposed=_at(today - dt.timedelta(days=2), 20))
    _play(events)


def _meeting(pair: Pair, day: dt.date, *, proposed: dt.datetime, held: bool = False) -> Events:
    """A meeting on ``day`` at four: the mentee proposes it (``propose_meeting``), the
    mentor accepts it the next morning (``accept_meeting``); held, the mentee logs it that
    evening (``log_meeting_held``)."""
    meeting: list[Meeting] = []

    def propose(when: dt.datetime) -> None:
        meeting.append(
            propose_meeting(
                pair=pair,
                by=pair.mentee,
                starts_at=_at(day, 16),
                ends_at=_at(day, 17),
                video_url="https://meet.bolge.example/par",
                now=when,
            )
        )

    def accept(when: dt.datetime) -> None:
        accept_meeting(meeting=meeting[0], by=pair.mentor, now=when)

    def log(when: dt.datetime) -> None:
        log_meeting_held(meeting=meeting[0], by=pair.mentee, duration_minutes=60, now=when)

    accepted = proposed.replace(hour=9, minute=0) + dt.timedelta(days=1)
    events: Events = [(proposed, propose), (accepted, accept)]
    if held:
        events.append((_at(day, 18), log))
    return events


def _agreement(pair: Pair, signed_on: dt.date) -> Events:
    """The pair's agreement: the mentee proposes it with both sides' goals the day before
    (``propose_agreement``); both sign it (``sign_agreement``) and rate their own goals at
    the start (``rate_goals``), while the start rating is open."""
    terms = data.PROGRAMME["agreement"]
    signed_at = _at(signed_on, 17)
    # rated when the agreement was signed, while the start rating was open
    start = pair.cohort.rating_phase("start")
    rated_at = min(signed_at, start.closes_at - dt.timedelta(hours=12))
    members = {"mentee": pair.mentee, "mentor": pair.mentor}

    def propose(when: dt.datetime) -> None:
        agreement = propose_agreement(
            pair=pair,
            by=pair.mentee,
            goals=terms["goals"],
            mentor_goals=terms["mentor_goals"],
            cadence=terms["cadence"],
            meeting_format="digital",
        )
        Agreement.objects.filter(pk=agreement.pk).update(created_at=when, updated_at=when)

    def sign(when: dt.datetime) -> None:
        agreement = Agreement.objects.get(pair=pair)
        for person in members.values():
            sign_agreement(agreement=agreement, by=person)
        Agreement.objects.filter(pk=agreement.pk).update(
            mentee_signed_at=when, mentor_signed_at=when
        )

    def rate(when: dt.datetime) -> None:
        # each rates her own goals: the mentee's, and the mentor's own learning goals
        for role, person in members.items():
            own = Goal.objects.filter(pair=pair, owner_role=role)
            ratings = {goal.pk: 3 + goal.position for goal in own}
            rate_goals(pair=pair, by=person, phase="start", ratings=ratings, today=when.date())
        GoalRating.objects.filter(goal__pair=pair).update(created_at=when)

    proposed = min(signed_at, rated_at) - dt.timedelta(days=1)
    return [(proposed, propose), (signed_at, sign), (rated_at, rate)]


def _end_closed_pairs(cohorts: dict[str, Cohort]) -> None:
    """A closed year's pairs end with it (written directly: no service ends a pair when
    its year closes; the coordinator's "end early" is another story)."""
    for spec in data.PROGRAMME["pairs"]:
        if spec["status"] != PairStatus.ACTIVE:
            Pair.objects.filter(
                cohort=cohorts[spec["cohort"]],
                mentee__user__email=data.email_for(spec["mentee"]),
                status=PairStatus.ACTIVE,
            ).update(status=spec["status"])


def _pairs(cohorts: dict[str, Cohort], people: dict[str, Person], today: dt.date) -> None:
    specs = data.PROGRAMME["pairs"]
    for spec in specs:
        if spec["cohort"] == "classic":
            _pair(cohorts["classic"], people[spec["mentor"]], people[spec["mentee"]], spec, today)
    _pulse_flag(cohorts["classic"], today)
    for spec in specs:
        if spec["cohort"] != "classic":
            cohort = cohorts[spec["cohort"]]
            _pair(cohort, people[spec["mentor"]], people[spec["mentee"]], spec, today)


def _pulse_flag(cohort: Cohort, today: dt.date) -> None:
    """The first active pair's one-month pulse (see ``[pulse]`` in programme.toml)."""
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
    spec = data.PROGRAMME["pulse"]

    def answer(when: dt.datetime) -> None:
        for person, role in ((pair.mentor, "mentor"), (pair.mentee, "mentee")):
            scores = spec[role]
            answer_pulse(
                pair=pair,
                by=person,
                point=1,
                useful=scores["useful"],
                safe=scores["safe"],
                now=when,
            )
        PulseAnswer.objects.filter(pair=pair).update(created_at=when, updated_at=when)

    _play([(answered_at, answer)])


# --- Executive shadowing as the network runs it (issue 19) -------------------------------


def _nominations(
    cohort: Cohort, nominated: list[tuple[Person, Person, dict[str, Any]]], closes: dt.datetime
) -> Events:
    """While the shadowing year was open, each pair's company contact nominated it six days
    before the deadline, and both nominees confirmed three days before."""
    nominated_at = _at(closes.date() - dt.timedelta(days=6), 12)
    confirmed_at = _at(closes.date() - dt.timedelta(days=3), 12)
    events: Events = []
    for leader, talent, spec in nominated:
        events += _nomination(cohort, leader, talent, spec, nominated_at, confirmed_at)
    return events


def _nomination(
    cohort: Cohort,
    leader: Person,
    talent: Person,
    spec: dict[str, Any],
    nominated_at: dt.datetime,
    confirmed_at: dt.datetime,
) -> Events:
    """The company contact nominates the pair from her nominate page (``nominate_pair``:
    each nominee emailed her link, held); the leader, then the talent, confirms through
    hers (``answer_nomination``, consenting to the privacy notice): the applications are
    made, and the nomination is with the coordinator."""
    contact = CompanyContact.objects.filter(company=leader.company).order_by("pk").first()
    if contact is None:
        raise ValueError(f"{leader.company} nominates a shadowing pair but has no contact")
    nomination: list[Nomination] = []

    def nominate(when: dt.datetime) -> None:
        nominees = {
            role: NomineeInput(
                first_name=person.user.first_name,
                last_name=person.user.last_name,
                email=person.user.email,
                job_title=person.job_title,
            )
            for role, person in (("mentee", talent), ("mentor", leader))
        }
        made = nominate_pair(
            contact=contact,
            cohort=cohort,
            nominees=nominees,
            reason=spec["reason"],
            wants_to_learn=spec["wants_to_learn"],
            by=contact.person.user,
            now=when,
        )
        Nomination.objects.filter(pk=made.pk).update(created_at=when)
        made.nominees.update(created_at=when, emailed_at=when)
        nomination.append(made)

    def confirm(role: str) -> Callable[[dt.datetime], None]:
        def step(when: dt.datetime) -> None:
            nominee = nomination[0].nominees.get(role=role)
            answer_nomination(nominee=nominee, accept=True, consent=True)
            Nominee.objects.filter(pk=nominee.pk).update(answered_at=when)
            # once both have confirmed, their applications were made then
            Application.objects.filter(pk__in=nomination[0].nominees.values("application")).update(
                submitted_at=when, created_at=when
            )

        return step

    return [
        (nominated_at, nominate),
        (confirmed_at, confirm("mentor")),
        (confirmed_at, confirm("mentee")),
    ]


def _shadowing_pairs(cohort: Cohort, people: dict[str, Person], today: dt.date) -> None:
    """The running shadowing year's pairs: the companies nominated them and both nominees
    confirmed (``_nominations``); the coordinator approved each pair
    (``approve_nominated_pair``: the pair made and published, its emails held), and the
    talents log shadowing days."""
    by = people["coordinator"].user
    decided = _at(cohort.matching_on, 10)
    for spec in data.PROGRAMME["shadowing_pairs"]:
        talent = people[spec["talent"]]
        if Pair.objects.filter(cohort=cohort, mentee=talent).exists():
            continue
        nomination = Nomination.objects.get(
            cohort=cohort, nominees__email=talent.user.email, status=NominationStatus.CONFIRMED
        )
        _play([(decided, _approve(nomination, by))])
        pair = Pair.objects.get(cohort=cohort, mentee=talent)
        _play(_talent_writes(pair, spec, decided, today))


def _approve(nomination: Nomination, by: User) -> Callable[[dt.datetime], None]:
    """The coordinator approves the nominated pair; the times it stamped are the story's."""

    def step(when: dt.datetime) -> None:
        approval = approve_nominated_pair(nomination=nomination, by=by)
        pair = approval.pair
        Pair.objects.filter(pk=pair.pk).update(published_at=when, created_at=when)
        Application.objects.filter(
            pk__in=[pair.mentee_application_id, pair.mentor_application_id]
        ).update(decided_at=when, decision_released_at=when)
        Nomination.objects.filter(pk=nomination.pk).update(decided_at=when)

    return step


def _talent_writes(
    pair: Pair, spec: dict[str, Any], decided: dt.datetime, today: dt.date
) -> list[tuple[dt.datetime, Callable[[dt.datetime], None]]]:
    """The talent writes her goal the week the pair is approved and logs each shadowing
    day that evening (``save_shadowing_plan``, ``log_shadowing_day``)."""
    talent = pair.mentee
    events: list[tuple[dt.datetime, Callable[[dt.datetime], None]]] = []
    if spec.get("goal"):

        def plan(_when: dt.datetime) -> None:
            save_shadowing_plan(pair=pair, by=talent, text=spec["goal"])

        events.append((decided + dt.timedelta(days=7), plan))
    for day in spec.get("days", []):
        date = today - dt.timedelta(days=day["days_ago"])

        def log(_when: dt.datetime, date: dt.date = date, day: dict[str, Any] = day) -> None:
            log_shadowing_day(
                pair=pair,
                by=talent,
                date=date,
                what_happened=day["what_happened"],
                reflection=day["reflection"],
            )

        events.append((_at(date, 18), log))
    return events
