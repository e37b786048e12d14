"""Moving a programme year on from the app: a confirmation page that says what happens,
then a POST naming the state it expects. Refused moves change nothing."""

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from brobygger.core.models import ActivityLog
from brobygger.programs.models import Cohort
from tests.coordination.conftest import at, year_dates
from tests.factories import ApplicationFactory, CohortFactory, QuestionFactory

NOBODY = "Nobody is emailed."


@pytest.fixture
def year(reverse_initiative, coordinator_cora):
    cohort = CohortFactory(
        initiative=reverse_initiative, title="2027–2028", status="draft", **year_dates(2027)
    )
    QuestionFactory(cohort=cohort)
    return cohort


def _as(client, person):
    client.force_login(person.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _status(cohort):
    return Cohort.objects.get(pk=cohort.pk).status


def _confirm(client, cohort, to):
    return client.get(
        reverse("coordination:cohort-move", args=[cohort.code, to]), HTTP_ACCEPT_LANGUAGE="en"
    )


def _post(client, cohort, to, expected):
    return client.post(
        reverse("coordination:cohort-move", args=[cohort.code, to]),
        {"from": expected},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )


MOVES = [
    (
        "draft",
        "open",
        "Open for applications",
        "The application form opens for everyone: the programme year is shown on the public "
        "pages, and anyone can apply until the deadline.",
    ),
    (
        "open",
        "review",
        "Close the application period",
        "The application period closes: nobody can send or change an application any more. "
        "You review the applications and send the decisions.",
    ),
    (
        "review",
        "open",
        "Open the application period again",
        "The application form opens again for everyone until the deadline; applicants can "
        "send and change applications.",
    ),
    (
        "review",
        "matching",
        "Start matching",
        "The matching opens: you run it, adjust it and propose pairs on the matching page. "
        "Applicants see nothing yet.",
    ),
    (
        "matching",
        "review",
        "Back to reviewing",
        "The programme year goes back to reviewing the applications; the matching is kept "
        "as it is.",
    ),
    (
        "running",
        "closed",
        "Close the programme year",
        "The programme year is closed: it is shown as ended, and its pairs and reports are kept.",
    ),
    (
        "closed",
        "archived",
        "Archive",
        "The programme year is archived: it is kept for the reports, and nothing more "
        "happens in it.",
    ),
]


@pytest.mark.parametrize(("start", "to", "verb", "happens"), MOVES)
def test_each_move_is_confirmed_in_plain_words_and_then_made(
    client, year, coordinator_cora, start, to, verb, happens
):
    Cohort.objects.filter(pk=year.pk).update(status=start)
    _as(client, coordinator_cora)

    status_page = client.get(
        reverse("coordination:cohort-status", args=[year.code]), HTTP_ACCEPT_LANGUAGE="en"
    )
    page = _confirm(client, year, to)

    assert (to, verb) in status_page.context["moves"]
    assert (page.context["verb"], page.context["happens"], page.context["emailed"]) == (
        verb,
        happens,
        NOBODY,
    )
    assert _status(year) == start

    response = _post(client, year, to, start)
    with translation.override("en"):
        label = Cohort(status=to).get_status_display()

    assert _status(year) == to
    assert [str(m) for m in response.context["messages"]] == [
        f"Reverse Mentoring 2027–2028 is now “{label}”."
    ]
    log = ActivityLog.objects.filter(action="cohort.status").get()
    assert (log.actor, log.data) == (coordinator_cora.user, {"from": start, "to": to})


def test_publishing_is_not_a_button_but_a_link_to_the_matching(client, year, coordinator_cora):
    Cohort.objects.filter(pk=year.pk).update(status="matching")
    _as(client, coordinator_cora)

    page = client.get(
        reverse("coordination:cohort-status", args=[year.code]), HTTP_ACCEPT_LANGUAGE="en"
    )
    response = _post(client, year, "published", "matching")

    assert [to for to, _verb in page.context["moves"]] == ["review"]
    assert reverse("matching:cohort", args=[year.code]) in page.content.decode()
    assert _status(year) == "matching"
    assert [str(m) for m in response.context["messages"]] == [
        "Reverse Mentoring 2027–2028 cannot move from “Matching” to “Matched” here."
    ]


def test_a_move_that_skips_a_state_is_refused(client, year, coordinator_cora):
    _as(client, coordinator_cora)

    refused = "Reverse Mentoring 2027–2028 cannot move from “Draft” to “Matching” here."
    page = client.get(
        reverse("coordination:cohort-move", args=[year.code, "matching"]), follow=True
    )
    response = _post(client, year, "matching", "draft")

    assert page.redirect_chain == [(reverse("coordination:cohort-status", args=[year.code]), 302)]
    assert [str(m) for m in page.context["messages"]] == [refused]
    assert _status(year) == "draft"
    assert [str(m) for m in response.context["messages"]] == [refused]
    assert not ActivityLog.objects.filter(action="cohort.status").exists()


def test_a_stale_from_state_changes_nothing(client, year, coordinator_cora, coordinator_olga):
    """Two coordinators confirm "open" at once: the second finds the year already open."""
    year.initiative.coordinators.add(coordinator_olga.user)
    _as(client, coordinator_cora)
    _post(client, year, "open", "draft")
    _as(client, coordinator_olga)

    response = _post(client, year, "open", "draft")

    assert _status(year) == "open"
    assert [str(m) for m in response.context["messages"]] == [
        "Reverse Mentoring 2027–2028 is now “Open for applications”, not “Draft”: someone "
        "else moved it meanwhile. Nothing was changed; check the status below."
    ]
    assert ActivityLog.objects.filter(action="cohort.status").count() == 1


def test_opening_without_an_application_form_is_refused(client, year, coordinator_cora):
    year.questions.all().delete()
    _as(client, coordinator_cora)

    page = _confirm(client, year, "open")
    response = _post(client, year, "open", "draft")

    form_url = reverse("applications:form-overview", args=[year.code])
    assert page.context["no_form"] is True
    assert form_url in page.content.decode()
    assert _status(year) == "draft"
    assert response.redirect_chain[-1][0] == form_url
    assert [str(m) for m in response.context["messages"]] == [
        "Reverse Mentoring 2027–2028 has no application form yet. Make the form first, "
        "then open the programme year for applications."
    ]


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("coordinator_olga", False),
        ("contact_hege", False),
        ("mentee_anne", False),
        ("admin_ada", True),
        ("coordinator_cora", True),
    ],
)
def test_only_the_initiatives_coordinators_and_admins_move_it(
    client, request, year, shadowing_year, contact_hege, mentee_anne, admin_ada, persona, allowed
):
    ApplicationFactory(cohort=year, person=mentee_anne)
    _as(client, request.getfixturevalue(persona))

    status_page = client.get(reverse("coordination:cohort-status", args=[year.code]))
    confirm = _confirm(client, year, "open")
    post = client.post(
        reverse("coordination:cohort-move", args=[year.code, "open"]), {"from": "draft"}
    )

    expected = 200 if allowed else 404
    assert (status_page.status_code, confirm.status_code) == (expected, expected)
    assert post.status_code == (302 if allowed else 404)
    assert _status(year) == ("open" if allowed else "draft")


