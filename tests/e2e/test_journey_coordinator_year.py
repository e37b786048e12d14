"""The issue "The coordinator runs the whole year herself": from last year's programme year
to published pairs, in the app only (never /admin/). She copies the year on, sets it up,
adds a question, opens the call; the scheduler closes it at the deadline and emails her;
she decides, sends the decisions, matches, sends the proposal and publishes."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from playwright.sync_api import expect
from tests.factories import (
    AnswerFactory,
    ApplicationFactory,
    CohortFactory,
    PersonFactory,
    QuestionFactory,
    TopicFactory,
)

from brobygger.applications.models import Application
from brobygger.core import scheduler
from brobygger.matching.models import ProposalSide
from brobygger.matching.services.proposals import answer_proposal
from brobygger.pairs.models import Pair
from brobygger.programs.models import Cohort

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OSLO = ZoneInfo("Europe/Oslo")
PASSWORD = "correct horse battery staple"


def _oslo(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=OSLO)


@pytest.fixture
def last_year(reverse_initiative):
    """Last year's programme year (2026), ended, with a form that feeds the matching."""
    cohort = CohortFactory(
        initiative=reverse_initiative,
        title="2026",
        status="closed",
        applications_open_at=_oslo(2026, 1, 5, 9),
        applications_close_at=_oslo(2026, 1, 25, 23),
        matching_on=dt.date(2026, 2, 2),
        kickoff_on=dt.date(2026, 2, 23),
        closing_on=dt.date(2026, 11, 30),
        target_pairs=10,
    )
    for slug, name in [("ai", "Kunstig intelligens"), ("data", "Data"), ("video", "Video")]:
        TopicFactory(slug=slug, name=name, name_en=name)
    for role in ("mentee", "mentor"):
        QuestionFactory(cohort=cohort, role=role, kind="topics", matching_field="topics")
        QuestionFactory(cohort=cohort, role=role, kind="text", matching_field="text")
    return cohort


def _apply(cohort: Cohort, first: str, company, year: int, role: str, topics: list[str]):  # type: ignore[no-untyped-def]
    person = PersonFactory(
        user__first_name=first,
        user__email=f"{first.lower()}@{role}.example",
        company=company,
        birth_year=year,
    )
    application = ApplicationFactory(
        cohort=cohort, person=person, role=role, meeting_format="digital"
    )
    questions = {q.matching_field: q for q in cohort.questions.filter(role=role)}
    AnswerFactory(application=application, question=questions["topics"], value=topics)
    AnswerFactory(application=application, question=questions["text"], value="KI og video")
    return application


