"""Issue 18's journey: the coordinator uploads the handbook for the young mentors only and
the slides of a past gathering; the young mentor sees both, the senior only the slides; the
coordinator moves a gathering and every invitee gets an update whose .ics replaces the old
event; the senior moves an agreed meeting and then cancels it: the partner gets the update
and the cancellation. Then the coordinator edits a prompt of the conversation guide, and
the pair sees it.

``BROBYGGER_SHOTS=/tmp/somewhere`` saves a screenshot of each step there (never in the
repository)."""

import datetime as dt
import os
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from tests.calendar_helpers import apply_to_calendar, only_event
from tests.e2e.signin import phone_sign_in as _sign_in
from tests.pairs.helpers import gathering, other_people, running_cohort

from brobygger.gatherings.models import Gathering, Material
from brobygger.gatherings.selectors import invitation_mailing
from brobygger.gatherings.services import send_invitations
from brobygger.pairs.models import Meeting, Pair

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("BROBYGGER_SHOTS")  # a folder for screenshots; never in the repo


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_handbook_for_mentors_a_moved_gathering_and_a_moved_then_cancelled_meeting(
    browser,
    live_server,
    settings,
    tmp_path,
    reverse_initiative,
    mentee_anne,
    mentor_bo,
    coordinator_cora,
):
    settings.STORAGES = {
        **settings.STORAGES,
        "materials": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "materials"), "base_url": None},
        },
    }
    cohort = running_cohort(reverse_initiative)
    pair = Pair.objects.create(
        cohort=cohort, mentee=mentee_anne, mentor=mentor_bo, published_at=timezone.now()
    )
    senior, junior = other_people("eva")
    Pair.objects.create(cohort=cohort, mentee=senior, mentor=junior, published_at=timezone.now())
    kickoff = gathering([cohort], days=10, title="Felles oppstart")
    past = gathering([cohort], days=-7, title="Scenariotenkning", theme="Scenariotenkning")
    send_invitations(
        gathering=kickoff,
        cohort=cohort,
        token=invitation_mailing(kickoff, cohort).token,
        by=coordinator_cora.user,
    )
    invitations = {m.to[0]: m for m in mail.outbox}
    start = timezone.now() + dt.timedelta(days=3)
    agreed = Meeting.objects.create(
        pair=pair,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        video_url="https://meet.example/anne-bo",
        status="planned",
        proposed_by_role="mentee",
        accepted_at=timezone.now(),
    )

    # 1. The coordinator uploads the handbook for the young mentors only.
    handbook = tmp_path / "Mentorhandbok.pdf"
    handbook.write_bytes(b"%PDF-1.4 Hvordan gi aerlige raad oppover")
    cora_context, cora = _sign_in(browser, live_server, "cora@c.example")
    cora.goto(f"/coordinate/{cohort.code}/materials/")
    cora.fill("[name=title]", "Mentorhåndbok")
    cora.fill("[name=description]", "Hvordan gi ærlige råd oppover")
    cora.check("[name=audience][value=mentor]")
    cora.set_input_files("[name=upload]", str(handbook))
    with cora.expect_navigation():
        cora.locator("main form[enctype] button[type=submit]").click()
    cora.wait_for_url(re.compile(f"/coordinate/{cohort.code}/materials/$"))
    material = Material.objects.get()
    assert (material.title, material.audience) == ("Mentorhåndbok", "mentor")

    # ... and the slides of the past gathering, for both roles.
    slides_file = tmp_path / "Scenarier.pdf"
    slides_file.write_bytes(b"%PDF-1.4 Scenarier")
    cora.fill("[name=title]", "Lysbilder fra scenariotenkning")
    cora.select_option("[name=where]", str(past.code))
    cora.check("[name=audience][value=both]")
    cora.set_input_files("[name=upload]", str(slides_file))
    with cora.expect_navigation():
        cora.locator("main form[enctype] button[type=submit]").click()
    expect(cora.locator("main table tbody tr")).to_have_count(2)
    _shot(cora, "materials-coordinator")
    slides = Material.objects.get(gathering=past)
    assert (slides.title, slides.audience) == ("Lysbilder fra scenariotenkning", "both")

    def material_links(page):
        return page.locator("section[aria-labelledby=materials-heading] li > a")

    # 2. The young mentor sees both and opens the handbook; the senior sees only the slides.
    bo_context, bo = _sign_in(browser, live_server, "bo@b.example")
    bo.goto(f"/pairs/{pair.code}/")
    expect(material_links(bo)).to_have_count(2)
    assert sorted(material_links(bo).all_inner_texts()) == [
        "Lysbilder fra scenariotenkning",
        "Mentorhåndbok",
    ]
    link = bo.locator(f"a[href='/materials/{material.code}/file/']")
    _shot(bo, "pair-page-mentor")
    with bo.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "Mentorhandbok.pdf"
    anne_context, anne = _sign_in(browser, live_server, "anne@a.example")
    anne.goto(f"/pairs/{pair.code}/")
    expect(material_links(anne)).to_have_count(1)
    assert material_links(anne).all_inner_texts() == ["Lysbilder fra scenariotenkning"]
    _shot(anne, "pair-page-senior")
    response = anne.request.get(f"/materials/{material.code}/file/")
    assert response.status == 404
    anne.goto(f"/gatherings/{past.code}/")
    expect(material_links(anne)).to_have_count(1)
    _shot(anne, "past-gathering-senior")
    with anne.expect_download() as download:
        material_links(anne).first.click()
    assert download.value.suggested_filename == "Scenarier.pdf"

    # 3. The coordinator moves the gathering a week on; everyone invited gets an update
    #    whose .ics replaces the event (the same UID, a higher SEQUENCE).
    mail.outbox.clear()
    cora.goto(f"/coordinate/{cohort.code}/gatherings/{kickoff.code}/edit/")
    new_day = timezone.localtime(kickoff.starts_at).date() + dt.timedelta(days=7)
    cora.fill("[name=starts_at]", f"{new_day:%Y-%m-%d}T17:00")
    cora.fill("[name=ends_at]", f"{new_day:%Y-%m-%d}T20:00")
    with cora.expect_navigation():
        cora.locator("main form button[type=submit]").first.click()
    send = cora.get_by_role("button", name="Lagre endringen og send")
    expect(send).to_have_count(1)
    _shot(cora, "gathering-change-preview")
    with cora.expect_navigation():
        send.click()
    cora.wait_for_url(re.compile(f"/gatherings/{kickoff.code}/$"))
    _shot(cora, "gathering-after-move")
    kickoff = Gathering.objects.get(pk=kickoff.pk)
    assert kickoff.sequence == 1
    updates = {m.to[0]: m for m in mail.outbox}
    assert sorted(updates) == sorted(invitations)
    for address, update in updates.items():
        entries: dict = {}
        for message in (invitations[address], update, update):
            apply_to_calendar(entries, message)
        (entry,) = entries.values()
        assert entry["sequence"] == 1
        assert timezone.localtime(entry["event"].decoded("dtstart")).date() == new_day

    # 4. The senior moves the agreed meeting, then cancels it: Bo gets both.
    mail.outbox.clear()
    anne.goto(f"/pairs/{pair.code}/")
    with anne.expect_navigation():
        anne.locator(f"a[href$='/meetings/{agreed.code}/move/']").click()
    moved_day = timezone.localdate() + dt.timedelta(days=5)
    anne.fill("[name=starts_at]", f"{moved_day:%Y-%m-%d}T18:00")
    anne.fill("[name=ends_at]", f"{moved_day:%Y-%m-%d}T19:00")
    _shot(anne, "meeting-move")
    with anne.expect_navigation():
        anne.locator("main form button[type=submit]").click()
    anne.wait_for_url(re.compile(f"/pairs/{pair.code}/$"))
    _shot(anne, "pair-page-after-move")
    with anne.expect_navigation():
        anne.locator(f"a[href$='/meetings/{agreed.code}/cancel/']").click()
    anne.fill("[name=reason]", "Syk")
    _shot(anne, "meeting-cancel")
    with anne.expect_navigation():
        anne.locator("main form button[type=submit]").click()
    anne.wait_for_url(re.compile(f"/pairs/{pair.code}/$"))
    _shot(anne, "pair-page-after-cancel")
    to_bo = [m for m in mail.outbox if m.to == ["bo@b.example"]]
    assert [only_event(m)[0] for m in to_bo] == ["REQUEST", "CANCEL"]
    assert [int(only_event(m)[1]["sequence"]) for m in to_bo] == [1, 2]
    assert {str(only_event(m)[1]["uid"]) for m in to_bo} == {f"meeting-{agreed.code}@brobygger"}
    assert "Anne Aas har avlyst møtet deres:" in to_bo[1].body
    assert Meeting.objects.get(pk=agreed.pk).status == "cancelled"
    for page in (cora, bo, anne):
        assert page.console_errors == []
    for context in (cora_context, bo_context, anne_context):
        context.close()


