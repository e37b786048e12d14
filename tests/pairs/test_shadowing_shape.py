"""Executive shadowing has its own shape and its own words: the pair page shows the talent's
goal, the shadowing days and the leader's reflection instead of the agreement, meetings,
conversation guide and goal ratings; the health page counts shadowing days; the nudges about
meetings and the agreement are not sent; and the talent's reflection on a day is seen by
nobody else: not the leader, the company contact, the coordinator or a report."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from brobygger.pairs.models import ShadowingDay, ShadowingPlan
from brobygger.pairs.selectors.health import pair_health, pairs_in_cohort
from brobygger.pairs.services.reminders import send_due_reminders
from brobygger.people.models import CompanyContact
from tests.factories import InitiativeFactory, PersonFactory
from tests.pairs.helpers import make_pair, running_cohort

#: the talent's private reflection: it must never leave her own view
REFLECTION_SECRET = "SKJELL-REFLEKSJON-4471"
WHAT_HAPPENED = "Fulgte Lars i styremøtet om ny strategi."
ROLE_WORDS = re.compile(r"\b[Mm]ent(?:or|ee)\w*")


@pytest.fixture
def shadowing_initiative(db, coordinator_cora):
    initiative = InitiativeFactory(slug="skygge", kind="shadowing", name="Executive Shadowing")
    initiative.coordinators.add(coordinator_cora.user)
    return initiative


@pytest.fixture
def shadowing_pair(shadowing_initiative, company_a):
    cohort = running_cohort(shadowing_initiative)
    talent = PersonFactory(
        user__first_name="Tiril", user__email="tiril@a.example", company=company_a
    )
    leader = PersonFactory(user__first_name="Lars", user__email="lars@a.example", company=company_a)
    pair = make_pair(cohort, talent, leader)
    ShadowingDay.objects.create(
        pair=pair,
        date=timezone.localdate() - dt.timedelta(days=3),
        what_happened=WHAT_HAPPENED,
        reflection=REFLECTION_SECRET,
    )
    ShadowingPlan.objects.create(pair=pair, talent_goal="Forstå hvordan ledergruppen prioriterer.")
    return pair


def _text(response) -> str:
    """The page's visible text (no tags, attributes or scripts)."""
    html = response.content.decode()
    html = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_talent_sees_goal_days_and_her_reflection_and_no_mentoring_cards(
    client, shadowing_pair
):
    client.force_login(shadowing_pair.mentee.user)
    response = client.get(reverse("pairs:pair-detail", args=[shadowing_pair.code]))
    text = _text(response)
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", response.content.decode())
    assert headings == ["Partneren din", "Mål og refleksjon", "Skyggedager"]
    assert "Forstå hvordan ledergruppen prioriterer." in text
    assert WHAT_HAPPENED in text
    assert REFLECTION_SECRET in text
    assert "Samtaleguide" not in text
    assert ROLE_WORDS.findall(text) == []
    assert reverse("pairs:meeting-new", args=[shadowing_pair.code]) not in response.content.decode()
    assert reverse("pairs:shadowing-day-new", args=[shadowing_pair.code]) in (
        response.content.decode()
    )


def test_a_mentoring_pair_keeps_its_agreement_meetings_and_guide(client, pair):
    client.force_login(pair.mentee.user)
    response = client.get(reverse("pairs:pair-detail", args=[pair.code]))
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", response.content.decode())
    assert headings[:4] == ["Partneren din", "Avtalen deres", "Møter", "Mål og fremgang"]
    assert "Samtaleguide" in _text(response)


def test_the_leader_sees_the_days_but_not_the_talents_reflection(client, shadowing_pair):
    client.force_login(shadowing_pair.mentor.user)
    response = client.get(reverse("pairs:pair-detail", args=[shadowing_pair.code]))
    text = _text(response)
    assert WHAT_HAPPENED in text
    assert REFLECTION_SECRET not in text
    assert reverse("pairs:shadowing-day-new", args=[shadowing_pair.code]) not in (
        response.content.decode()
    )
    assert "Skriv refleksjonen din" in text


def test_another_companys_people_get_404_on_the_shadowing_pair(
    client, shadowing_pair, mentor_bo, outsider_dag
):
    for person in (mentor_bo, outsider_dag):
        client.force_login(person.user)
        for name in ("pairs:pair-detail", "pairs:shadowing-day-new", "pairs:shadowing-text"):
            assert client.get(reverse(name, args=[shadowing_pair.code])).status_code == 404


