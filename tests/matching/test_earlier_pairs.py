"""Earlier pairs: the same two people paired in an earlier programme year, in any initiative.

Issue "Broken promises", item 8: Tone and Amina were a pair in 2026 and were proposed
again in 2027, also in the swap preview.
"""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from brobygger.matching.selectors.checks import check_pair
from brobygger.matching.selectors.runs import latest_done_run, proposal_view
from brobygger.matching.services.constraints import lock_pair
from brobygger.pairs.models import Pair
from tests.factories import CohortFactory, InitiativeFactory

from .helpers import pairs_by_name, run, send

pytestmark = pytest.mark.django_db


def _earlier_cohort(cohort: Any, initiative: Any, title: str) -> Any:
    year = dt.timedelta(days=365)
    return CohortFactory(
        initiative=initiative,
        title=title,
        status="closed",
        applications_open_at=cohort.applications_open_at - year,
        applications_close_at=cohort.applications_close_at - year,
        matching_on=cohort.matching_on - year,
        kickoff_on=cohort.kickoff_on - year,
        closing_on=cohort.closing_on - year,
    )


@pytest.fixture
def paired_last_year(review_cohort, cohort_people):
    """Kari and Bo were a pair in last year's reverse mentoring (and would be again now)."""
    last_year = _earlier_cohort(review_cohort, review_cohort.initiative, "2026")
    Pair.objects.create(
        cohort=last_year,
        mentee=cohort_people["kari"].person,
        mentor=cohort_people["bo"].person,
        status="completed",
        published_at=dt.datetime(2026, 1, 10, 12, tzinfo=dt.UTC),
    )
    return last_year


@pytest.fixture
def cora_client(client, coordinator_cora):
    client.force_login(coordinator_cora.user)
    return client


def test_without_the_history_kari_and_bo_are_a_pair(review_cohort, cohort_people):
    run(review_cohort)
    assert ("Kari", "Bo") in pairs_by_name(review_cohort)


def test_an_earlier_pair_is_forbidden_by_default(review_cohort, cohort_people, paired_last_year):
    assert review_cohort.avoid_earlier_pairs is True

    latest = run(review_cohort)

    kari, bo = str(cohort_people["kari"].code), str(cohort_people["bo"].code)
    assert latest.instance["forbidden"] == [[kari, bo]]
    assert ("Kari", "Bo") not in pairs_by_name(review_cohort)
    assert send(review_cohort) == len(pairs_by_name(review_cohort))


def test_an_earlier_pair_in_another_initiative_counts_too(review_cohort, cohort_people):
    classic = InitiativeFactory(kind="classic", slug="mentorprogrammet", name="Mentorprogrammet")
    earlier = _earlier_cohort(review_cohort, classic, "2025")
    # in the mentor programme the roles were the other way round
    Pair.objects.create(
        cohort=earlier,
        mentee=cohort_people["bo"].person,
        mentor=cohort_people["kari"].person,
        published_at=dt.datetime(2025, 1, 10, 12, tzinfo=dt.UTC),
    )

    run(review_cohort)

    assert ("Kari", "Bo") not in pairs_by_name(review_cohort)


def test_a_pair_of_this_or_a_later_year_is_not_an_earlier_pair(review_cohort, cohort_people):
    later = _earlier_cohort(review_cohort, review_cohort.initiative, "2099")
    later.kickoff_on = review_cohort.kickoff_on + dt.timedelta(days=400)
    later.closing_on = later.kickoff_on + dt.timedelta(days=200)
    later.save()
    Pair.objects.create(
        cohort=later,
        mentee=cohort_people["kari"].person,
        mentor=cohort_people["bo"].person,
        published_at=dt.datetime(2026, 1, 10, 12, tzinfo=dt.UTC),
    )

    latest = run(review_cohort)

    assert latest.instance["forbidden"] == []
    assert ("Kari", "Bo") in pairs_by_name(review_cohort)


def test_when_earlier_pairs_are_allowed_the_proposal_flags_them(
    cora_client, review_cohort, cohort_people, paired_last_year
):
    review_cohort.avoid_earlier_pairs = False
    review_cohort.save()

    response = cora_client.post(
        reverse("matching:run-create", args=[review_cohort.code]), follow=True
    )

    flags = {
        (r.mentee.person.user.first_name, r.mentor.person.user.first_name): r.earlier
        for r in response.context["view"].pairs
    }
    assert flags.pop(("Kari", "Bo")) == [paired_last_year]
    assert set(map(tuple, flags.values())) == {()}
    html = response.content.decode()
    assert html.count("Paired before: Reverse Mentoring 2026") == 1


