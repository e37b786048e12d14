"""After publishing: the cohort is "matched, starts on …" until its kickoff, then running; the
matching page shows the published pairs as they are (and a second round for the people
without a partner); the pairs can meet before the kickoff.

Issue "Broken promises", item 9: publishing in December moved the cohort to *Running*
although the kickoff is 1 February, and the page still offered run, lock, forbid and send.
"""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from brobygger.matching.models import MatchConstraint, MatchRun, Proposal, ProposalSide
from brobygger.matching.selectors.mailings import publish_mailing
from brobygger.matching.services.publish import publish_pairs
from brobygger.pairs.models import Meeting, Pair
from brobygger.pairs.selectors.health import pair_health, pairs_in_cohort
from brobygger.pairs.services.reminders import send_due_reminders
from brobygger.programs.models import Cohort
from brobygger.programs.services import start_due_cohorts

from .helpers import link_of, publish, run, send

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
KICKOFF = dt.date(2027, 2, 1)


def _at(day: dt.date, hour: int = 12, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=OSLO)


@pytest.fixture(autouse=True)
def clock():
    """The coordinator publishes on 10 December; the programme year starts on 1 February."""
    with time_machine.travel(_at(dt.date(2026, 12, 10)), tick=False) as traveller:
        yield traveller


@pytest.fixture
def accepted(review_cohort, cohort_people):
    review_cohort.kickoff_on = KICKOFF
    review_cohort.save()
    run(review_cohort)
    send(review_cohort)
    client = Client()  # the people answer in browsers of their own
    for role in ("mentee", "mentor"):
        for side in ProposalSide.objects.filter(role=role):
            client.post(link_of(side), {"answer": "approved"})
    return review_cohort


@pytest.fixture
def published(accepted, coordinator_cora):
    publish(accepted, by=coordinator_cora.user)
    accepted.refresh_from_db()
    return accepted


@pytest.fixture
def cora_client(client, coordinator_cora):
    client.force_login(coordinator_cora.user)
    return client


def test_publishing_inclock_makes_the_cohort_matched_until_the_kickoff(published):
    assert published.status == "published"
    assert Pair.objects.filter(cohort=published).count() == 4
    with translation.override("en"):
        assert published.get_status_display() == "Matched – starts 1 Feb"
    with translation.override("nb"):
        assert published.get_status_display() == "Matchet – starter 1. feb."


def test_the_cohort_starts_running_on_its_kickoff_day(published, clock):
    clock.move_to(_at(dt.date(2027, 1, 31), 23))
    assert start_due_cohorts(today=dt.date(2027, 1, 31)) == []

    clock.move_to(_at(KICKOFF, 6))
    out = StringIO()
    call_command("start_programme_years", stdout=out)
    call_command("start_programme_years", stdout=out)  # the next day's run changes nothing

    published.refresh_from_db()
    assert published.status == "running"
    assert out.getvalue().splitlines() == [
        "Started Reverse Mentoring 2027.",
        "1 programme year(s) started.",
        "0 programme year(s) started.",
    ]


def test_the_worker_starts_the_year_five_minutes_after_midnight_on_kickoff_day(published, clock):
    from brobygger.core import scheduler

    clock.move_to(_at(KICKOFF, 0, 4))
    scheduler.tick()  # first sight of the job: its earlier slot is only remembered
    published.refresh_from_db()
    assert published.status == "published"
    clock.move_to(_at(KICKOFF, 0, 5))
    assert "programs.start_programme_years" in scheduler.tick()
    published.refresh_from_db()
    assert published.status == "running"


def test_publishing_on_or_after_the_kickoff_starts_the_year_at_once(accepted, clock):
    clock.move_to(_at(KICKOFF, 9))
    publish(accepted, by=None)
    accepted.refresh_from_db()
    assert accepted.status == "running"


def test_publishing_as_of_a_moment_before_the_kickoff_leaves_the_year_matched(accepted, clock):
    """``now``: a publication told as of a past moment (the demo's story) dates its pairs
    then, and the year starts on its kickoff, not on the day it is told."""
    clock.move_to(_at(KICKOFF, 9))
    then = _at(KICKOFF - dt.timedelta(days=20), 10)

    accepted.refresh_from_db()
    pairs, _mailing = publish_pairs(
        cohort=accepted, token=publish_mailing(accepted).token, by=None, now=then
    )
    accepted.refresh_from_db()
    assert (accepted.status, {p.published_at for p in pairs}) == ("published", {then})


def test_start_due_cohorts_leaves_other_statuses_alone(review_cohort):
    review_cohort.kickoff_on = KICKOFF
    review_cohort.save()
    assert start_due_cohorts(today=KICKOFF + dt.timedelta(days=3)) == []
    assert Cohort.objects.get(pk=review_cohort.pk).status == "review"


