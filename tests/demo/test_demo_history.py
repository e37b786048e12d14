"""Issue 21, "The demo uses the product": the demo is loaded through the product's services,
so its activity log tells the demo's history, by whom and when it happened."""

import datetime as dt
from collections import Counter

import pytest
from django.core import mail
from django.utils import timezone

from brobygger.core.models import ActivityLog, SentEmail
from brobygger.demo import data
from brobygger.demo.loader import load_demo
from brobygger.programs.models import Cohort

TODAY = dt.date(2026, 11, 28)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.mark.django_db
def test_the_activity_log_shows_the_demos_history_by_the_coordinator():
    load_demo(today=TODAY)
    load_demo(today=TODAY)  # again: the story is not told twice

    coordinator = data.email_for("coordinator")
    by_her = Counter(
        ActivityLog.objects.filter(actor__email=coordinator)
        .exclude(action="profile.update")
        .values_list("action", flat=True)
    )
    assert by_her == {
        "cohort.create": 6,
        # open 1, last year's 6 (to closed), the mentor programme 5 (to running), shadowing
        # in review 2, open for nominations 1, running shadowing 5
        "cohort.status": 20,
        "form.create_default": 4,
        "applications.import": 5,
        # accepted: 11 in shadowing, 10 + 1 in the mentor programme, 2 last year;
        # waitlisted: 1
        "application.decide": 25,
        "surveys.create": 2,
    }
    log = ActivityLog.objects.all()
    assert log.filter(action="profile.update").count() == 40  # each her own
    assert log.filter(action="consent.give").count() == 34  # each of the 34 applicants, once
    # the running mentor programme's four signed pairs: both sign, both rate their goals;
    # one pair answers the pulse; the running shadowing year's talents write their goal
    # (two of three) and log their days
    pairs = log.filter(action__startswith="pair").values_list("action", flat=True)
    assert Counter(pairs) == {
        "pair.agreement.sign": 8,
        "pair.goals.rate": 8,
        "pair.pulse.answer": 2,
        "pairs.shadowing_talent_goal": 2,
        "pairs.shadowing_day": 3,
    }
    withdrawn = log.get(action="application.withdraw")
    assert withdrawn.actor_label == data.email_for("p37")  # Leah withdrew herself
    decided = log.filter(action="application.decide").values_list("data", flat=True)
    assert Counter(each["decision"] for each in decided) == {"accepted": 24, "waitlisted": 1}
    # the story is loaded, nobody is emailed
    assert (mail.outbox, SentEmail.objects.count()) == ([], 0)


@pytest.mark.django_db
def test_each_step_is_logged_when_it_happened_in_the_story():
    load_demo(today=TODAY)

    last_year = Cohort.objects.get(initiative__slug="reverse-mentoring", status="closed")
    steps = ActivityLog.objects.filter(
        target_id=str(last_year.pk), action__in=["cohort.create", "cohort.status"]
    ).order_by("created_at", "pk")
    opens = last_year.applications_open_at
    assert [(s.action, s.data.get("to"), s.created_at) for s in steps] == [
        ("cohort.create", None, opens - dt.timedelta(days=14, hours=-1)),
        ("cohort.status", "open", opens),
        (
            "cohort.status",
            "review",
            _at(last_year.applications_close_at.date() + dt.timedelta(days=1), 9),
        ),
        ("cohort.status", "matching", _at(last_year.matching_on, 9)),
        ("cohort.status", "published", _at(last_year.matching_on, 10)),
        ("cohort.status", "running", _at(last_year.kickoff_on, 9)),
        ("cohort.status", "closed", _at(last_year.closing_on + dt.timedelta(days=1), 9)),
    ]
    imported = ActivityLog.objects.get(action="applications.import", target_id=str(last_year.pk))
    assert (imported.created_at, imported.data["new_applications"]) == (
        _at(TODAY - dt.timedelta(days=390), 23) + dt.timedelta(minutes=59),
        2,
    )
    # nothing of the demo's history is dated after the day it is loaded for
    assert ActivityLog.objects.filter(created_at__gt=_at(TODAY, 12)).count() == 0