def _links(html):
    return set(re.findall(r'href="(/[^"#?]*)', html))


def test_no_coordinator_page_linked_from_the_overview_links_to_the_admin(
    client, this_year, reverse_initiative, coordinator_cora, mentee_anne
):
    """Cora is staff (coordinators are), yet she never needs Django's admin: the overview,
    every page it links to and the pages those link to within coordinate/ send her nowhere
    near /admin/."""
    for status in ("draft", "open", "review", "matching", "published", "closed"):
        year = CohortFactory(initiative=reverse_initiative, title=status, status=status)
        QuestionFactory(cohort=year)
        ApplicationFactory(cohort=year, person=mentee_anne)
    _as(client, coordinator_cora)
    start = reverse("coordination:overview")
    seen: dict[str, set[str]] = {}
    queue = [start]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            seen[url] = set()
            continue
        seen[url] = _links(response.content.decode())
        if url == start or url.startswith("/coordinate/"):
            queue.extend(
                link
                for link in seen[url]
                if link.startswith("/coordinate/") or url == start
                if not link.startswith(("/accounts/logout", "/admin/"))
            )

    linking = sorted(url for url, links in seen.items() if any("/admin/" in x for x in links))
    assert len(seen) > 40
    assert linking == []


def _warnings(page):
    return re.findall(
        r'<p class="message message-warning move-warning">(.*?)</p>', page.content.decode()
    )