@pytest.mark.parametrize("status", ["published", "running"])
def test_after_publishing_the_matching_page_shows_the_pairs_and_offers_a_second_round(
    cora_client, published, status
):
    """Issue "When the plan changes": the published pairs are listed as they are, and the
    page offers a second round for the people without a partner (nobody, here)."""
    Cohort.objects.filter(pk=published.pk).update(status=status)

    response = cora_client.get(reverse("matching:cohort", args=[published.code]))

    html = response.content.decode()
    assert f'action="{reverse("matching:run-create", args=[published.code])}"' in html
    assert f'href="{reverse("matching:settings", args=[published.code])}"' not in html
    for name in ("matching:proposal-send", "matching:publish"):
        assert f'action="{reverse(name, args=[published.code])}"' not in html, name
    pairs = response.context["published_pairs"]
    assert [p.mentee.user.first_name for p in pairs] == ["Anne", "Eva", "Kari", "Liv"]
    assert html.count('class="published-pair"') == 4
    # the first round's run is history: no proposed pairs, nobody in the pool
    assert (response.context["view"], response.context["mentees"]) == (None, [])
    assert "Published pairs" in html
    assert "Second round: the published pairs stay exactly as they are" in html


def test_the_published_page_says_when_the_year_starts(cora_client, published):
    html = cora_client.get(reverse("matching:cohort", args=[published.code])).content.decode()
    assert "Matched – starts 1 Feb" in html
    assert "the programme year starts on 1 February 2027" in html


def test_after_publishing_nothing_touches_a_published_pair(cora_client, published, cohort_people):
    """Everyone is paired: a run has nobody to match, a lock or forbid of a paired person is
    refused, the settings are closed; nothing changes."""
    p = cohort_people
    runs = MatchRun.objects.count()
    statuses = sorted(Proposal.objects.values_list("status", flat=True))
    c = published.code
    nobody = (
        "Nobody among the mentee (the senior) applicants is without a partner: accept "
        "someone from the waitlist, or end a pair and offer a new partner, first."
    )
    answers = []
    for url, data in [
        (reverse("matching:run-create", args=[c]), {}),
        (
            reverse("matching:constraint-create", args=[c]),
            {"kind": "forbid", "mentee": str(p["anne"].code), "mentor": str(p["siri"].code)},
        ),
        (reverse("matching:settings", args=[c]), {"proposal_reminder_days": "3"}),
    ]:
        response = cora_client.post(url, data, follow=True)
        answers.append([str(m) for m in response.context["messages"]])

    assert answers[0] == [nobody]
    # Anne and Siri are paired: neither is a choice any more
    assert answers[1] == [
        "Select a valid choice. That choice is not one of the available choices.",
        "Select a valid choice. That choice is not one of the available choices.",
        "Choose both people of the pair.",
    ]
    assert answers[2] == [
        "The pairs of this programme year are published: the matching can no longer change."
    ]
    sent = cora_client.post(reverse("matching:proposal-send", args=[c]), follow=True)
    assert [str(m) for m in sent.context["messages"]] == ["Run the matching first."]
    assert MatchRun.objects.count() == runs
    assert MatchConstraint.objects.count() == 0
    assert sorted(Proposal.objects.values_list("status", flat=True)) == statuses
    assert Cohort.objects.get(pk=published.pk).status == "published"


def test_a_closed_year_refuses_every_matching_action(cora_client, published):
    Cohort.objects.filter(pk=published.pk).update(status="closed")
    c = published.code
    response = cora_client.post(reverse("matching:run-create", args=[c]), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "This programme year is “Closed”: the matching can no longer change."
    ]
    for name in ("matching:settings", "matching:swap", "matching:pair-create"):
        response = cora_client.get(reverse(name, args=[c]), follow=True)
        assert response.redirect_chain == [(reverse("matching:cohort", args=[c]), 302)]


def test_the_settings_page_leads_back_after_publishing(cora_client, published):
    response = cora_client.get(reverse("matching:settings", args=[published.code]), follow=True)
    assert response.redirect_chain == [(reverse("matching:cohort", args=[published.code]), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "The pairs of this programme year are published: the matching can no longer change."
    ]


def test_a_published_pair_plans_its_first_meeting_before_the_kickoff(
    client, published, mentee_anne
):
    pair = Pair.objects.get(mentee=mentee_anne)
    client.force_login(mentee_anne.user)

    page = client.get(reverse("pairs:pair-detail", args=[pair.code]))
    response = client.post(
        reverse("pairs:meeting-new", args=[pair.code]),
        {
            "starts_at": "2027-01-12T17:00",
            "ends_at": "2027-01-12T18:00",
            "video_url": "https://meet.example/anne",
            "place": "",
        },
    )

    assert page.context["pair"] == pair
    assert response.status_code == 302
    assert list(Meeting.objects.filter(pair=pair).values_list("status", flat=True)) == ["proposed"]


def test_a_pair_published_early_is_not_quiet_before_the_kickoff(published, clock):
    """Five weeks after publishing (mid-January) the year has not started: no risk, no nudge."""
    clock.move_to(_at(dt.date(2027, 1, 25)))
    assert [row.risks for row in pair_health(pairs_in_cohort(published))] == [[], [], [], []]
    assert send_due_reminders()["pair_quiet"] == 0

    clock.move_to(_at(KICKOFF + dt.timedelta(weeks=5), 13))
    with translation.override("en"):
        risks = {tuple(row.risks) for row in pair_health(pairs_in_cohort(published))}
    assert risks == {("No meeting held in the last five weeks",)}
    assert send_due_reminders()["pair_quiet"] == 4
