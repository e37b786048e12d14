"""After a company nominates a pair: the coordinator's approval checks the programme year's
rules (a broken rule needs a reason, as a hand-made pair does); a nominee who has not
answered gets one reminder; after the deadline the contact is told she can no longer change
the nomination; a nominee who declines is seen by the contact and the coordinator."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from brobygger.applications.models import Application, Nomination, Nominee
from brobygger.applications.services.nominate import send_nominee_reminders
from brobygger.core.models import ActivityLog
from brobygger.pairs.models import Pair
from brobygger.people.models import Person
from tests.company.test_nominate import _answer, _confirmed, _nominate


def _approve_url(nomination):
    return reverse("matching:nomination-approve", args=[nomination.cohort.code, nomination.code])


def _profiles(talent_experience, leader_experience):
    Person.objects.filter(user__email="tiril@a.example").update(
        birth_year=1995, years_experience=talent_experience, languages=["nb"]
    )
    Person.objects.filter(user__email="lars@a.example").update(
        birth_year=1970, years_experience=leader_experience, languages=["nb", "en"]
    )


def test_a_pair_that_breaks_the_gap_rule_needs_a_reason_then_is_approved(
    client, contact_hege, coordinator_cora, shadowing_cohort, django_capture_on_commit_callbacks
):
    nomination = _confirmed(
        client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks
    )
    _profiles(talent_experience=6, leader_experience=8)  # 2 years apart, 5 needed
    client.force_login(coordinator_cora.user)
    page = client.post(_approve_url(nomination))
    assert page.status_code == 200
    assert page.context["override_for"] == nomination.code
    assert page.context["broken"] == ["bryter regelen om alders- eller erfaringsforskjell"]
    assert "Dette paret bryter en regel for programåret:" in page.content.decode()
    assert (Pair.objects.count(), nomination.status) == (0, "confirmed")
    assert list(Application.objects.values_list("decision", flat=True)) == ["pending"] * 2
    # the reason field left empty: told what and where, nothing changes
    key = f"{nomination.code}-override_reason"
    page = client.post(_approve_url(nomination), {key: "  "})
    assert page.context["override_form"].errors["override_reason"] == [
        "Skriv hvorfor du godkjenner paret likevel."
    ]
    assert Pair.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_approve_url(nomination), {key: "Lars er ny i ledergruppen."})
    assert response.status_code == 302
    pair = Pair.objects.get()
    assert (pair.mentee.user.email, pair.mentor.user.email) == ("tiril@a.example", "lars@a.example")
    override = ActivityLog.objects.get(action="matching.override")
    assert (override.data["broken"], override.data["reason"]) == (
        ["bryter regelen om alders- eller erfaringsforskjell"],
        "Lars er ny i ledergruppen.",
    )


def test_a_pair_that_keeps_the_rules_is_approved_at_once(
    client, contact_hege, coordinator_cora, shadowing_cohort, django_capture_on_commit_callbacks
):
    nomination = _confirmed(
        client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks
    )
    _profiles(talent_experience=3, leader_experience=20)
    client.force_login(coordinator_cora.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_approve_url(nomination))
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Tiril Holm & Lars Lie er nå et par og har fått e-post."
    ]
    assert Pair.objects.count() == 1
    assert not ActivityLog.objects.filter(action="matching.override").exists()


def test_a_pair_whose_profiles_lack_data_is_approved_with_a_note(
    client, contact_hege, coordinator_cora, shadowing_cohort, django_capture_on_commit_callbacks
):
    nomination = _confirmed(
        client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks
    )
    client.force_login(coordinator_cora.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_approve_url(nomination))
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Tiril Holm & Lars Lie er nå et par og har fått e-post.",
        "Noen av reglene for programåret kunne ikke sjekkes for dette paret: "
        "Tiril Holm: profilen mangler fødselsår; Lars Lie: profilen mangler fødselsår.",
    ]
    assert Pair.objects.count() == 1


def test_another_coordinator_cannot_approve_with_a_reason_either(
    client, contact_hege, mentor_bo, shadowing_cohort, django_capture_on_commit_callbacks
):
    nomination = _confirmed(
        client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks
    )
    client.force_login(mentor_bo.user)
    key = f"{nomination.code}-override_reason"
    assert client.post(_approve_url(nomination), {key: "Fordi."}).status_code == 404
    assert client.get(
        reverse("matching:nominations", args=[nomination.cohort.code])
    ).status_code == (404)
    assert Pair.objects.count() == 0


def test_a_nominee_who_has_not_answered_is_reminded_once(
    client, contact_hege, coordinator_cora, shadowing_cohort, django_capture_on_commit_callbacks
):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _nominate(client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks)
    leader = Nominee.objects.get(role="mentor")
    _answer(client, leader, "accept", django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        early = send_nominee_reminders(now=start + dt.timedelta(days=4))
    assert (early, mail.outbox) == (0, [])
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_nominee_reminders(now=start + dt.timedelta(days=6))
    assert sent == 1
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["tiril@a.example"], "Påminnelse: Du er nominert til Executive Shadowing 2027")
    ]
    talent = Nominee.objects.get(role="mentee")
    assert reverse("applications:nominee-answer", args=[talent.code]) in mail.outbox[0].body
    assert "som talent" in mail.outbox[0].body
    assert talent.reminded_at == start + dt.timedelta(days=6)
    # once per nominee
    with django_capture_on_commit_callbacks(execute=True):
        again = send_nominee_reminders(now=start + dt.timedelta(days=12))
    assert (again, len(mail.outbox)) == (0, 1)
    # the coordinator sees that she was reminded
    client.force_login(coordinator_cora.user)
    page = client.get(reverse("matching:nominations", args=[shadowing_cohort.code]))
    assert [n.email for n in page.context["waiting"]] == ["tiril@a.example"]
    assert "påminnet" in page.content.decode()


def test_no_reminder_after_the_deadline(
    client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks
):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _nominate(client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    after = shadowing_cohort.applications_close_at + dt.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_nominee_reminders(now=after) == 0
    assert mail.outbox == []


def test_the_next_automatic_emails_preview_the_reminder(
    client,
    contact_hege,
    coordinator_cora,
    mentor_bo,
    shadowing_cohort,
    django_capture_on_commit_callbacks,
):
    start = timezone.now() - dt.timedelta(days=6)
    with time_machine.travel(start, tick=False):
        _nominate(client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    url = reverse(
        "applications:scheduled-preview",
        args=[shadowing_cohort.code, "applications.remind_nominees"],
    )
    client.force_login(coordinator_cora.user)
    preview = client.get(url)
    assert preview.status_code == 200
    assert sorted(e.address for e in preview.context["preview"].plan.emails) == [
        "lars@a.example",
        "tiril@a.example",
    ]
    assert mail.outbox == []  # a preview sends nothing
    client.force_login(mentor_bo.user)
    assert client.get(url).status_code == 404


def test_after_the_deadline_the_contact_is_told_she_can_no_longer_change_it(
    client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks
):
    _nominate(client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks)
    nomination = Nomination.objects.get()
    shadowing_cohort.applications_close_at = timezone.now() - dt.timedelta(minutes=1)
    shadowing_cohort.save()
    response = client.get(reverse("company:nomination-edit", args=[nomination.code]))
    assert response["Location"] == reverse("company:nominations")
    assert [str(m) for m in get_messages(response.wsgi_request)][-1:] == [
        "Fristen for å nominere til Executive Shadowing 2027 har gått ut, så nominasjonen kan "
        "ikke lenger endres. Skriv til koordinatoren hvis noe er feil."
    ]
    listing = client.get(reverse("company:nominations")).content.decode()
    assert "Fristen har gått ut: nominasjonen kan ikke lenger endres." in listing
    assert reverse("company:nomination-resend", args=[nomination.code]) not in listing


@pytest.mark.parametrize("who", ["contact", "coordinator"])
def test_a_declined_nomination_is_seen_and_nothing_is_half_made(
    who,
    client,
    contact_hege,
    coordinator_cora,
    shadowing_cohort,
    django_capture_on_commit_callbacks,
):
    _nominate(client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks)
    _answer(
        client, Nominee.objects.get(role="mentee"), "accept", django_capture_on_commit_callbacks
    )
    _answer(
        client, Nominee.objects.get(role="mentor"), "decline", django_capture_on_commit_callbacks
    )
    assert (Application.objects.count(), Pair.objects.count()) == (0, 0)
    if who == "contact":
        client.force_login(contact_hege.user)
        page = client.get(reverse("company:nominations"))
        (nomination,) = page.context["pair_nominations"]
    else:
        client.force_login(coordinator_cora.user)
        page = client.get(reverse("matching:nominations", args=[shadowing_cohort.code]))
        (nomination,) = page.context["nominations"]
    assert (nomination.status, sorted(n.answer for n in nomination.nominees.all())) == (
        "declined",
        ["accepted", "declined"],
    )
    assert "Takket nei" in page.content.decode()


def test_the_command_reminds_and_says_how_many(
    client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks
):
    with time_machine.travel(timezone.now() - dt.timedelta(days=6), tick=False):
        _nominate(client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_nominees", stdout=out)
    assert out.getvalue() == "2 nominee(s) reminded.\n"
    assert Nominee.objects.filter(reminded_at__isnull=False).count() == 2