def test_when_earlier_pairs_are_allowed_the_swap_preview_flags_them(
    cora_client, review_cohort, cohort_people, paired_last_year
):
    review_cohort.avoid_earlier_pairs = False
    review_cohort.save()
    p = cohort_people
    lock_pair(cohort=review_cohort, mentee=p["kari"], mentor=p["tor"], by=None)
    run(review_cohort)
    with_bo = next(
        r for r in proposal_view(latest_done_run(review_cohort)).pairs if r.mentor == p["bo"]
    )

    response = cora_client.get(
        reverse("matching:swap", args=[review_cohort.code]),
        {"first": str(p["kari"].code), "second": str(with_bo.mentee.code)},
    )

    first, second = response.context["preview"]
    assert (first.mentee, first.mentor, first.allowed) == (p["kari"], p["bo"], True)
    assert (first.earlier, second.earlier) == ([paired_last_year], [])
    assert response.content.decode().count("Paired before: Reverse Mentoring 2026") == 1


def test_the_swap_preview_shows_an_avoided_earlier_pair_as_forbidden_and_flagged(
    cora_client, review_cohort, cohort_people, paired_last_year
):
    p = cohort_people
    run(review_cohort)
    rows = proposal_view(latest_done_run(review_cohort)).pairs
    kari = next(r for r in rows if r.mentee == p["kari"])
    with_bo = next(r for r in rows if r.mentor == p["bo"])

    response = cora_client.get(
        reverse("matching:swap", args=[review_cohort.code]),
        {"first": str(kari.mentee.code), "second": str(with_bo.mentee.code)},
    )

    first, _second = response.context["preview"]
    assert (first.mentee, first.mentor) == (p["kari"], p["bo"])
    assert (first.broken, first.earlier) == (["the pair is forbidden"], [paired_last_year])
    html = response.content.decode()
    assert "Paired before: Reverse Mentoring 2026" in html


def test_a_hand_made_earlier_pair_needs_a_reason(review_cohort, cohort_people, paired_last_year):
    check = check_pair(review_cohort, cohort_people["kari"], cohort_people["bo"])
    assert (check.allowed, check.earlier) == (False, [paired_last_year])


def test_the_setting_is_on_the_settings_page_and_logged(cora_client, review_cohort, cohort_people):
    from brobygger.core.models import ActivityLog

    url = reverse("matching:settings", args=[review_cohort.code])
    form = cora_client.get(url).context["form"]
    assert form.initial["avoid_earlier_pairs"] is True
    data = {name: "1" for name in form.fields if name.startswith("weight_")}
    data["proposal_reminder_days"] = "5"

    cora_client.post(url, data)  # the box unticked

    review_cohort.refresh_from_db()
    assert review_cohort.avoid_earlier_pairs is False
    log = ActivityLog.objects.get(action="matching.settings")
    assert (
        log.data["before"]["avoid_earlier_pairs"],
        log.data["after"]["avoid_earlier_pairs"],
    ) == (
        True,
        False,
    )


def _avoided_on_page(client, cohort) -> list[str]:
    import re
    from html import unescape as html_unescape

    html = client.get(reverse("matching:cohort", args=[cohort.code])).content.decode()
    section = html.split("Earlier pairs, not paired again", 1)
    if len(section) == 1:
        return []
    items = section[1].split("</ul>", 1)[0]
    rows = items.split("<li>")[1:]
    return [" ".join(html_unescape(re.sub(r"<[^>]+>", " ", li)).split()) for li in rows]


def test_the_matching_page_lists_the_earlier_pairs_it_avoids(
    cora_client, review_cohort, cohort_people, paired_last_year
):
    cora_client.cookies["django_language"] = "en"
    run(review_cohort)

    assert _avoided_on_page(cora_client, review_cohort) == [
        f"{cohort_people['kari'].person.name} & {cohort_people['bo'].person.name} "
        "(Reverse Mentoring 2026)"
    ]


def test_no_earlier_pairs_are_listed_when_the_cohort_allows_them(
    cora_client, review_cohort, cohort_people, paired_last_year
):
    cora_client.cookies["django_language"] = "en"
    review_cohort.avoid_earlier_pairs = False
    review_cohort.save()

    assert _avoided_on_page(cora_client, review_cohort) == []
