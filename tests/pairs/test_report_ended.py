"""The report counts pairs that ended early: why (category) and when, never who or the words;
a group of one or two is hidden (issue "When the plan changes")."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from brobygger.pairs.models import Pair
from brobygger.surveys.reports.cohort import build_report
from brobygger.surveys.reports.disclosure import HIDDEN

from .helpers import make_pair, other_people, running_cohort

pytestmark = pytest.mark.django_db


def _ended(cohort, prefix, category, days_ago):
    pair = make_pair(cohort, *other_people(prefix))
    Pair.objects.filter(pk=pair.pk).update(
        status="ended_early",
        end_category=category,
        end_reason=f"SECRET-{prefix}",
        ended_at=timezone.now() - dt.timedelta(days=days_ago),
    )


def test_why_and_when_pairs_ended_small_groups_hidden(reverse_initiative):
    cohort = running_cohort(reverse_initiative)  # kickoff 60 days ago, closes in 200
    for n in range(4):
        _ended(cohort, f"t{n}", "time", days_ago=30)  # before the mid-point (70 days on)
    for n in range(3):
        _ended(cohort, f"f{n}", "fit", days_ago=20)
    _ended(cohort, "j", "job", days_ago=1)
    make_pair(cohort, *other_people("active"))

    with translation.override("en"):
        ended = build_report(cohort).ended

    assert ended.n_pairs == 8
    # the one "job" is hidden, and so is the next smallest group: 8 - 4 would give it away
    assert ended.by_category == [
        ("No time or a changed workload", 4),
        ("Changed job or left the company", HIDDEN),
        ("The pair did not work", HIDDEN),
    ]
    assert ended.by_when == [("Before the mid-point", 8)]


def test_under_three_pairs_only_the_number(reverse_initiative):
    cohort = running_cohort(reverse_initiative)
    _ended(cohort, "a", "fit", days_ago=3)
    ended = build_report(cohort).ended
    assert (ended.n_pairs, ended.by_category, ended.suppressed) == (1, [], True)


def test_the_report_page_shows_categories_never_the_note(
    client, reverse_initiative, coordinator_cora
):
    cohort = running_cohort(reverse_initiative)
    for n in range(3):
        _ended(cohort, f"f{n}", "fit", days_ago=10)
    client.force_login(coordinator_cora.user)
    html = client.get(reverse("surveys:report", args=[cohort.code])).content.decode()
    assert 'class="stack ended-why"' in html
    assert "SECRET" not in html
