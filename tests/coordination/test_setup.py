"""Setting up a programme year in the app: dates, rules, weights as numbers, contact person.
Dates that contradict each other name the field and save nothing."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from brobygger.core.models import ActivityLog
from brobygger.programs.models import Cohort
from tests.coordination.conftest import OSLO

VALID = {
    "title": "2027–2028",
    "contact": "",
    "target_pairs": "10",
    "applications_open_at": "2027-03-01T09:00",
    "applications_close_at": "2027-03-25T23:59",
    "matching_on": "2027-04-14",
    "kickoff_on": "2027-09-02",
    "closing_on": "2028-06-01",
    "company_rule": "",
    "direction_rule": "",
    "min_gap_years": "",
    "proposal_reminder_days": "5",
    "weight_topics": "3",
    "weight_text": "1",
    "weight_values": "1",
    "weight_difference": "2.5",
    "weight_wishes": "1",
    "weight_availability": "0",
}


def _post(client, url, **changes):
    return client.post(url, {**VALID, **changes}, HTTP_ACCEPT_LANGUAGE="nb")


@pytest.fixture
def create_url(reverse_initiative):
    return reverse("coordination:cohort-create", args=[reverse_initiative.code])


def test_a_coordinator_sets_up_a_programme_year(client, coordinator_cora, create_url):
    client.force_login(coordinator_cora.user)

    response = _post(client, create_url, contact=str(coordinator_cora.user.pk))

    cohort = Cohort.objects.get()
    assert response.url == reverse("coordination:cohort-edit", args=[cohort.code])
    assert (cohort.title, cohort.status, cohort.target_pairs, cohort.contact) == (
        "2027–2028",
        "draft",
        10,
        coordinator_cora.user,
    )
    assert timezone.localtime(cohort.applications_close_at, OSLO).replace(
        tzinfo=None
    ) == dt.datetime(2027, 3, 25, 23, 59)
    assert cohort.matching_weights == {
        "topics": 3.0,
        "text": 1.0,
        "values": 1.0,
        "difference": 2.5,
        "wishes": 1.0,
        "availability": 0.0,
    }
    log = ActivityLog.objects.get(action="cohort.create")
    assert (log.actor, log.target_repr) == (coordinator_cora.user, "Reverse Mentoring 2027–2028")


def test_the_form_shows_the_weights_as_numbers_and_the_kinds_defaults_in_words(
    client, coordinator_cora, this_year
):
    client.force_login(coordinator_cora.user)

    response = client.get(
        reverse("coordination:cohort-edit", args=[this_year.code]), HTTP_ACCEPT_LANGUAGE="nb"
    )

    form = response.context["form"]
    assert [(f.label, f.initial) for f in form.weight_fields()] == [
        ("Temaer", "4"),
        ("Mål og styrker", "0.5"),
        ("Arbeidsverdier", "1"),
        ("Forskjell", "1"),
        ("Ønsker", "1"),
        ("Tilgjengelighet", "1"),
    ]
    html = response.content.decode()
    assert 'type="number" name="weight_topics" value="4" step="0.5"' in html
    assert "matching_weights" not in html
    assert form.fields["company_rule"].choices[0] == (
        "",
        "Standard for typen: Ulike virksomheter (og konsern)",
    )
    assert form.fields["min_gap_years"].help_text.endswith("Tomt: standard for typen, 10 år.")


def test_editing_changes_the_year_and_logs_what_changed(client, coordinator_cora, this_year):
    client.force_login(coordinator_cora.user)
    url = reverse("coordination:cohort-edit", args=[this_year.code])

    _post(client, url, title="2026–2027", kickoff_on="2026-09-10", **_dates_of_this_year())

    this_year.refresh_from_db()
    assert (this_year.kickoff_on, this_year.status) == (dt.date(2026, 9, 10), "running")
    log = ActivityLog.objects.get(action="cohort.update")
    assert log.data["changed"] == [
        "kickoff_on",
        "target_pairs",
        "company_rule",
        "min_gap_years",
        "proposal_reminder_days",
        "contact",
    ]


def _dates_of_this_year():
    return {
        "applications_open_at": "2026-03-02T09:00",
        "applications_close_at": "2026-03-26T23:59",
        "matching_on": "2026-04-15",
        "closing_on": "2027-06-03",
    }


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"applications_close_at": "2027-02-20T12:00"},
            "applications_close_at",
            "Søknadsfristen må være etter at søknadsperioden åpner.",
        ),
        (
            {"applications_close_at": "2027-09-10T12:00"},
            "applications_close_at",
            "Søknadsfristen må være før oppstarten (02.09.2027).",
        ),
        (
            {"matching_on": "2027-03-20"},
            "matching_on",
            "Matchingen kan ikke starte før søknadsfristen.",
        ),
        (
            {"matching_on": "2027-09-20"},
            "kickoff_on",
            "Oppstarten kan ikke være før matchingen.",
        ),
        (
            {"closing_on": "2027-08-01"},
            "closing_on",
            "Avslutningen må være etter oppstarten.",
        ),
        (
            {"title": "2026–2027"},
            "title",
            "Reverse Mentoring har allerede et programår som heter «2026–2027».",
        ),
        (
            {"weight_topics": "6"},
            "weight_topics",
            "Verdien må være mindre enn eller lik 5.",
        ),
    ],
)
def test_contradicting_input_names_the_field_and_saves_nothing(
    client, coordinator_cora, this_year, create_url, changes, field, message
):
    client.force_login(coordinator_cora.user)
    before = (list(Cohort.objects.values()), ActivityLog.objects.count())

    response = _post(client, create_url, **changes)

    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert (list(Cohort.objects.values()), ActivityLog.objects.count()) == before


def test_all_weights_zero_is_refused(client, coordinator_cora, create_url):
    client.force_login(coordinator_cora.user)
    zero = {f"weight_{n}": "0" for n in ("topics", "text", "values", "difference", "wishes")}

    response = _post(client, create_url, **zero)

    assert response.context["form"].non_field_errors() == [
        "Minst én vekt må være over 0, ellers ville alle par fått samme poengsum."
    ]
    assert Cohort.objects.count() == 0


def test_the_contact_must_coordinate_the_initiative(
    client, coordinator_cora, coordinator_olga, create_url
):
    client.force_login(coordinator_cora.user)

    response = _post(client, create_url, contact=str(coordinator_olga.user.pk))

    assert list(response.context["form"].errors) == ["contact"]
    assert Cohort.objects.count() == 0


def test_the_public_page_shows_the_contact_person(client, this_year, coordinator_cora):
    response = client.get(
        reverse("programs:cohort-detail", args=[this_year.code]), HTTP_ACCEPT_LANGUAGE="nb"
    )

    html = response.content.decode()
    assert "<h3>Kontaktperson</h3>" in html
    assert 'Cora Coord · <a href="mailto:cora@c.example">cora@c.example</a>' in html


def test_without_a_contact_the_public_page_names_nobody(client, this_year):
    this_year.contact = None
    this_year.save()

    html = client.get(reverse("programs:cohort-detail", args=[this_year.code])).content.decode()

    assert "cora@c.example" not in html


def test_a_new_year_is_offered_the_title_after_the_latest(client, coordinator_cora, this_year):
    client.force_login(coordinator_cora.user)

    response = client.get(reverse("coordination:cohort-create", args=[this_year.initiative.code]))

    form = response.context["form"]
    assert (form["title"].value(), form["contact"].value()) == ("2027–2028", None)


@pytest.fixture
def matched_year(reverse_initiative, coordinator_cora):
    """Matched (pairs published, 2 pairs told): kickoff Thursday 4 February 2027 with a
    joint kickoff gathering that evening, and a later gathering."""
    from brobygger.core.models import Mailing, SentEmail
    from brobygger.gatherings.models import Gathering
    from tests.coordination.conftest import at
    from tests.factories import CohortFactory

    cohort = CohortFactory(
        initiative=reverse_initiative,
        title="2027",
        status="published",
        applications_open_at=at(dt.date(2026, 10, 1), 9),
        applications_close_at=at(dt.date(2026, 11, 1), 23, 59),
        matching_on=dt.date(2026, 11, 20),
        kickoff_on=dt.date(2027, 2, 4),
        closing_on=dt.date(2027, 12, 2),
    )
    told = Mailing.objects.create(
        action="matching.publish_pairs", target=f"cohort:{cohort.code}", scope=str(cohort.code)
    )
    for address in ("anne@a.example", "bo@b.example", "eva@x.example", "tor@x.example"):
        SentEmail.objects.create(mailing=told, to=address, subject="Du er matchet")
    Mailing.objects.create(  # another year's publication: not counted
        action="matching.publish_pairs", target="cohort:other", scope="other", digest="x"
    ).emails.create(to="ola@x.example", subject="Du er matchet")
    for title, day in (
        ("Felles oppstart", dt.date(2027, 2, 4)),
        ("Vårsamling", dt.date(2027, 4, 8)),
    ):
        Gathering.objects.create(
            title=title, starts_at=at(day, 17), ends_at=at(day, 19), place="Bergen"
        ).cohorts.add(cohort)
    return cohort


def _matched_dates(kickoff):
    return {
        "title": "2027",
        "applications_open_at": "2026-10-01T09:00",
        "applications_close_at": "2026-11-01T23:59",
        "matching_on": "2026-11-20",
        "kickoff_on": kickoff,
        "closing_on": "2027-12-02",
    }


def _kickoff_notice(html):
    import re

    found = re.search(
        r'<section class="message message-warning kickoff-moved"[^>]*>(.*?)</section>', html, re.S
    )
    if found is None:
        return None
    text = re.sub(r"<[^>]+>", " ", found[1])
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', found[1])
    return " ".join(text.split()), links


def test_moving_a_matched_years_kickoff_says_who_was_told_and_what_stays_on_the_old_date(
    client, coordinator_cora, matched_year
):
    from brobygger.gatherings.models import Gathering

    client.force_login(coordinator_cora.user)
    url = reverse("coordination:cohort-edit", args=[matched_year.code])

    response = _post(client, url, **_matched_dates("2027-02-11"))

    assert response["Location"] == f"{url}?kickoff_was=2027-02-04"
    matched_year.refresh_from_db()
    assert matched_year.kickoff_on == dt.date(2027, 2, 11)
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="nb")
    kickoff = Gathering.objects.get(title="Felles oppstart")
    assert _kickoff_notice(page.content.decode()) == (
        "Oppstarten er flyttet fra 4. februar 2027 til 11. februar 2027 "
        "4 deltakere fikk vite den gamle datoen, 4. februar 2027, da parene ble publisert. "
        "Ingen har fått beskjed om endringen. "
        "Samlingen «Felles oppstart» er fortsatt 4. februar 2027. "
        "Endre «Felles oppstart» (du ser e-posten om endringen før den sendes) "
        "Skriv en melding til deltakerne",
        [
            (
                reverse("gatherings:coordinate-edit", args=[matched_year.code, kickoff.code]),
                "Endre «Felles oppstart»",
            ),
            (
                reverse("pairs:messages", args=[matched_year.code]),
                "Skriv en melding til deltakerne",
            ),
        ],
    )
    assert kickoff.starts_at.date() == dt.date(2027, 2, 4)  # nothing else moved


def test_saving_a_matched_year_without_moving_the_kickoff_warns_of_nothing(
    client, coordinator_cora, matched_year
):
    client.force_login(coordinator_cora.user)
    url = reverse("coordination:cohort-edit", args=[matched_year.code])

    response = _post(client, url, **_matched_dates("2027-02-04"))

    assert response["Location"] == url
    assert _kickoff_notice(client.get(url + "?kickoff_was=2027-02-04").content.decode()) is None


def test_moving_a_draft_years_kickoff_warns_of_nothing(client, coordinator_cora, matched_year):
    Cohort.objects.filter(pk=matched_year.pk).update(status="draft")
    client.force_login(coordinator_cora.user)
    url = reverse("coordination:cohort-edit", args=[matched_year.code])

    response = _post(client, url, **_matched_dates("2027-02-11"))

    assert response["Location"] == url
