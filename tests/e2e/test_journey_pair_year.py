"""Issue 6's journey: the senior books the first meeting, the mentor accepts, both sign the
agreement, the meeting is logged as held; both reply to the joint kickoff (one on the page,
one from the emailed link without signing in); the coordinator sees a healthy pair and not
a word of what they wrote."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from tests.e2e.signin import phone_sign_in as _sign_in
from tests.factories import InitiativeFactory
from tests.pairs.helpers import gathering, running_cohort

from brobygger.gatherings.models import Invitation
from brobygger.gatherings.selectors import invitation_mailing
from brobygger.gatherings.services import send_invitations
from brobygger.pairs.models import Agreement, Meeting, Pair

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOTE = "Vi snakket om KI i styrearbeid – ZEBRA-NOTAT-7781"


def test_the_pairs_first_meeting_agreement_and_kickoff(
    browser, live_server, reverse_initiative, mentee_anne, mentor_bo, coordinator_cora
):
    cohort = running_cohort(reverse_initiative)
    classic = running_cohort(InitiativeFactory(kind="classic", slug="mentorprogram"))
    pair = Pair.objects.create(
        cohort=cohort, mentee=mentee_anne, mentor=mentor_bo, published_at=timezone.now()
    )
    kickoff = gathering([cohort, classic], days=10, title="Felles oppstart", capacity=40)
    send_invitations(
        gathering=kickoff,
        cohort=cohort,
        token=invitation_mailing(kickoff, cohort).token,
        by=coordinator_cora.user,
    )
    bo_invitation = next(m.body for m in mail.outbox if m.to == ["bo@b.example"])
    rsvp_link = re.search(r"(/gatherings/[0-9a-f-]+/rsvp/\S+/)", bo_invitation).group(1)

    # The senior books the first meeting, on her phone.
    anne_context, anne = _sign_in(browser, live_server, "anne@a.example")
    anne.locator("a[href='/pairs/']").first.click()
    anne.locator(f"a[href='/pairs/{pair.code}/']").click()
    anne.locator("a[href$='/meetings/new/']").click()
    day = timezone.localdate() + dt.timedelta(days=2)
    anne.fill("[name=starts_at]", f"{day:%Y-%m-%d}T17:00")
    anne.fill("[name=ends_at]", f"{day:%Y-%m-%d}T18:00")
    anne.fill("[name=video_url]", "https://meet.example/anne-bo")
    anne.locator("main form button[type=submit]").click()
    anne.wait_for_url(re.compile(f"/pairs/{pair.code}/$"))
    meeting = Meeting.objects.get(pair=pair)
    assert (meeting.status, meeting.proposed_by_role) == ("proposed", "mentee")

    # The mentor accepts; both get the invitation with an .ics file.
    bo_context, bo = _sign_in(browser, live_server, "bo@b.example")
    bo.goto(f"/pairs/{pair.code}/")
    mail.outbox.clear()
    bo.locator("button[name=answer][value=accept]").click()
    bo.wait_for_url(re.compile(f"/pairs/{pair.code}/$"))
    meeting.refresh_from_db()
    assert meeting.status == "planned"
    assert sorted(m.to[0] for m in mail.outbox if m.attachments) == [
        "anne@a.example",
        "bo@b.example",
    ]

    # In the first meeting they write the agreement and both sign it.
    anne.goto(f"/pairs/{pair.code}/")
    anne.locator("a[href$='/agreement/']").first.click()
    anne.fill("[name=goal_1]", "Forstå hvordan unge bruker KI")
    anne.fill("[name=goal_2]", "Bli tryggere i sosiale medier")
    anne.fill("[name=cadence]", "Hver tredje uke, en time")
    anne.check("[name=meeting_format][value=digital]")
    anne.check("[name=confirm]")
    anne.locator("main form button[type=submit]").click()
    anne.wait_for_url(re.compile(f"/pairs/{pair.code}/$"))
    for page in (anne, bo):
        page.goto(f"/pairs/{pair.code}/")
        page.locator("form[action$='/agreement/sign/'] button").click()
        page.wait_for_url(re.compile(f"/pairs/{pair.code}/$"))
    assert Agreement.objects.get(pair=pair).is_signed

    # The meeting took place; she logs it with notes only the two of them can read.
    start = timezone.now() - dt.timedelta(hours=2)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=start, ends_at=start + dt.timedelta(hours=1)
    )
    anne.goto(f"/pairs/{pair.code}/")
    anne.locator(f"a[href$='/meetings/{meeting.code}/log/']").first.click()
    anne.check("[name=outcome][value=held]")
    anne.fill("[name=duration_minutes]", "60")
    anne.fill("[name=notes]", NOTE)
    anne.locator("main form button[type=submit]").click()
    anne.wait_for_url(re.compile(f"/pairs/{pair.code}/$"))
    assert NOTE in anne.content()
    bo.goto(f"/pairs/{pair.code}/")
    assert NOTE in bo.content()

    # Both reply to the joint kickoff: she on the page (HTMX), he from the emailed link.
    anne.locator("a[href='/gatherings/']").first.click()
    anne.locator(f"a[href='/gatherings/{kickoff.code}/']").click()
    anne.check("[name=response][value=yes]")
    anne.locator("#rsvp button[type=submit]").click()
    anne.locator("#rsvp .callout-open").wait_for()
    bo_context.clear_cookies()
    bo.goto(rsvp_link)  # no sign-in needed
    bo.check("[name=response][value=yes]")
    bo.locator("main form button[type=submit]").click()
    bo.locator(".message-success").wait_for()
    assert sorted(
        Invitation.objects.filter(gathering=kickoff).values_list("person__user__email", "response")
    ) == [("anne@a.example", "yes"), ("bo@b.example", "yes")]

    # The coordinator sees a healthy pair, and none of their words.
    cora_context, cora = _sign_in(browser, live_server, "cora@c.example")
    cora.goto(f"/coordinate/{cohort.code}/applications/")
    cora.locator(f"a[href='/coordinate/{cohort.code}/health/']").click()
    row = cora.locator(f"#pair-{pair.code}")
    expect(row.locator(".badge-open")).to_have_count(1)  # healthy
    cells = row.locator("td").all_inner_texts()
    assert cells[:2] == ["1", "0"]  # one held, none planned
    html = cora.content()
    for secret in ("ZEBRA-NOTAT-7781", "Forstå hvordan unge bruker KI", "Hver tredje uke"):
        assert secret not in html

    for page in (anne, bo, cora):
        assert page.console_errors == []
    for context in (anne_context, bo_context, cora_context):
        context.close()