def test_opening_before_the_window_and_while_another_year_is_open_warns_in_words(
    client, year, reverse_initiative, coordinator_cora
):
    """Monday 7 December 2026: this year's window starts 2 March 2027, and the 2026 year of
    the same initiative takes applications until 31 December."""
    CohortFactory(
        initiative=reverse_initiative,
        title="2026",
        status="open",
        **{
            **year_dates(2026),
            "applications_open_at": at(dt.date(2026, 11, 24), 9),
            "applications_close_at": at(dt.date(2026, 12, 31), 23, 59),
        },
    )
    CohortFactory(  # open, but its window ended: not taking applications now
        initiative=reverse_initiative, title="2025", status="open", **year_dates(2025)
    )
    _as(client, coordinator_cora)

    page = _confirm(client, year, "open")

    assert page.context["warnings"] == [
        "The application period opens 2 March 2027. Until then the programme year is shown "
        "on the public pages, but nobody can apply.",
        "The 2026 programme year takes applications now, until 31 December.",
    ]
    assert _warnings(page) == page.context["warnings"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    nb = client.get(reverse("coordination:cohort-move", args=[year.code, "open"]))
    assert _warnings(nb) == [
        "Søknadsperioden åpner 2. mars 2027. Til da vises programåret på de offentlige "
        "sidene, men ingen kan søke.",
        "2026-programåret tar imot søknader nå, til 31. desember.",
    ]


def test_opening_inside_the_window_with_no_other_year_open_warns_of_nothing(
    client, year, coordinator_cora
):
    with time_machine.travel(at(dt.date(2027, 3, 10), 12), tick=False):
        page = _confirm(_as(client, coordinator_cora), year, "open")
    assert (page.context["warnings"], _warnings(page)) == ([], [])


def test_closing_before_the_deadline_says_how_far_away_it_is_and_counts_the_drafts(
    client, year, coordinator_cora
):
    Cohort.objects.filter(pk=year.pk).update(status="open")
    ApplicationFactory(cohort=year, status="draft", submitted_at=None)
    ApplicationFactory(cohort=year, status="draft", submitted_at=None)
    ApplicationFactory(cohort=year)  # sent: not locked out
    # Saturday 20 March 2027 at noon; the deadline is Friday 26 March at 23:59
    with time_machine.travel(at(dt.date(2027, 3, 20), 12), tick=False):
        page = _confirm(_as(client, coordinator_cora), year, "review")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
        nb = client.get(reverse("coordination:cohort-move", args=[year.code, "review"]))

    assert _warnings(page) == [
        "The application deadline (26 March 2027, 23:59) is still 6 days away.",
        "2 applications are drafts that have not been sent: they are locked and can no "
        "longer be sent.",
    ]
    assert _warnings(nb) == [
        "Søknadsfristen (26. mars 2027 23:59) er fortsatt 6 dager unna.",
        "2 søknader er utkast som ikke er sendt: de låses og kan ikke sendes lenger.",
    ]


def test_closing_on_the_deadline_day_without_drafts_says_so(client, year, coordinator_cora):
    Cohort.objects.filter(pk=year.pk).update(status="open")
    ApplicationFactory(cohort=year)
    with time_machine.travel(at(dt.date(2027, 3, 26), 12), tick=False):
        page = _confirm(_as(client, coordinator_cora), year, "review")
    assert _warnings(page) == [
        "The application deadline (26 March 2027, 23:59) is today.",
        "No application is waiting as an unsent draft.",
    ]


def test_closing_after_the_deadline_warns_of_nothing(client, year, coordinator_cora):
    Cohort.objects.filter(pk=year.pk).update(status="open")
    ApplicationFactory(cohort=year, status="draft", submitted_at=None)
    with time_machine.travel(at(dt.date(2027, 3, 27), 9), tick=False):
        page = _confirm(_as(client, coordinator_cora), year, "review")
    assert _warnings(page) == []
