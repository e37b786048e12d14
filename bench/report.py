"""Benchmark of the cohort report page (not a test).

    uv run python bench/report.py [--pairs 100] [--repeat 5]

Builds a throw-away SQLite database (migrated from scratch) with one running cohort of N
pairs across 20 companies: applications, pairs, signed agreements, 0–8 held meetings per
pair, three goals per pair rated at start and end by both roles, two gatherings with
invitations, and the baseline, mid-point and closing surveys of both roles answered by
about 85 % of the people. It then asks for the coordinator's report page through Django's
test client and prints the median time and the number of queries, for N pairs and for
N/10 pairs (the query count must be the same: constant in the size of the cohort).

Baseline measured in the same run: the cohort's public page (``programs:cohort-detail``),
a light page through the same middleware, so the ratio says what the report costs.
The target from the issue: under 300 ms for 100 pairs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from typing import Any

from _django import setup_django  # bench/_django.py, next to this script


def _seed(n_pairs: int, title: str, admin: Any, seed: int) -> Any:
    from django.utils import timezone

    from brobygger.applications.models import Application
    from brobygger.gatherings.models import Gathering
    from brobygger.gatherings.models import Invitation as GatheringInvitation
    from brobygger.pairs.models import Agreement, Goal, GoalRating, Meeting, Pair
    from brobygger.people.models import Company, Person, User
    from brobygger.programs.models import Cohort, Initiative
    from brobygger.surveys.models import Answer, Invitation, Survey
    from brobygger.surveys.services import create_survey

    rng = random.Random(seed)
    today = timezone.localdate()
    now = timezone.now()
    companies = [Company.objects.get_or_create(name=f"Virksomhet {k:02d} AS")[0] for k in range(20)]
    initiative, _ = Initiative.objects.get_or_create(
        slug="reverse", defaults={"kind": "reverse", "name": "Reverse"}
    )
    cohort = Cohort.objects.create(
        initiative=initiative,
        title=title,
        status="running",
        applications_open_at=now - dt.timedelta(days=200),
        applications_close_at=now - dt.timedelta(days=150),
        matching_on=today - dt.timedelta(days=140),
        kickoff_on=today - dt.timedelta(days=120),
        closing_on=today + dt.timedelta(days=5),
    )
    users = User.objects.bulk_create(
        User(email=f"{title}-{k}@example.org", first_name="P", last_name=str(k))
        for k in range(2 * n_pairs)
    )
    people = Person.objects.bulk_create(
        Person(user=u, company=companies[k % 20], birth_year=1970 + k % 30)
        for k, u in enumerate(users)
    )
    mentees, mentors = people[:n_pairs], people[n_pairs:]
    Application.objects.bulk_create(
        Application(
            cohort=cohort,
            person=p,
            role=role,
            status="submitted",
            decision="accepted",
            submitted_at=now,
        )
        for group, role in ((mentees, "mentee"), (mentors, "mentor"))
        for p in group
    )
    pairs = Pair.objects.bulk_create(
        Pair(
            cohort=cohort,
            mentee=a,
            mentor=b,
            published_at=now,
            status="completed" if rng.random() < 0.8 else "active",
        )
        for a, b in zip(mentees, mentors, strict=True)
    )
    Agreement.objects.bulk_create(
        Agreement(
            pair=p,
            version=1,
            goals=["Mål"],
            cadence="Hver tredje uke",
            meeting_format="digital",
            proposed_by_role="mentee",
            mentee_signed_at=now,
            mentor_signed_at=now,
        )
        for p in pairs
        if rng.random() < 0.9
    )
    Meeting.objects.bulk_create(
        Meeting(
            pair=p,
            starts_at=now - dt.timedelta(days=i + 1),
            ends_at=now - dt.timedelta(days=i + 1) + dt.timedelta(hours=1),
            status="held",
            proposed_by_role="mentee",
            place="Kafé",
        )
        for p in pairs
        for i in range(rng.randint(0, 8))
    )
    goals = Goal.objects.bulk_create(
        Goal(pair=p, position=k, text="Mål") for p in pairs for k in (1, 2, 3)
    )
    GoalRating.objects.bulk_create(
        GoalRating(
            goal=g,
            phase=phase,
            rating=rng.randint(2, 5) + (4 if phase == "end" else 0),
            rated_by_role=role,
        )
        for g in goals
        for role in ("mentee", "mentor")
        for phase in ("start", "end")
    )
    for phase in ("start", "end"):  # made while the phase was open: only those count
        GoalRating.objects.filter(goal__pair__cohort=cohort, phase=phase).update(
            created_at=cohort.rating_phase(phase).opens_at + dt.timedelta(days=1)
        )
    for k in range(2):
        gathering = Gathering.objects.create(
            title=f"Samling {k}",
            starts_at=now - dt.timedelta(days=60 - k),
            ends_at=now - dt.timedelta(days=60 - k) + dt.timedelta(hours=2),
            place="Oslo",
        )
        gathering.cohorts.add(cohort)
        GatheringInvitation.objects.bulk_create(
            GatheringInvitation(
                gathering=gathering, person=p, response="yes", attended=rng.random() < 0.7
            )
            for p in people
        )
    for kind in ("baseline", "midpoint", "closing"):
        for role, group in (("mentee", mentees), ("mentor", mentors)):
            survey = create_survey(cohort=cohort, kind=kind, role=role, by=admin)
            # every survey has closed, so the report shows (and first publishes) them all
            Survey.objects.filter(pk=survey.pk).update(
                anonymous=False, closes_on=today - dt.timedelta(days=1)
            )
            invitations = Invitation.objects.bulk_create(
                Invitation(
                    survey=survey,
                    person=p,
                    company=p.company,
                    invited_at=now,
                    answered_at=now if rng.random() < 0.85 else None,
                )
                for p in group
            )
            questions = list(survey.questions.all())
            Answer.objects.bulk_create(
                Answer(invitation=i, question=q, value=_value(q, rng))
                for i in invitations
                if i.answered_at
                for q in questions
            )
    return cohort


def _value(question: Any, rng: random.Random) -> Any:
    if question.kind == "likert":
        return rng.randint(1, 5)
    if question.kind == "scale10":
        return rng.randint(5, 10)
    if question.kind == "single":
        return rng.randrange(len(question.choices))
    if question.kind == "multiple":
        return sorted(rng.sample(range(len(question.choices)), 2))
    return "Et ærlig svar om året som gikk."


def _measure(client: Any, url: str, repeat: int) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm: templates compiled, caches filled
    times = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
        queries = len(captured)
    return statistics.median(times) * 1000, queries, len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        setup_django(directory)
        from django.test import Client
        from django.urls import reverse

        from brobygger.people.models import User

        admin = User.objects.create_superuser("bench@example.org", "bench-password")
        small = _seed(max(args.pairs // 10, 3), "small", admin, seed=1)
        big = _seed(args.pairs, "big", admin, seed=2)
        client = Client()
        client.force_login(admin)
        base_ms, base_q, _ = _measure(
            client, reverse("programs:cohort-detail", args=[big.code]), args.repeat
        )
        small_ms, small_q, _ = _measure(
            client, reverse("surveys:report", args=[small.code]), args.repeat
        )
        big_ms, big_q, size = _measure(
            client, reverse("surveys:report", args=[big.code]), args.repeat
        )
        export_ms, export_q, _ = _measure(
            client, reverse("surveys:report-export", args=[big.code, "xlsx"]), args.repeat
        )
        n_small = max(args.pairs // 10, 3)
        print(f"baseline: cohort page                 {base_ms:7.1f} ms  {base_q:3d} queries")
        print(
            f"report, {n_small:4d} pairs                 {small_ms:7.1f} ms  {small_q:3d} queries"
        )
        print(
            f"report, {args.pairs:4d} pairs                 {big_ms:7.1f} ms  {big_q:3d} queries"
            f"  ({size // 1024} KiB HTML)"
        )
        print(
            f"export xlsx, {args.pairs:4d} pairs            {export_ms:7.1f} ms"
            f"  {export_q:3d} queries"
        )
        print(
            f"ratio report/baseline: {big_ms / base_ms:.1f}x; queries constant: "
            f"{'yes' if small_q == big_q else 'NO'}; under 300 ms: "
            f"{'yes' if big_ms < 300 else 'NO'}"
        )


if __name__ == "__main__":
    main()