def test_nobody_but_the_talent_sees_her_reflection(
    client, shadowing_pair, coordinator_cora, contact_hege
):
    cohort = shadowing_pair.cohort
    # her company's contact: her participants page, its CSV and the company report
    client.force_login(contact_hege.user)
    for url in (
        reverse("company:participants"),
        reverse("company:participants-export"),
        reverse("surveys:company-reports"),
        reverse("surveys:company-report", args=[cohort.code]),
        reverse("pairs:pair-detail", args=[shadowing_pair.code]),
    ):
        response = client.get(url)
        assert REFLECTION_SECRET not in response.content.decode(), url
    # the coordinator: health, messages, the report and its export, ending the pair
    client.force_login(coordinator_cora.user)
    urls = [
        reverse("pairs:health", args=[cohort.code]),
        reverse("pairs:pair-message", args=[cohort.code, shadowing_pair.code]),
        reverse("pairs:pair-end", args=[cohort.code, shadowing_pair.code]),
        reverse("pairs:messages", args=[cohort.code]),
        reverse("surveys:report", args=[cohort.code]),
        reverse("surveys:report-export", args=[cohort.code, "csv"]),
        reverse("pairs:pair-detail", args=[shadowing_pair.code]),
    ]
    seen = {url: client.get(url) for url in urls}
    assert {url: r.status_code for url, r in seen.items()} == {
        **dict.fromkeys(urls[:-1], 200),
        urls[-1]: 404,
    }
    for url, response in seen.items():
        assert REFLECTION_SECRET not in response.content.decode(), url
        assert WHAT_HAPPENED not in response.content.decode(), url


def test_the_health_page_counts_shadowing_days_in_shadowing_words(
    client, shadowing_pair, coordinator_cora
):
    client.force_login(coordinator_cora.user)
    response = client.get(reverse("pairs:health", args=[shadowing_pair.cohort.code]))
    (row,) = response.context["rows"]
    assert (row.shadowing_days, row.last_shadowing_day, row.risks) == (
        1,
        timezone.localdate() - dt.timedelta(days=3),
        [],
    )
    text = _text(response)
    assert "Skyggedager" in text
    assert "Ikke signert" not in text
    assert ROLE_WORDS.findall(text) == []


def test_a_shadowing_pair_without_days_for_five_weeks_is_at_risk(client, shadowing_pair):
    ShadowingDay.objects.update(date=timezone.localdate() - dt.timedelta(weeks=6))
    (row,) = pair_health(pairs_in_cohort(shadowing_pair.cohort))
    assert row.risks == ["Ingen skyggedag ført de siste fem ukene"]


def test_shadowing_pairs_get_no_nudges_about_meetings_or_the_agreement(
    shadowing_pair, django_capture_on_commit_callbacks
):
    # published long ago, never a meeting: a mentoring pair would be nudged as quiet
    shadowing_pair.published_at = timezone.now() - dt.timedelta(weeks=20)
    shadowing_pair.save(update_fields=["published_at"])
    with django_capture_on_commit_callbacks(execute=True):
        counts = send_due_reminders()
    assert (counts["pair_quiet"], counts["agreement_unsigned"]) == (0, 0)
    assert mail.outbox == []


def test_the_contacts_participants_csv_says_talent_and_top_leader(
    client, shadowing_pair, contact_hege
):
    assert CompanyContact.objects.filter(person=contact_hege).exists()
    client.force_login(contact_hege.user)
    body = client.get(reverse("company:participants-export")).content.decode("utf-8-sig")
    header, *rows = [line.split(";") for line in body.splitlines()]
    role = header.index("Rolle")
    assert sorted(row[role] for row in rows if "Executive Shadowing" in ";".join(row)) == [
        "Talent",
        "Toppleder",
    ]


def test_the_mentoring_pages_answer_404_for_a_shadowing_pair(client, shadowing_pair, pair):
    for person in (shadowing_pair.mentee, shadowing_pair.mentor):
        client.force_login(person.user)
        for name in ("pairs:agreement-edit", "pairs:meeting-new"):
            url = reverse(name, args=[shadowing_pair.code])
            assert client.get(url).status_code == 404, url
        sign = client.post(reverse("pairs:agreement-sign", args=[shadowing_pair.code]))
        assert sign.status_code == 404
    # a mentoring pair keeps them
    client.force_login(pair.mentee.user)
    assert client.get(reverse("pairs:meeting-new", args=[pair.code])).status_code == 200
    assert client.get(reverse("pairs:agreement-edit", args=[pair.code])).status_code == 200
