"""Issue 14: the applicant sees her decision once it is sent (never before), with the next
step, whom to contact, and her answers in words."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse

from brobygger.applications.models import Answer
from brobygger.applications.services.forms import create_default_form
from brobygger.privacy.exports import collect
from tests.factories import ApplicationFactory, CohortFactory, TopicFactory

OSLO = ZoneInfo("Europe/Oslo")
NOW = dt.datetime(2027, 4, 5, 12, 0, tzinfo=OSLO)


@pytest.fixture
def year(reverse_initiative, coordinator_cora, time_machine):
    time_machine.move_to(NOW, tick=False)
    return CohortFactory(
        initiative=reverse_initiative,
        title="2027",
        status="review",
        applications_open_at=dt.datetime(2027, 3, 1, 9, tzinfo=OSLO),
        applications_close_at=dt.datetime(2027, 4, 1, 23, tzinfo=OSLO),
        matching_on=dt.date(2027, 4, 20),
        kickoff_on=dt.date(2027, 5, 3),
        closing_on=dt.date(2028, 3, 1),
        contact=coordinator_cora.user,
    )


def _exported(person):
    return collect(person)["tables"]["applications.Application"]


def _decided(year, person, decision, *, released=True, **extra):
    return ApplicationFactory(
        cohort=year,
        person=person,
        decision=decision,
        decided_at=NOW - dt.timedelta(days=1),
        decision_released_at=(NOW - dt.timedelta(hours=1)) if released else None,
        **extra,
    )


def _text(html: str, css_class: str) -> str:
    """The words of the first element with ``css_class``, on one line."""
    token = rf'class="(?:[^"]*\s)?{css_class}(?:\s[^"]*)?"'
    match = re.search(rf"<(\w+) {token}[^>]*>(.*?)</\1>", html, re.S)
    assert match, css_class
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(2)).split())


def _pages(client, application, language):
    client.force_login(application.person.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    mine = client.get(reverse("applications:mine"), HTTP_ACCEPT_LANGUAGE=language)
    detail = client.get(
        reverse("applications:application-edit", args=[application.code]),
        HTTP_ACCEPT_LANGUAGE=language,
    )
    return mine.content.decode(), detail.content.decode()


def _seen(client, application, language):
    """(badge, decision text) in Mine søknader, asserting the application page says the same."""
    mine, detail = _pages(client, application, language)
    seen = (_text(mine, "badge"), _text(mine, "decision"))
    assert (_text(detail, "badge"), _text(detail, "decision")) == seen
    return seen


def test_accepted_sees_her_place_and_what_happens_next(client, year, mentee_anne):
    application = _decided(year, mentee_anne, "accepted")
    assert _seen(client, application, "nb") == (
        "Du har fått plass",
        "Velkommen! Du har fått plass som mentee (senior). Nå setter vi sammen parene. "
        "Rundt 20. april 2027 får du en e-post om personen vi foreslår for deg, og du "
        "godkjenner matchen. Programåret begynner med oppstarten 3. mai 2027.",
    )
    assert _seen(client, application, "en") == (
        "You have a place",
        "Welcome! You have a place as mentee (the senior). Next, we match the pairs. Around "
        "20 April 2027 you get an email with the person we propose for you, and you approve "
        "the match. The programme year starts with the kickoff on 3 May 2027.",
    )


def test_waitlisted_sees_what_the_waiting_list_means(client, year, mentee_anne):
    application = _decided(year, mentee_anne, "waitlisted")
    assert _seen(client, application, "nb") == (
        "På venteliste",
        "Du står på venteliste som mentee (senior). Vi fikk flere søkere enn plasser, så du "
        "har ikke fått plass ennå. Blir det ledig plass før matchingen 20. april 2027, sender "
        "vi deg en e-post. Du trenger ikke gjøre noe nå.",
    )
    assert _seen(client, application, "en") == (
        "On the waiting list",
        "You are on the waiting list as mentee (the senior). We had more applicants than "
        "places, so you do not have a place yet. If a place opens up before matching on "
        "20 April 2027, we will email you. You do not need to do anything now.",
    )


def test_not_offered_gets_a_kind_word_and_no_invented_date(client, year, mentee_anne):
    application = _decided(year, mentee_anne, "rejected")
    assert _seen(client, application, "nb") == (
        "Ikke fått plass",
        "Takk for at du vil være med. Vi fikk flere søkere enn plasser, og vi kan dessverre "
        "ikke tilby deg plass i år. Det sier ingenting om hva du har å gi – vi håper du søker "
        "igjen. Neste søknadsrunde kommer på programsiden når den er klar, og i mellomtiden "
        "er du hjertelig velkommen på nettverkets andre arrangementer.",
    )
    assert _seen(client, application, "en") == (
        "Not offered a place",
        "Thank you for wanting to take part. We had more applicants than places, and we "
        "cannot offer you a place this year. That says nothing about what you have to give – "
        "we hope you will apply again. The next call will be on the programmes page when it "
        "is ready, and you are welcome at the network’s other events in the meantime.",
    )


def test_not_offered_hears_when_the_next_call_opens(client, year, mentee_anne):
    CohortFactory(
        initiative=year.initiative,
        title="2028",
        status="open",
        applications_open_at=dt.datetime(2028, 3, 1, 9, tzinfo=OSLO),
        applications_close_at=dt.datetime(2028, 4, 1, 23, tzinfo=OSLO),
        matching_on=dt.date(2028, 4, 20),
        kickoff_on=dt.date(2028, 5, 3),
        closing_on=dt.date(2029, 3, 1),
    )
    application = _decided(year, mentee_anne, "rejected")
    assert _seen(client, application, "en")[1].endswith(
        "we hope you will apply again. The next call, Reverse Mentoring 2028, opens "
        "1 March 2028. See the programme year"
    )
    assert _seen(client, application, "nb")[1].endswith(
        "vi håper du søker igjen. Neste søknadsrunde, Reverse Mentoring 2028, åpner "
        "1. mars 2028. Se programåret"
    )


def test_withdrawn_sees_that_she_withdrew(client, year, mentee_anne):
    application = ApplicationFactory(cohort=year, person=mentee_anne, status="withdrawn")
    assert _seen(client, application, "nb") == ("Trukket", "Du har trukket denne søknaden.")
    assert _seen(client, application, "en") == ("Withdrawn", "You withdrew this application.")


@pytest.mark.parametrize("decision", ["accepted", "waitlisted", "rejected"])
def test_an_unreleased_decision_is_never_shown_to_her(client, year, mentee_anne, decision):
    application = _decided(year, mentee_anne, decision, released=False, decision_reason="Sterk")
    assert _seen(client, application, "nb") == (
        "Sendt inn",
        "Vi går gjennom søknadene. Du hører fra oss på e-post før matchingen 20. april 2027.",
    )
    assert _seen(client, application, "en") == (
        "Submitted",
        "We are reviewing the applications. You will hear from us by email before matching "
        "on 20 April 2027.",
    )
    for language, words in (
        ("nb", ["fått plass", "venteliste", "Godtatt", "Avslått", "Sterk"]),
        ("en", ["have a place", "waiting list", "Accepted", "Rejected", "Sterk"]),
    ):
        pages = [
            *_pages(client, application, language),
            client.get(reverse("programs:home"), HTTP_ACCEPT_LANGUAGE=language),
            client.get(
                reverse("programs:cohort-detail", args=[year.code]), HTTP_ACCEPT_LANGUAGE=language
            ),
        ]
        for page in pages:
            html = page if isinstance(page, str) else page.content.decode()
            assert [word for word in words if word in html] == []
    # nor in the copy of her data she can download
    row = _exported(mentee_anne)[0]
    assert (row["decision"], row["decision_reason"], row["decided_at"]) == ("pending", "", None)


def test_a_released_decision_is_in_her_data_copy(year, mentee_anne):
    _decided(year, mentee_anne, "accepted")
    assert _exported(mentee_anne)[0]["decision"] == "accepted"


def test_withdraw_is_offered_before_matching_and_after_it_the_coordinator(
    client, year, mentee_anne
):
    application = _decided(year, mentee_anne, "accepted")
    withdraw = reverse("applications:application-withdraw", args=[application.code])
    _mine, detail = _pages(client, application, "en")
    assert withdraw in detail
    year.status = "published"
    year.save()
    _mine, detail = _pages(client, application, "en")
    assert withdraw not in detail
    assert _text(detail, "decision-card").endswith(
        "If you need to stop, contact the coordinator: together you find the best way to "
        "end. Questions? Contact the coordinator Cora Coord · cora@c.example"
    )
    assert 'href="mailto:cora@c.example"' in detail
    response = client.post(withdraw)
    application.refresh_from_db()
    assert (response["Location"], application.status) == (
        reverse("applications:application-edit", args=[application.code]),
        "submitted",
    )


def test_not_offered_cannot_withdraw(client, year, mentee_anne):
    application = _decided(year, mentee_anne, "rejected")
    withdraw = reverse("applications:application-withdraw", args=[application.code])
    _mine, detail = _pages(client, application, "en")
    assert withdraw not in detail
    client.post(withdraw)
    application.refresh_from_db()
    assert application.status == "submitted"


def test_her_answers_are_shown_in_words(client, year, mentee_anne):
    TopicFactory(slug="ai", name="Kunstig intelligens", name_en="Artificial intelligence")
    TopicFactory(slug="digital-tools", name="Digitale verktøy", name_en="Digital tools")
    create_default_form(cohort=year, by=None)
    application = _decided(year, mentee_anne, "accepted")
    questions = {q.matching_field: q for q in year.questions.filter(role="mentee")}
    Answer.objects.create(
        application=application, question=questions["topics"], value=["ai", "digital-tools"]
    )
    Answer.objects.create(
        application=application, question=questions["values"], value=["openness", "courage"]
    )
    Answer.objects.create(
        application=application,
        question=questions["availability"],
        value=["early", "after_work"],
    )
    client.force_login(mentee_anne.user)
    url = reverse("applications:application-edit", args=[application.code])
    answers = {
        row.question.matching_field: row.text
        for row in client.get(url, HTTP_ACCEPT_LANGUAGE="nb").context["answers"]
        if row.answered
    }
    assert answers == {
        "topics": "Kunstig intelligens, Digitale verktøy",
        "values": "Åpenhet, Mot",
        "availability": "Tidlig morgen (før kl. 9), Etter jobb (etter kl. 16)",
    }
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(url).content.decode()
    assert "<dd>Artificial intelligence, Digital tools</dd>" in html
    assert "ai, digital-tools" not in html


def test_another_persons_application_answers_404(client, year, mentee_anne, outsider_dag):
    application = _decided(year, mentee_anne, "accepted")
    client.force_login(outsider_dag.user)
    for name in ("application-edit", "application-withdraw"):
        response = client.get(reverse(f"applications:{name}", args=[application.code]))
        assert response.status_code == 404
        assert "Anne" not in response.content.decode()


def test_a_draft_past_the_deadline_says_so_and_cannot_be_withdrawn(client, year, mentee_anne):
    application = ApplicationFactory(
        cohort=year, person=mentee_anne, status="draft", submitted_at=None
    )
    assert _seen(client, application, "en") == (
        "Draft",
        "The deadline has passed, and this application was never sent.",
    )
    assert _seen(client, application, "nb") == (
        "Utkast",
        "Fristen har gått ut, og denne søknaden ble aldri sendt inn.",
    )
    _mine, detail = _pages(client, application, "en")
    assert reverse("applications:application-withdraw", args=[application.code]) not in detail


def test_once_the_year_is_over_she_took_part(client, year, mentee_anne):
    year.status = "closed"
    year.save(update_fields=["status"])
    application = _decided(year, mentee_anne, "accepted")
    badge, text = _seen(client, application, "nb")
    assert badge == "Deltok"
    assert text.startswith("Du deltok som mentee (senior).")
    assert _seen(client, application, "en")[0] == "Took part"