def test_the_coordinator_edits_a_guide_prompt_and_the_pair_sees_it(
    browser, live_server, reverse_initiative, mentee_anne, mentor_bo, coordinator_cora
):
    cohort = running_cohort(reverse_initiative)  # a fifth of the way in: "Getting started"
    pair = Pair.objects.create(
        cohort=cohort, mentee=mentee_anne, mentor=mentor_bo, published_at=timezone.now()
    )
    gathering([cohort], days=-3, title="Samling om merkevare", theme="Personlig merkevare")

    cora_context, cora = _sign_in(browser, live_server, "cora@c.example")
    cora.goto(f"/coordinate/{cohort.code}/gatherings/")
    with cora.expect_navigation():
        cora.get_by_role("link", name="Samtaleguide").click()
    parts = cora.locator("main section h2")
    expect(parts).to_have_count(4)
    assert parts.all_inner_texts() == [
        "Kom i gang",
        "Midt i året",
        "Mot slutten",
        "Etter samlingen om Personlig merkevare",
    ]
    _shot(cora, "guide-coordinator")
    with cora.expect_navigation():
        cora.locator("main a[href$='/guide/start/']").click()
    nb = cora.locator("[name=prompts_nb]")
    assert nb.input_value().startswith("Historiene deres:")
    nb.fill("Hva vil du utfordre seniorens syn på denne måneden?\nHvordan sier du ifra?")
    cora.fill("[name=prompts_en]", "What will you challenge this month?\nHow do you speak up?")
    _shot(cora, "guide-edit")
    with cora.expect_navigation():
        cora.locator("main form button[type=submit]").first.click()
    cora.wait_for_url(re.compile(f"/coordinate/{cohort.code}/guide/$"))
    expect(cora.locator(".messages")).to_contain_text("Samtaleguiden er lagret.")
    _shot(cora, "guide-saved")

    bo_context, bo = _sign_in(browser, live_server, "bo@b.example")
    bo.goto(f"/pairs/{pair.code}/")
    with bo.expect_navigation():
        bo.get_by_role("link", name="Samtaleguide").click()
    topics = bo.locator("section[aria-labelledby=phase-heading] li")
    expect(topics).to_have_count(2)
    assert topics.all_inner_texts() == [
        "Hva vil du utfordre seniorens syn på denne måneden?",
        "Hvordan sier du ifra?",
    ]
    _shot(bo, "guide-pair")
    for page in (cora, bo):
        assert page.console_errors == []
    for context in (cora_context, bo_context):
        context.close()