def _checklist(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [t.strip() for t in page.locator("ol.checklist li").all_inner_texts()]


def _first_open_step(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator("ol.checklist li:not(.is-done)").first.inner_text().strip()


def _confirm_mailing(page, label: str) -> None:  # type: ignore[no-untyped-def]
    if page.locator("[name=acknowledge]").count():
        page.check("[name=acknowledge]")
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]", has_text=label).click()


def test_the_coordinator_runs_the_whole_year_in_the_app(
    page, tmp_path, reverse_initiative, coordinator_cora, last_year, company_a, company_b, company_c
):
    with time_machine.travel(_oslo(2027, 1, 11, 9), tick=True):
        page.goto("/accounts/login/")
        page.fill("[name=login]", "cora@c.example")
        page.fill("[name=password]", PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/$"))

        # 1. From the coordination overview: copy 2026 on, set the new year up.
        page.goto("/coordinate/")
        page.get_by_role("button", name="Kopier 2026 til neste år").click()
        page.wait_for_url(re.compile(r"/coordinate/[0-9a-f-]+/setup/$"))
        cohort = Cohort.objects.get(initiative=reverse_initiative, title="2027")
        assert cohort.status == "draft"
        expect(page.locator(".message-success")).to_have_count(1)
        assert page.input_value("[name=title]") == "2027"
        assert page.input_value("[name=kickoff_on]") == "2027-02-22"  # 52 weeks on
        page.fill("[name=kickoff_on]", "2027-03-01")
        page.fill("[name=target_pairs]", "2")
        page.locator("main form button[type=submit]", has_text="Lagre").first.click()
        page.wait_for_load_state()
        expect(page.locator(".message-success")).to_have_count(1)
        assert page.input_value("[name=kickoff_on]") == "2027-03-01"
        assert page.input_value("[name=target_pairs]") == "2"
        cohort.refresh_from_db()
        assert (cohort.kickoff_on, cohort.target_pairs) == (dt.date(2027, 3, 1), 2)

        page.goto(f"/coordinate/{cohort.code}/status/")
        assert _checklist(page)[0].endswith("Lag søknadsskjemaet")  # done: copied
        assert _first_open_step(page) == "Sjekk datoene og innstillingene"

        # 2. A new question on the application form.
        page.goto(f"/coordinate/{cohort.code}/form/")
        page.locator(f"a[href='/coordinate/{cohort.code}/form/mentee/questions/new/']").click()
        page.fill("[name=label]", "Hvilket verktøy vil du lære først?")
        page.fill("[name=label_en]", "Which tool do you want to learn first?")
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_url(re.compile(rf"/coordinate/{cohort.code}/form/$"))
        labels = page.locator("section:has(#role-mentee) .question-list strong")
        assert "Hvilket verktøy vil du lære først?" in labels.all_inner_texts()
        assert cohort.questions.filter(role="mentee").count() == 3
        page.screenshot(path=tmp_path / "journey-form.png", full_page=True)

        # 3. Open the call from the status page, after a confirmation.
        page.goto(f"/coordinate/{cohort.code}/status/")
        page.locator(f"a[href='/coordinate/{cohort.code}/status/open/']").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Åpne for søknader?"
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(re.compile(rf"/coordinate/{cohort.code}/status/$"))
        assert page.locator(".page-head .badge").inner_text() == "Åpen for søknader"
        assert _first_open_step(page) == (
            "Søknadsfristen går ut om 13 dager (0 søknader, 0 utkast)"
        )
        page.screenshot(path=tmp_path / "journey-open.png", full_page=True)

        # 4. People apply; the deadline passes; the scheduler closes the call.
        people = [
            ("Anne", company_a, 1966, "mentee", ["ai", "data"]),
            ("Eva", company_b, 1962, "mentee", ["video"]),
            ("Bo", company_b, 1999, "mentor", ["ai", "data"]),
            ("Ola", company_c, 1997, "mentor", ["video"]),
        ]
        for first, company, year, role, topics in people:
            _apply(cohort, first, company, year, role, topics)
        page.reload()
        assert _first_open_step(page) == (
            "Søknadsfristen går ut om 13 dager (4 søknader, 0 utkast)"
        )

    mail.outbox.clear()
    with time_machine.travel(_oslo(2027, 1, 25, 8, 0) + dt.timedelta(seconds=5), tick=True):
        assert "applications.close_windows" in scheduler.tick()
        cohort.refresh_from_db()
        assert cohort.status == "review"
        assert [m.to for m in mail.outbox] == [["cora@c.example"]]
        assert "4" in mail.outbox[0].body  # the number of applications
        page.reload()
        assert page.locator(".page-head .badge").inner_text() == "Søknadene vurderes"
        assert _first_open_step(page) == "4 søknader er ikke vurdert"

        # 5. She accepts all four and sends the decisions after the preview.
        page.goto(f"/coordinate/{cohort.code}/applications/")
        for box in page.locator("input[name=applications]").all():
            box.check()
        page.select_option("[name=decision]", "accepted")
        page.get_by_role("button", name="Lagre beslutning for de valgte").click()
        page.wait_for_load_state()
        assert page.locator(".message-success").inner_text().strip() == (
            "Beslutningen er lagret for 4 søknader."
        )
        assert set(Application.objects.values_list("decision", flat=True)) == {"accepted"}
        page.goto(f"/coordinate/{cohort.code}/decisions/send/")
        assert page.get_by_role("heading", level=1).inner_text() == "Send ut beslutninger"
        expect(page.locator(".mailing-table tbody tr")).to_have_count(4)
        assert page.locator(".mailing-copy").count() >= 1
        mail.outbox.clear()
        _confirm_mailing(page, "Send beslutningene")
        assert "/mailings/" in page.url
        assert sorted(m.to[0] for m in mail.outbox) == [
            "anne@mentee.example",
            "bo@mentor.example",
            "eva@mentee.example",
            "ola@mentor.example",
        ]
        page.goto(f"/coordinate/{cohort.code}/status/")
        assert _first_open_step(page) == "Start matchingen"

        # 6. On to matching: run it and send the proposal.
        page.locator(f"a[href='/coordinate/{cohort.code}/status/matching/']").click()
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(re.compile(rf"/coordinate/{cohort.code}/status/$"))
        assert page.locator(".page-head .badge").inner_text() == "Matching"
        assert _first_open_step(page) == "Kjør matchingen"
        page.goto(f"/coordinate/{cohort.code}/matching/")
        page.get_by_role("button", name="Kjør matchingen").first.click()
        expect(page.locator("tr.match-pair")).to_have_count(2)
        matching_url = page.url
        page.get_by_role("button", name="Send forslaget").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Send forslaget"
        expect(page.locator(".mailing-table tbody tr")).to_have_count(2)  # the seniors first
        _confirm_mailing(page, "Send forslaget")
        assert "/mailings/" in page.url
        page.screenshot(path=tmp_path / "journey-proposal-sent.png", full_page=True)
        page.goto(f"/coordinate/{cohort.code}/status/")
        assert "2 forslag venter på svar" in _checklist(page)

        # 7. Everyone says yes; she publishes.
        for role in ("mentee", "mentor"):
            for side in ProposalSide.objects.filter(role=role):
                answer_proposal(side=side, answer="approved", reason="")
        page.goto(matching_url)
        with page.expect_navigation():
            page.get_by_role("button", name="Publiser parene").click()
        assert Pair.objects.count() == 0
        _confirm_mailing(page, "Publiser parene")
        assert "/mailings/" in page.url
        assert Pair.objects.filter(cohort=cohort).count() == 2
        page.goto(f"/coordinate/{cohort.code}/status/")
        assert page.locator(".page-head .badge").inner_text() == "Matchet – starter 1. mars"
        assert _first_open_step(page) == "Oppstart 1. mars"
        page.goto("/coordinate/")
        card = page.locator("li.card", has_text="2027")
        assert card.locator(".badge").inner_text() == "Matchet – starter 1. mars"
    assert page.console_errors == []
