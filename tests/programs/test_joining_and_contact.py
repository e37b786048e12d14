"""Issue 14: the cohort page says what taking part means and whom to contact; the home page
has an apply button on each card with an open call; every email to a participant is signed
with the programme year's contact."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from tests.factories import CohortFactory, InitiativeFactory, PersonFactory

from brobygger.core.emails import render_email
from brobygger.gatherings.models import Gathering

OSLO = ZoneInfo("Europe/Oslo")
NOW = dt.datetime(2027, 3, 10, 12, 0, tzinfo=OSLO)


def _cohort(initiative, title, status, **extra):
    return CohortFactory(
        initiative=initiative,
        title=title,
        status=status,
        applications_open_at=dt.datetime(2027, 3, 1, 9, tzinfo=OSLO),
        applications_close_at=dt.datetime(2027, 4, 1, 23, tzinfo=OSLO),
        matching_on=dt.date(2027, 4, 20),
        kickoff_on=dt.date(2027, 5, 3),
        closing_on=dt.date(2028, 3, 1),
        **extra,
    )


def _words(html: str, element_id: str) -> str:
    match = re.search(
        rf'<section [^>]*aria-labelledby="{element_id}"[^>]*>(.*?)</section>', html, re.S
    )
    assert match, element_id
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


@pytest.fixture
def year(reverse_initiative, coordinator_cora, time_machine):
    time_machine.move_to(NOW, tick=False)
    cohort = _cohort(
        reverse_initiative, "2027", "open", target_pairs=8, contact=coordinator_cora.user
    )
    gathering = Gathering.objects.create(
        title="Felles oppstart",
        starts_at=dt.datetime(2027, 5, 3, 17, tzinfo=OSLO),
        ends_at=dt.datetime(2027, 5, 3, 20, tzinfo=OSLO),
    )
    gathering.cohorts.set([cohort])
    return cohort


def test_the_cohort_page_says_what_taking_part_means(client, year):
    html = client.get(
        reverse("programs:cohort-detail", args=[year.code]), HTTP_ACCEPT_LANGUAGE="nb"
    ).content.decode()
    assert _words(html, "joining-heading") == (
        "Hva det innebærer å delta Tidsbruk "
        "Om lag 10 måneder, fra oppstarten 3. mai 2027 til avslutningen 1. mars 2028. "
        "Møter med partneren din omtrent én gang i måneden, digitalt eller fysisk. Dere avtaler "
        "rytmen i det første møtet. "
        "1 samling for alle i programåret (se tidslinjen). "
        "Hvem kan søke "
        "Medlemmer av Bølge – kvinner i tech (demo) søker som mentee (senior) eller som "
        "mentor (den yngre) – "
        "én rolle per programår. "
        "Du får en partner fra en annen bedrift. "
        "Mentoren er den yngste: minst 10 år yngre enn menteen. "
        "Kontaktperson Cora Coord · cora@c.example"
    )
    assert 'href="mailto:cora@c.example"' in html
    assert "Vi planlegger for 8 par." in html


def test_a_closed_cohort_no_longer_plans_its_pairs(client, year):
    year.status = "closed"
    year.save()
    html = client.get(
        reverse("programs:cohort-detail", args=[year.code]), HTTP_ACCEPT_LANGUAGE="nb"
    ).content.decode()
    assert "planlegger" not in html


def test_without_an_active_contact_person_nobody_is_named(client, reverse_initiative, time_machine):
    time_machine.move_to(NOW, tick=False)
    coordinator = PersonFactory(
        user__first_name="Kari", user__last_name="Nord", user__email="kari@net.example"
    )
    reverse_initiative.coordinators.add(coordinator.user)
    cohort = _cohort(reverse_initiative, "2027", "open")
    url = reverse("programs:cohort-detail", args=[cohort.code])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ("Contact person" in html, "mailto:" in html) == (False, False)
    cohort.contact = coordinator.user
    cohort.save()
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'Kari Nord · <a href="mailto:kari@net.example">kari@net.example</a>' in html
    coordinator.user.is_active = False
    coordinator.user.save()
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ("Contact person" in html, "mailto:" in html) == (False, False)


def test_the_home_page_has_an_apply_button_only_on_cards_with_an_open_call(
    client, reverse_initiative, time_machine
):
    time_machine.move_to(NOW, tick=False)
    open_year = _cohort(reverse_initiative, "2027", "open")
    classic = InitiativeFactory(slug="mp", kind="classic", order=5, name="Mentorprogram")
    _cohort(classic, "2026–2027", "running")
    later = InitiativeFactory(slug="es", kind="shadowing", order=6, name="Executive Shadowing")
    CohortFactory(
        initiative=later,
        title="2028",
        status="open",
        applications_open_at=dt.datetime(2027, 9, 1, 9, tzinfo=OSLO),
        applications_close_at=dt.datetime(2027, 10, 1, 23, tzinfo=OSLO),
        matching_on=dt.date(2027, 10, 20),
        kickoff_on=dt.date(2027, 11, 3),
        closing_on=dt.date(2028, 6, 1),
    )
    html = client.get(reverse("programs:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    buttons = re.findall(r'<a class="button" href="([^"]+)">Apply now<span', html)
    assert buttons == [reverse("programs:cohort-detail", args=[open_year.code]) + "#apply"]
    assert 'id="apply"' in client.get(buttons[0].split("#")[0]).content.decode()


def test_every_email_to_a_participant_is_signed_with_the_contact(year, mentee_anne):
    context = {"name": "Anne", "cohort": year, "pair_path": "/pairs/x/", "partner": "Bo"}
    _subject, body = render_email("pairs/email/agreement_proposed", context, "nb")
    assert body.endswith(
        "Vennlig hilsen Bølge – kvinner i tech (demo)\nSpørsmål? Skriv til Cora Coord, "
        "cora@c.example\n"
    )
    _subject, body = render_email("pairs/email/agreement_proposed", context, "en")
    assert body.endswith(
        "Best regards, Bølge – kvinner i tech (demo)\nQuestions? Write to Cora Coord, "
        "cora@c.example\n"
    )


def test_an_email_to_the_coordinator_is_not_signed_with_herself(year):
    context = {"name": "Cora", "cohort": year, "matching_path": "/m/", "role": "mentor"}
    _subject, body = render_email("matching/email/proposal_declined", context, "en")
    assert body.endswith("Best regards, Bølge – kvinner i tech (demo)\n")


def test_an_email_without_a_programme_year_has_no_contact_line(db):
    context = {"name": "Anne", "download_path": "/d/"}
    _subject, body = render_email("privacy/email/export_ready", context, "en")
    assert body.endswith("Best regards, Bølge – kvinner i tech (demo)\n")


@pytest.mark.django_db
def test_a_shadowing_year_speaks_of_host_and_talent(client, time_machine):
    time_machine.move_to(NOW, tick=False)
    shadowing = InitiativeFactory(slug="skygging", kind="shadowing", name="Skygging")
    cohort = _cohort(shadowing, "2027", "open", min_gap_years=5)
    html = client.get(
        reverse("programs:cohort-detail", args=[cohort.code]), HTTP_ACCEPT_LANGUAGE="nb"
    ).content.decode()
    words = _words(html, "joining-heading")
    assert "Topplederen har minst 5 års mer erfaring enn talentet." in words
    assert ("menteen" in words, "mentoren" in words.lower()) == (False, False)
