"""A programme year's own email texts: placeholders filled in the reader's language, the
default where she wrote nothing, refused placeholders, reset.

Issue "The coordinator runs the whole year herself": the main emails have editable texts
per programme year, with defaults and named placeholders, in nb and en.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone
from tests.factories import CohortFactory, InitiativeFactory, PersonFactory

from brobygger.core.emails import render_email
from brobygger.core.models import ActivityLog
from brobygger.programs.email_texts import (
    EmailKind,
    PlaceholderError,
    check,
    default_text,
    fill,
)
from brobygger.programs.models import CohortEmailText
from brobygger.programs.services import reset_email_text, save_email_text

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
SIGN_OFF_NB = "Vennlig hilsen Bølge – kvinner i tech (demo)"
SIGN_OFF_EN = "Best regards, Bølge – kvinner i tech (demo)"
# every email to a participant is signed with the programme year's contact person
CONTACT_NB = "Spørsmål? Skriv til Cora Coord, cora@c.example"
CONTACT_EN = "Questions? Write to Cora Coord, cora@c.example"
SITE = "http://127.0.0.1:8000"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(dt.datetime(2026, 1, 5, 12, tzinfo=OSLO), tick=False):
        yield


@pytest.fixture
def mentor_programme(db):
    return InitiativeFactory(
        kind="classic", slug="mentorprogrammet", name="Mentorprogrammet", name_en="Mentoring"
    )


@pytest.fixture
def year(mentor_programme):
    contact = PersonFactory(
        user__first_name="Cora", user__last_name="Coord", user__email="cora@c.example"
    ).user
    mentor_programme.coordinators.add(contact)
    return CohortFactory(
        initiative=mentor_programme,
        title="2026",
        status="review",
        applications_open_at=timezone.make_aware(dt.datetime(2026, 1, 2, 9), OSLO),
        applications_close_at=timezone.make_aware(dt.datetime(2026, 3, 26, 23, 59), OSLO),
        matching_on=dt.date(2026, 4, 15),
        kickoff_on=dt.date(2026, 9, 3),
        closing_on=dt.date(2027, 6, 3),
        contact=contact,
    )


def _accepted(cohort, language):
    context = {"name": "Anne", "cohort": cohort, "role": "Mentee", "cohort_path": "/p/"}
    return render_email("applications/email/decision_accepted", context, language)


def test_without_her_own_text_the_email_is_the_default_as_sent_before(year):
    assert _accepted(year, "nb") == (
        "Du har fått plass i Mentorprogrammet 2026",
        "Hei Anne,\n\n"
        "Vi er glade for å kunne fortelle at søknaden din til Mentorprogrammet 2026 som "
        "mentee er godtatt.\n\n"
        "Vi tar kontakt før matchingen med de neste stegene.\n\n"
        f"Her er programåret med datoer og samlinger:\n{SITE}/p/\n\n"
        f"{SIGN_OFF_NB}\n{CONTACT_NB}\n",
    )
    assert _accepted(year, "en") == (
        "You have a place in Mentoring 2026",
        "Hi Anne,\n\n"
        "We are glad to tell you that your application to Mentoring 2026 as mentee has been "
        "accepted.\n\n"
        "We will be in touch before matching with the next steps.\n\n"
        f"The programme year, with its dates and gatherings:\n{SITE}/p/\n\n"
        f"{SIGN_OFF_EN}\n{CONTACT_EN}\n",
    )


def test_her_text_is_sent_with_the_placeholders_filled_in_each_language(year):
    save_email_text(
        cohort=year,
        kind=EmailKind.ACCEPTED,
        texts={
            "subject_nb": "Velkommen til {programme}, {first_name}!",
            "body_nb": "Kjære {first_name},\n\nDu er {role} i {initiative}. Oppstart {kickoff}, "
            "avslutning {closing}.\n\nSpørsmål? {contact_name}, {contact_email}",
            "subject_en": "Welcome to {programme}, {first_name}!",
            "body_en": "Dear {first_name},\n\nYou are {role} in {initiative}. Kickoff {kickoff}, "
            "closing {closing}.",
        },
        by=None,
    )
    assert _accepted(year, "nb") == (
        "Velkommen til Mentorprogrammet 2026, Anne!",
        "Kjære Anne,\n\n"
        "Du er mentee i Mentorprogrammet. Oppstart 3. september 2026, avslutning "
        "3. juni 2027.\n\n"
        "Spørsmål? Cora Coord, cora@c.example\n\n"
        f"Her er programåret med datoer og samlinger:\n{SITE}/p/\n\n"
        f"{SIGN_OFF_NB}\n{CONTACT_NB}\n",
    )
    assert _accepted(year, "en") == (
        "Welcome to Mentoring 2026, Anne!",
        "Dear Anne,\n\n"
        "You are mentee in Mentoring. Kickoff 3 September 2026, closing 3 June 2027.\n\n"
        f"The programme year, with its dates and gatherings:\n{SITE}/p/\n\n"
        f"{SIGN_OFF_EN}\n{CONTACT_EN}\n",
    )


def test_an_english_reader_gets_the_default_when_only_the_norwegian_text_is_hers(year):
    default_en = _accepted(year, "en")
    save_email_text(
        cohort=year,
        kind=EmailKind.ACCEPTED,
        texts={"subject_nb": "Gratulerer, {first_name}!", "body_nb": "Hei {first_name}!"},
        by=None,
    )
    assert _accepted(year, "en") == default_en
    assert _accepted(year, "nb")[0] == "Gratulerer, Anne!"
    assert _accepted(year, "nb")[1].startswith("Hei Anne!\n\nHer er programåret")


def test_an_unknown_placeholder_is_refused_naming_it_and_the_field_and_nothing_is_saved(year):
    with pytest.raises(ValidationError) as refused:
        save_email_text(
            cohort=year,
            kind=EmailKind.ACCEPTED,
            texts={"subject_nb": "Hei", "body_nb": "Hei {fornavn}!"},
            by=None,
        )
    assert refused.value.message_dict == {
        "body_nb": [
            "«Tekst (norsk)» bruker plassholderen {fornavn}, som ikke finnes i denne e-posten. "
            "Du kan bruke: {first_name}, {programme}, {initiative}, {kickoff}, {closing}, "
            "{role}, {contact_name}, {contact_email}."
        ]
    }
    assert CohortEmailText.objects.count() == 0
    assert ActivityLog.objects.filter(action__startswith="cohort.email_text").count() == 0


def test_a_placeholder_of_another_email_and_a_stray_brace_are_refused(year):
    with pytest.raises(ValidationError) as refused:
        save_email_text(
            cohort=year,
            kind=EmailKind.APPLICATION_RECEIVED,
            texts={"subject_en": "With {partner_name}", "body_en": "Hi {first_name"},
            by=None,
        )
    messages = refused.value.message_dict
    assert sorted(messages) == ["body_en", "subject_en"]
    assert messages["body_en"] == [
        "«Tekst (engelsk)» har en krøllparentes som ikke hører til en plassholder. Skriv "
        "plassholdere som {first_name}; ellers kan du ikke bruke krøllparenteser."
    ]
    assert "{partner_name}" in messages["subject_en"][0]
    assert CohortEmailText.objects.count() == 0


def test_the_default_text_saved_as_it_is_stores_nothing(year):
    texts = {
        f"{part}_{lang}": default_text(EmailKind.WELCOME, part, lang)
        for part in ("subject", "body")
        for lang in ("nb", "en")
    }
    assert save_email_text(cohort=year, kind=EmailKind.WELCOME, texts=texts, by=None) is None
    assert CohortEmailText.objects.count() == 0


def test_reset_brings_the_default_back_and_is_logged(year):
    before = _accepted(year, "nb")
    coordinator = year.contact
    save_email_text(
        cohort=year, kind=EmailKind.ACCEPTED, texts={"subject_nb": "Egen"}, by=coordinator
    )
    assert _accepted(year, "nb")[0] == "Egen"

    assert reset_email_text(cohort=year, kind=EmailKind.ACCEPTED, by=coordinator) is True

    assert _accepted(year, "nb") == before
    assert CohortEmailText.objects.count() == 0
    assert list(
        ActivityLog.objects.filter(action__startswith="cohort.email_text")
        .order_by("pk")
        .values_list("action", "actor", "data")
    ) == [
        ("cohort.email_text", coordinator.pk, {"kind": "accepted", "languages": ["nb"]}),
        ("cohort.email_text_reset", coordinator.pk, {"kind": "accepted"}),
    ]
    assert reset_email_text(cohort=year, kind=EmailKind.ACCEPTED, by=coordinator) is False


def test_the_formatter_fills_names_only_never_attributes_or_values_again():
    assert fill("{first_name} {programme}", {"first_name": "{programme}", "programme": "X"}) == (
        "{programme} X"
    )
    with pytest.raises(PlaceholderError) as error:
        check("Hei {cohort.initiative}", ["first_name"])
    assert error.value.name == "{cohort.initiative}"
    with pytest.raises(PlaceholderError) as error:
        check("Hei {first_name!r}", ["first_name"])
    assert error.value.name == "{first_name!r}"
    with pytest.raises(PlaceholderError) as error:
        check("Hei first_name}", ["first_name"])
    assert error.value.name == ""
    with pytest.raises(PlaceholderError):
        check("Hei {{first_name}}", ["first_name"])
    check("Hei {first_name}", ["first_name"])  # allowed: no error
