"""Build a large, deterministic network for timing pages (not a test, not the demo).

    DATABASE_URL=sqlite:////tmp/perf/big.sqlite3 uv run python bench/dataset.py --size 1
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/perf_big uv run python bench/dataset.py

Migrates the database named by ``DATABASE_URL`` (a SQLite file or PostgreSQL; it should be
empty: the builder refuses a database that already has people unless ``--reset``) and fills it
through the project's models with ``bulk_create``. ``--size 1`` is the network of issue 23:
about 5,000 people, 60 companies, 30 programme years over five years (six initiatives × five
years), 2,000 published pairs (the biggest running year has 499), 20,000 meetings, 200
gatherings with 10,000 replies, 15,000 survey answers and 20,000 activity-log rows. The
default ``--size 0.2`` builds a fifth of that for quick runs. Everything scales linearly
except the 30 programme years.

The distribution differs from the demo on purpose: company sizes are uneven (a Zipf-like
curve: a few big employers, a long tail, and companies of one or two people), people take
part in several years, and many rows tie (the same submission time, the same published time,
the same meeting hour) so that orderings must break ties.

The same ``--size``, ``--seed`` and ``--today`` give the same rows (the random codes too).
It prints the e-mail addresses of the personas ``bench/page_timer.py`` signs in as.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
import uuid
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent

#: the personas the page timer signs in as (their e-mail addresses)
COORDINATOR = "koordinator@stor.example"
ADMIN = "admin@stor.example"
CONTACT = "kontakt@stor.example"  # contact of the biggest company
PARTICIPANT = "deltaker@stor.example"  # a mentee in the biggest running year

INITIATIVES = [
    ("stor-reverse", "reverse", "Stor Reverse Mentoring"),
    ("stor-mentor", "classic", "Stort mentorprogram"),
    ("stor-reverse-vest", "reverse", "Reverse Mentoring Vest"),
    ("stor-mentor-nord", "classic", "Mentorprogram Nord"),
    ("stor-mentor-tech", "classic", "Mentorprogram Tech"),
    ("stor-reverse-ledere", "reverse", "Reverse Mentoring for ledere"),
]
FIRST = ["Ingrid", "Kari", "Nora", "Sara", "Emma", "Ola", "Per", "Jonas", "Aisha", "Linh", "Maja"]
LAST = ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Berg", "Haugen", "Nguyen", "Ali"]
CITIES = ["Oslo", "Bergen", "Trondheim", "Stavanger", "Tromsø", "Bodø", "Ålesund"]
TITLES = ["Utvikler", "Leder", "Rådgiver", "Arkitekt", "Designer", "Analytiker", "Direktør"]


def setup(reset: bool) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brobygger.config.settings")
    os.environ.setdefault("BROBYGGER_DEBUG", "1")
    if "DATABASE_URL" not in os.environ:
        sys.exit("Set DATABASE_URL (sqlite:///path or postgres://…).")
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    if reset:
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)


class Builder:
    def __init__(self, size: float, seed: int, today: dt.date) -> None:
        self.size = size
        self.rng = random.Random(seed)
        self.today = today

    # --- helpers -------------------------------------------------------------------------

    def n(self, full: int, minimum: int = 1) -> int:
        return max(minimum, round(full * self.size))

    def code(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def at(self, day: dt.date, hour: int = 12) -> dt.datetime:
        from django.utils import timezone

        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))

    def bulk(self, model: Any, rows: list[Any]) -> list[Any]:
        return model.objects.bulk_create(rows, batch_size=2000)

    # --- the network -----------------------------------------------------------------------

    def build(self) -> dict[str, int]:
        from django.db import transaction

        with transaction.atomic():
            self.companies()
            self.people()
            self.initiatives()
            self.cohorts()
            self.applications_and_pairs()
            self.meetings()
            self.gatherings()
            self.surveys()
            self.log()
        return self.counts()

    def companies(self) -> None:
        from brobygger.people.models import Company

        count = self.n(60, 8)
        self.companies_ = self.bulk(
            Company,
            [
                Company(
                    code=self.code(),
                    name=f"Virksomhet {k:03d} AS",
                    industry="",
                    city=CITIES[k % len(CITIES)],
                    confirmed=True,
                )
                for k in range(count)
            ],
        )

    def people(self) -> None:
        from django.contrib.auth.hashers import make_password

        from brobygger.people.models import CompanyContact, Person, User
        from brobygger.people.roles import ensure_role_groups, grant_coordinator_role

        ensure_role_groups()
        total = self.n(5000, 200)
        companies = self.companies_
        # uneven sizes: the last six companies have one or two people, the rest a Zipf curve
        tiny = companies[-6:]
        big = companies[:-6]
        weights = [1 / (k + 1) ** 1.1 for k in range(len(big))]
        employer: list[Any] = []
        for k, company in enumerate(tiny):
            employer += [company] * (1 + k % 2)
        employer += self.rng.choices(big, weights, k=total - len(employer))
        password = make_password("stor-demo-passord")
        specials = [ADMIN, COORDINATOR, CONTACT, PARTICIPANT]
        users = [
            User(
                email=specials[k] if k < len(specials) else f"person{k:05d}@stor.example",
                first_name=FIRST[k % len(FIRST)],
                last_name=LAST[(k // len(FIRST)) % len(LAST)],
                password=password,
                is_staff=k == 0,
                is_superuser=k == 0,
            )
            for k in range(total)
        ]
        users = self.bulk(User, users)
        people = [
            Person(
                code=self.code(),
                user=user,
                company=employer[k] if k != 2 else companies[0],
                job_title=TITLES[k % len(TITLES)],
                birth_year=1960 + self.rng.randrange(40),
                years_experience=self.rng.randrange(35),
                role_family="",
                industry="",
                languages=["nb"] if k % 5 else ["nb", "en"],
                city=CITIES[self.rng.randrange(len(CITIES))],
            )
            for k, user in enumerate(users)
        ]
        self.people_ = self.bulk(Person, people)
        self.users_ = users
        grant_coordinator_role(users[1])
        # a contact for every company with more than two people; the persona for the biggest
        contacts = [CompanyContact(person=self.people_[2], company=companies[0])]
        seen = {companies[0].pk}
        for person in self.people_[4:]:
            if person.company_id not in seen and person.company not in tiny:
                contacts.append(CompanyContact(person=person, company_id=person.company_id))
                seen.add(person.company_id)
        self.bulk(CompanyContact, contacts)

    def initiatives(self) -> None:
        from brobygger.programs.models import Initiative

        self.initiatives_ = []
        for order, (slug, kind, name) in enumerate(INITIATIVES, start=1):
            initiative = Initiative.objects.create(slug=slug, kind=kind, name=name, order=order)
            initiative.coordinators.add(self.users_[1])
            self.initiatives_.append(initiative)

    def cohorts(self) -> None:
        """Six initiatives × five years: three closed years, last year's (closed or still
        running), and this year's in every state (running, review, open, matching, published,
        draft)."""
        from brobygger.applications.services.forms import create_default_form
        from brobygger.programs.models import Cohort

        d = dt.timedelta
        this_year = ["running", "review", "open", "matching", "published", "draft"]
        self.cohorts_: list[Any] = []
        for i, initiative in enumerate(self.initiatives_):
            for k in range(5):
                back = 4 - k
                if back == 0:
                    status = this_year[i]
                    kickoff = {
                        "running": self.today - d(days=90),
                        "published": self.today + d(days=10),
                    }.get(status, self.today + d(days=60))
                elif back == 1 and i % 2:
                    status, kickoff = "running", self.today - d(days=300)
                else:
                    status, kickoff = "closed", self.today - d(days=365 * back + 40 + 7 * i)
                closing = kickoff + d(days=330)
                matching = kickoff - d(days=20)
                cohort = Cohort.objects.create(
                    code=self.code(),
                    initiative=initiative,
                    title=f"{kickoff.year}–{closing.year}",
                    status=status,
                    applications_open_at=self.at(matching - d(days=60), 9),
                    applications_close_at=self.at(matching - d(days=25), 23),
                    matching_on=matching,
                    kickoff_on=kickoff,
                    closing_on=closing,
                    target_pairs=10,
                    contact=self.users_[1],
                )
                create_default_form(cohort=cohort, by=None)
                self.cohorts_.append(cohort)

    def applications_and_pairs(self) -> None:
        from brobygger.applications.models import Application
        from brobygger.pairs.models import Agreement, Goal, GoalRating, Pair

        with_pairs = [c for c in self.cohorts_ if c.status in ("closed", "running", "published")]
        biggest = next(c for c in self.cohorts_ if c.status == "running" and c.kickoff_on.year)
        self.biggest_ = biggest
        total = self.n(2000, 40)
        big = min(self.n(499, 20), total // 2)
        rest = [c for c in with_pairs if c is not biggest]
        shares = [self.rng.uniform(0.3, 1.7) for _ in rest]
        scale = (total - big) / sum(shares)
        per_cohort = {biggest.pk: big} | {
            c.pk: max(1, round(s * scale)) for c, s in zip(rest, shares, strict=True)
        }
        people = self.people_[4:]
        participant = self.people_[3]
        applications: list[Any] = []
        pair_specs: list[tuple[Any, int, int, int, int]] = []  # cohort, mentor/mentee idx
        for cohort in self.cohorts_:
            chosen = self.rng.sample(range(len(people)), min(len(people), 2 * big + 200))
            count = per_cohort.get(cohort.pk, 0)
            submitted = self.at(cohort.applications_close_at.date() - dt.timedelta(days=2), 10)
            decided = self.at(cohort.matching_on - dt.timedelta(days=5), 14)
            position = 0

            def apply(person: Any, role: str, decision: str, status: str = "submitted") -> int:
                applications.append(
                    Application(
                        code=self.code(),
                        cohort=cohort,  # noqa: B023
                        person=person,
                        role=role,
                        status=status,
                        meeting_format="either",
                        submitted_at=submitted if status == "submitted" else None,  # noqa: B023
                        decision=decision,
                        decided_at=decided if decision else None,  # noqa: B023
                        decision_released_at=decided if decision else None,  # noqa: B023
                    )
                )
                return len(applications) - 1

            for p in range(count):
                mentee = participant if cohort is biggest and p == 0 else people[chosen[2 * p]]
                mentor = people[chosen[2 * p + 1]]
                a = apply(mentee, "mentee", "accepted")
                b = apply(mentor, "mentor", "accepted")
                pair_specs.append((cohort, b, a, p, count))
            position = 2 * count
            if cohort.status == "review":
                extra = self.n(500, 20)
                decisions = [""]
            elif cohort.status in ("open", "draft"):
                extra = self.n(120, 5) if cohort.status == "open" else 0
                decisions = [""]
            else:
                extra = max(2, count // 4)
                decisions = ["rejected", "waitlisted", "accepted", ""]
            for e in range(min(extra, len(chosen) - position)):
                person = people[chosen[position + e]]
                status = "draft" if cohort.status == "open" and e % 7 == 0 else "submitted"
                apply(person, ("mentee", "mentor")[e % 2], decisions[e % len(decisions)], status)
        applications = self.bulk(Application, applications)
        published = {c.pk: self.at(c.matching_on, 10) for c in self.cohorts_}
        pairs = [
            Pair(
                code=self.code(),
                cohort=cohort,
                mentor_id=applications[b].person_id,
                mentee_id=applications[a].person_id,
                mentor_application=applications[b],
                mentee_application=applications[a],
                status="completed" if cohort.status == "closed" else "active",
                score=round(self.rng.choice([0.5, 0.75, 0.75, 0.9]), 2),  # ties
                published_at=published[cohort.pk],  # every pair of a year at the same time
            )
            for cohort, b, a, _p, _n in pair_specs
        ]
        self.pairs_ = self.bulk(Pair, pairs)
        agreements, goals = [], []
        for k, pair in enumerate(self.pairs_):
            if k % 6 == 5:
                continue  # some pairs never signed
            signed = self.at(pair.cohort.kickoff_on + dt.timedelta(days=14), 17)
            agreements.append(
                Agreement(
                    pair=pair,
                    version=1,
                    goals=["Bli tryggere", "Bygge nettverk"],
                    cadence="Hver tredje uke",
                    meeting_format="digital",
                    proposed_by_role="mentee",
                    mentee_signed_at=signed,
                    mentor_signed_at=signed,
                )
            )
            goals += [
                Goal(pair=pair, position=1, text="Bli tryggere"),
                Goal(pair=pair, position=2, text="Bygge nettverk"),
            ]
        self.bulk(Agreement, agreements)
        goals = self.bulk(Goal, goals)
        ratings = []
        for k, goal in enumerate(goals):
            ratings.append(
                GoalRating(goal=goal, phase="start", rating=2 + k % 3, rated_by_role="mentee")
            )
            if k % 3:
                ratings.append(
                    GoalRating(goal=goal, phase="end", rating=3 + k % 3, rated_by_role="mentee")
                )
        self.bulk(GoalRating, ratings)

    def meetings(self) -> None:
        from brobygger.pairs.models import Meeting

        total = self.n(20000, 100)
        per_pair = max(1, total // len(self.pairs_))
        rows = []
        for pair in self.pairs_:
            kickoff = pair.cohort.kickoff_on
            for m in range(per_pair):
                day = kickoff + dt.timedelta(weeks=3 * m + 1)
                held = day < self.today
                rows.append(
                    Meeting(
                        code=self.code(),
                        pair=pair,
                        starts_at=self.at(day, 16),  # everyone meets at four: ties
                        ends_at=self.at(day, 17),
                        status="held" if held else "planned",
                        proposed_by_role="mentee",
                        accepted_at=self.at(day - dt.timedelta(days=7), 9),
                        duration_minutes=60 if held else None,
                        logged_at=self.at(day, 18) if held else None,
                    )
                )
        self.bulk(Meeting, rows)

    def gatherings(self) -> None:
        from brobygger.gatherings.models import Gathering, Invitation

        count = self.n(200, 10)
        replies = self.n(10000, 50)
        per = max(1, replies // count)
        members: dict[int, list[int]] = {}
        for pair in self.pairs_:
            members.setdefault(pair.cohort_id, []).extend([pair.mentor_id, pair.mentee_id])
        cohorts = [c for c in self.cohorts_ if c.pk in members]
        rows, links = [], []
        for g in range(count):
            cohort = cohorts[g % len(cohorts)]
            day = cohort.kickoff_on + dt.timedelta(days=14 * (g // len(cohorts)))
            rows.append(
                Gathering(
                    code=self.code(),
                    title=f"Samling {g + 1}",
                    theme="Ledelse" if g % 2 else "",
                    starts_at=self.at(day, 17),
                    ends_at=self.at(day, 19),
                    place="Oslo",
                )
            )
        gatherings = self.bulk(Gathering, rows)
        through = Gathering.cohorts.through
        invitations = []
        for g, gathering in enumerate(gatherings):
            cohort = cohorts[g % len(cohorts)]
            links.append(through(gathering_id=gathering.pk, cohort_id=cohort.pk))
            people = members[cohort.pk][:per]
            past = gathering.starts_at.date() < self.today
            for k, person_id in enumerate(people):
                invitations.append(
                    Invitation(
                        gathering=gathering,
                        person_id=person_id,
                        invited_at=gathering.starts_at - dt.timedelta(days=21),
                        response=("yes", "yes", "no", "")[k % 4] or "yes",
                        responded_at=gathering.starts_at - dt.timedelta(days=14),
                        attended=(k % 5 != 4) if past else None,
                    )
                )
        self.bulk(through, links)
        self.bulk(Invitation, invitations)

    def surveys(self) -> None:
        from brobygger.surveys.models import Answer, Invitation, QuestionKind, Survey
        from brobygger.surveys.services import create_survey

        target = self.n(15000, 100)
        company_of = {p.pk: p.company_id for p in self.people_}
        by_cohort: dict[int, list[Any]] = {}
        for pair in self.pairs_:
            by_cohort.setdefault(pair.cohort_id, []).append(pair)
        answers: list[Any] = []
        invitations: list[Any] = []
        plans = []
        for cohort in self.cohorts_:
            if cohort.pk not in by_cohort:
                continue
            kinds = ["baseline"] + (["closing"] if cohort.status == "closed" else [])
            for kind in kinds:
                for role in ("mentee", "mentor"):
                    survey = create_survey(cohort=cohort, kind=kind, role=role, by=self.users_[1])
                    questions = list(survey.questions.order_by("order"))
                    opened = self.at(survey.opens_on, 9)
                    for k, pair in enumerate(by_cohort[cohort.pk]):
                        person_id = pair.mentee_id if role == "mentee" else pair.mentor_id
                        answered = k % 4 != 3
                        invitations.append(
                            Invitation(
                                survey=survey,
                                person_id=person_id,
                                company_id=company_of[person_id],
                                invited_at=opened,
                                answered_at=opened + dt.timedelta(days=2) if answered else None,
                            )
                        )
                        if answered:
                            plans.append((len(invitations) - 1, questions, k))
        invitations = self.bulk(Invitation, invitations)
        per = max(1, target // max(1, len(plans)))
        for index, questions, k in plans:
            for q in questions[:per]:
                if q.kind == QuestionKind.LIKERT:
                    value: Any = 1 + (k * 7 + q.order) % 5
                elif q.kind == QuestionKind.SCALE10:
                    value = (6, 7, 8, 8, 9, 10)[(k + q.order) % 6]
                elif q.kind == QuestionKind.SINGLE:
                    value = k % max(1, len(q.choices))
                elif q.kind == QuestionKind.MULTIPLE:
                    value = sorted({k % max(1, len(q.choices)), (k + 2) % max(1, len(q.choices))})
                else:
                    value = "Et nettverk utenfor egen bransje."
                answers.append(Answer(invitation=invitations[index], question=q, value=value))
        self.bulk(Answer, answers)
        del Survey

    def log(self) -> None:
        from django.contrib.contenttypes.models import ContentType

        from brobygger.applications.models import Application
        from brobygger.core.models import ActivityLog

        count = self.n(20000, 100)
        kind = ContentType.objects.get_for_model(Application)
        ids = list(Application.objects.values_list("pk", flat=True)[:count])
        rows = [
            ActivityLog(
                actor=self.users_[1],
                action=("application.decided", "application.viewed", "pair.published")[k % 3],
                target_type=kind,
                target_id=str(ids[k % len(ids)]),
                target_repr=f"Søknad {k}",
                actor_label=COORDINATOR,
            )
            for k in range(count)
        ]
        self.bulk(ActivityLog, rows)

    def counts(self) -> dict[str, int]:
        from brobygger.applications.models import Application
        from brobygger.core.models import ActivityLog
        from brobygger.gatherings.models import Gathering
        from brobygger.gatherings.models import Invitation as Reply
        from brobygger.pairs.models import Meeting, Pair
        from brobygger.people.models import Company, Person
        from brobygger.programs.models import Cohort
        from brobygger.surveys.models import Answer

        return {
            "companies": Company.objects.count(),
            "people": Person.objects.count(),
            "programme years": Cohort.objects.count(),
            "applications": Application.objects.count(),
            "pairs": Pair.objects.count(),
            "meetings": Meeting.objects.count(),
            "gatherings": Gathering.objects.count(),
            "replies": Reply.objects.count(),
            "survey answers": Answer.objects.count(),
            "log rows": ActivityLog.objects.count(),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--size", type=float, default=0.2, help="1 = the issue's network")
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None)
    parser.add_argument("--reset", action="store_true", help="flush the database first")
    args = parser.parse_args()
    if args.size <= 0:
        parser.error("--size must be positive")
    started = time.perf_counter()
    setup(args.reset)
    from django.utils import timezone

    from brobygger.people.models import Person

    if Person.objects.exists():
        sys.exit("The database already has people: use an empty one or --reset.")
    today = args.today or timezone.localdate()
    counts = Builder(args.size, args.seed, today).build()
    # the planner's statistics of the fresh rows: without them PostgreSQL plans with its
    # defaults (a table of a few rows) until autovacuum gets round to it, and the timings
    # measure plans production never sees; SQLite reads them too (ANALYZE -> sqlite_stat1)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(", ".join(f"{v} {k}" for k, v in counts.items()))
    print(f"personas: {ADMIN}, {COORDINATOR}, {CONTACT}, {PARTICIPANT}")
    print(f"built in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
