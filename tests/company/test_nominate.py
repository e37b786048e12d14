"""Company contacts nominate pairs (a talent and a top leader from their company) to
executive shadowing. What the contact is told never depends on who exists; the nominees
confirm (and consent) or decline from their own link; only then are there applications;
the coordinator approves a confirmed pair and it becomes a pair."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from brobygger.applications.models import Application, Nomination, Nominee
from brobygger.applications.services.nominate import NomineeInput, nominate_pair
from brobygger.core.models import ActivityLog
from brobygger.pairs.models import Pair
from brobygger.people.models import CompanyContact, User
from tests.factories import ApplicationFactory, PersonFactory


def _url(cohort):
    return reverse("company:nominate", args=[cohort.code])


def _data(**overrides):
    data = {
        "talent_first_name": "Tiril",
        "talent_last_name": "Holm",
        "talent_email": "tiril@a.example",
        "talent_job_title": "Sikkerhetsanalytiker",
        "leader_first_name": "Lars",
        "leader_last_name": "Lie",
        "leader_email": "lars@a.example",
        "leader_job_title": "Konsernsjef",
        "reason": "Tiril skal lede et nytt område.",
        "wants_to_learn": "Hvordan beslutninger tas i ledergruppen.",
    }
    data.update(overrides)
    return data


def _nominate(client, contact, cohort, capture, **overrides):
    client.force_login(contact.user)
    with capture(execute=True):
        return client.post(_url(cohort), _data(**overrides))


def _answer(client, nominee, answer, capture, consent=True):
    client.logout()
    data = {"answer": answer}
    if consent:
        data["consent"] = "on"
    with capture(execute=True):
        return client.post(reverse("applications:nominee-answer", args=[nominee.code]), data)


def test_contact_nominates_a_pair_both_are_asked_and_nobody_gets_an_account(
    client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks
):
    users_before = User.objects.count()
    response = _nominate(client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks)
    assert response["Location"] == reverse("company:nominations")
    nomination = Nomination.objects.get()
    assert [(n.role, n.email, n.answer) for n in nomination.nominees.order_by("role")] == [
        ("mentee", "tiril@a.example", "pending"),
        ("mentor", "lars@a.example", "pending"),
    ]
    assert (nomination.status, nomination.company, nomination.nominated_by.person) == (
        "waiting",
        contact_hege.company,
        contact_hege,
    )
    assert Application.objects.count() == 0
    assert User.objects.count() == users_before
    assert sorted(m.to[0] for m in mail.outbox) == ["lars@a.example", "tiril@a.example"]
    tiril = next(m for m in mail.outbox if m.to == ["tiril@a.example"])
    talent = nomination.nominees.get(role="mentee")
    assert reverse("applications:nominee-answer", args=[talent.code]) in tiril.body
    assert "Hege Lunde" in tiril.body
    assert "Lars Lie" in tiril.body
    assert tiril.reply_to == ["cora@c.example"]
    assert tiril.subject == "Du er nominert til Executive Shadowing 2027 – bekreft"


@pytest.mark.parametrize("who", ["nobody", "applied_rejected", "other_company"])
def test_the_answer_is_the_same_whoever_exists(
    client, contact_hege, shadowing_cohort, company_b, who, django_capture_on_commit_callbacks
):
    """Issue 22, item 2: a colleague who applied, a person registered elsewhere or nobody:
    the same message, no account made, no error."""
    if who == "applied_rejected":
        ApplicationFactory(
            cohort=shadowing_cohort,
            role="mentee",
            decision="rejected",
            person=PersonFactory(user__email="tiril@a.example", company=contact_hege.company),
        )
    if who == "other_company":
        PersonFactory(user__email="tiril@a.example", company=company_b)
    users_before = User.objects.count()
    response = _nominate(client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks)
    page = client.get(response["Location"])
    assert [str(m) for m in page.context["messages"]] == [
        "Takk. Tiril Holm & Lars Lie får en e-post med spørsmål om å bekrefte nominasjonen."
    ]
    assert User.objects.count() == users_before
    assert Nomination.objects.get().status == "waiting"


def test_both_confirm_then_the_applications_are_made(
    client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks
):
    _nominate(client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks)
    nomination = Nomination.objects.get()
    talent, leader = nomination.nominees.get(role="mentee"), nomination.nominees.get(role="mentor")
    _answer(client, talent, "accept", django_capture_on_commit_callbacks)
    nomination.refresh_from_db()
    assert (nomination.status, Application.objects.count()) == ("waiting", 0)
    _answer(client, leader, "accept", django_capture_on_commit_callbacks)
    nomination.refresh_from_db()
    assert nomination.status == "confirmed"
    assert sorted(
        (a.role, a.person.user.email, a.status, a.source, a.person.company.name, a.person.job_title)
        for a in Application.objects.all()
    ) == [
        (
            "mentee",
            "tiril@a.example",
            "submitted",
            "nomination",
            "Nordlys Kraft AS",
            "Sikkerhetsanalytiker",
        ),
        ("mentor", "lars@a.example", "submitted", "nomination", "Nordlys Kraft AS", "Konsernsjef"),
    ]


def test_confirming_needs_consent(
    client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks
):
    _nominate(client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks)
    talent = Nominee.objects.get(role="mentee")
    response = _answer(client, talent, "accept", django_capture_on_commit_callbacks, consent=False)
    assert response.context["form"].errors["consent"] == [
        "Du må godta personvernerklæringen for å bekrefte."
    ]
    talent.refresh_from_db()
    assert talent.answer == "pending"


def test_a_nominee_who_declines_ends_the_nomination(
    client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks
):
    _nominate(client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks)
    talent, leader = Nominee.objects.get(role="mentee"), Nominee.objects.get(role="mentor")
    _answer(client, leader, "accept", django_capture_on_commit_callbacks)
    response = _answer(client, talent, "decline", django_capture_on_commit_callbacks, consent=False)
    page = client.get(response["Location"])
    assert "Du har takket nei til nominasjonen." in page.content.decode()
    assert Nomination.objects.get().status == "declined"
    assert Application.objects.count() == 0
    # a second answer changes nothing
    again = _answer(client, talent, "accept", django_capture_on_commit_callbacks)
    assert again.context["form"].non_field_errors() == [
        "Denne nominasjonen er allerede besvart eller trukket tilbake."
    ]


def test_someone_already_in_the_year_learns_it_herself_and_her_employer_sees_not_confirmed(
    client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks
):
    ApplicationFactory(
        cohort=shadowing_cohort,
        role="mentee",
        person=PersonFactory(user__email="tiril@a.example", company=contact_hege.company),
    )
    _nominate(client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks)
    talent = Nominee.objects.get(role="mentee")
    response = _answer(client, talent, "accept", django_capture_on_commit_callbacks)
    page = client.get(response["Location"])
    assert "Du er allerede med i Executive Shadowing 2027" in page.content.decode()
    assert Nomination.objects.get().status == "declined"
    assert Application.objects.filter(source="nomination").count() == 0
    client.force_login(contact_hege.user)
    listing = client.get(reverse("company:nominations")).content.decode()
    assert "Ikke bekreftet" in listing
    assert "allerede" not in listing


def test_a_person_nominated_twice_by_her_company_in_one_year_is_refused(
    client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks
):
    _nominate(client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks)
    response = _nominate(
        client,
        contact_hege,
        shadowing_cohort,
        django_capture_on_commit_callbacks,
        leader_email="lars2@a.example",
    )
    assert response.context["form"].errors["talent_email"] == [
        "Du har allerede nominert tiril@a.example til dette programåret."
    ]
    assert Nomination.objects.count() == 1
    assert Nominee.objects.count() == 2


def test_talent_and_leader_from_different_companies_are_refused(
    client, contact_hege, shadowing_cohort, mentor_bo, django_capture_on_commit_callbacks
):
    response = _nominate(
        client,
        contact_hege,
        shadowing_cohort,
        django_capture_on_commit_callbacks,
        leader_email="ola@b.example",
    )
    assert response.context["form"].errors["leader_email"] == [
        "b.example er et annet selskaps e-postdomene. Talentet og topplederen må begge "
        "jobbe i Nordlys Kraft AS."
    ]
    assert (Nomination.objects.count(), Nominee.objects.count(), len(mail.outbox)) == (0, 0, 0)


def test_a_private_address_needs_to_be_confirmed(
    client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks
):
    response = _nominate(
        client,
        contact_hege,
        shadowing_cohort,
        django_capture_on_commit_callbacks,
        talent_email="tiril.holm@gmail.com",
    )
    assert response.context["form"].errors["talent_email"] == [
        "tiril.holm@gmail.com er ikke på et e-postdomene vi kjenner for Nordlys Kraft AS. "
        "Bruk jobbadressen, eller kryss av for å bekrefte at denne adressen er riktig."
    ]
    assert Nomination.objects.count() == 0
    _nominate(
        client,
        contact_hege,
        shadowing_cohort,
        django_capture_on_commit_callbacks,
        talent_email="tiril.holm@gmail.com",
        talent_private_ok="on",
    )
    assert Nominee.objects.get(role="mentee").private_address_confirmed is True


def test_no_nomination_after_the_deadline(
    client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks
):
    shadowing_cohort.applications_close_at = timezone.now() - dt.timedelta(minutes=1)
    shadowing_cohort.save()
    response = _nominate(client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks)
    assert response.context["form"].non_field_errors() == [
        "Executive Shadowing 2027 tar ikke imot nominasjoner nå; ingenting ble lagret."
    ]
    assert (Nomination.objects.count(), len(mail.outbox)) == (0, 0)


def test_a_nomination_is_taken_at_the_moment_given_while_the_year_was_open(
    contact_hege, shadowing_cohort
):
    """``now``: when she nominates (the demo's story); the deadline is checked against it,
    not the clock."""
    opens = timezone.make_aware(dt.datetime(2020, 1, 6, 9))
    shadowing_cohort.applications_open_at = opens
    shadowing_cohort.applications_close_at = opens + dt.timedelta(days=26)
    shadowing_cohort.save()
    contact = CompanyContact.objects.get(person=contact_hege)
    talent = NomineeInput(
        first_name="Tiril", last_name="Holm", email="tiril@a.example", job_title="Analytiker"
    )

    def nominate(**when):
        return nominate_pair(
            contact=contact,
            cohort=shadowing_cohort,
            nominees={"mentee": talent},
            reason="Neste leder.",
            wants_to_learn="Strategi.",
            by=contact_hege.user,
            **when,
        )

    for when in ({}, {"now": shadowing_cohort.applications_close_at}):  # the clock; too late
        with pytest.raises(ValidationError) as refused:
            nominate(**when)
        assert refused.value.code == "closed"
    nomination = nominate(now=opens + dt.timedelta(days=14))
    assert list(Nomination.objects.values_list("pk", "status")) == [(nomination.pk, "waiting")]


def test_contact_edits_resends_and_withdraws_her_nomination(
    client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks
):
    _nominate(client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks)
    nomination = Nomination.objects.get()
    leader = nomination.nominees.get(role="mentor")
    _answer(client, leader, "accept", django_capture_on_commit_callbacks)
    client.force_login(contact_hege.user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("company:nomination-edit", args=[nomination.code]),
            _data(talent_email="tora@a.example", talent_first_name="Tora"),
        )
    assert sorted(
        (n.role, n.email, n.answer) for n in Nominee.objects.filter(nomination=nomination)
    ) == [("mentee", "tora@a.example", "pending"), ("mentor", "lars@a.example", "accepted")]
    assert [m.to for m in mail.outbox] == [["tora@a.example"]]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("company:nomination-resend", args=[nomination.code]))
    assert [m.to for m in mail.outbox] == [["tora@a.example"], ["tora@a.example"]]
    client.post(reverse("company:nomination-withdraw", args=[nomination.code]))
    nomination.refresh_from_db()
    assert nomination.status == "withdrawn"
    assert list(
        ActivityLog.objects.filter(action__startswith="nomination.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "nomination.create",
        "nomination.confirm",
        "nomination.update",
        "nomination.resend",
        "nomination.withdraw",
    ]


def test_another_companys_nomination_answers_404(
    client, contact_hege, contact_b, shadowing_cohort, django_capture_on_commit_callbacks
):
    _nominate(client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks)
    nomination = Nomination.objects.get()
    client.force_login(contact_b.user)
    assert client.get(reverse("company:nomination-edit", args=[nomination.code])).status_code == 404
    for action in ("company:nomination-withdraw", "company:nomination-resend"):
        assert client.post(reverse(action, args=[nomination.code])).status_code == 404
    nomination.refresh_from_db()
    assert nomination.status == "waiting"
    listing = client.get(reverse("company:nominations"))
    assert list(listing.context["pair_nominations"]) == []
    assert "Tiril" not in listing.content.decode()


@pytest.mark.parametrize("persona", ["mentee_anne", "outsider_dag", "coordinator_cora"])
def test_only_company_contacts_can_nominate(client, persona, request, shadowing_cohort):
    client.force_login(request.getfixturevalue(persona).user)
    assert client.get(reverse("company:nominations")).status_code == 404
    response = client.post(_url(shadowing_cohort), _data())
    assert response.status_code == 404
    assert Nomination.objects.count() == 0


def test_reverse_mentoring_takes_no_nominations(client, contact_hege, open_cohort):
    client.force_login(contact_hege.user)
    assert client.get(_url(open_cohort)).status_code == 404


def _confirmed(client, contact, cohort, capture):
    _nominate(client, contact, cohort, capture)
    for nominee in Nominee.objects.all():
        _answer(client, nominee, "accept", capture)
    return Nomination.objects.get()


def test_coordinator_sees_who_has_not_answered_and_approves_the_pair(
    client, contact_hege, coordinator_cora, shadowing_cohort, django_capture_on_commit_callbacks
):
    _nominate(client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks)
    _answer(
        client, Nominee.objects.get(role="mentee"), "accept", django_capture_on_commit_callbacks
    )
    client.force_login(coordinator_cora.user)
    review = client.get(reverse("applications:review-list", args=[shadowing_cohort.code]))
    assert reverse("matching:nominations", args=[shadowing_cohort.code]) in review.content.decode()
    page = client.get(reverse("matching:nominations", args=[shadowing_cohort.code]))
    assert [n.email for n in page.context["waiting"]] == ["lars@a.example"]
    _answer(
        client, Nominee.objects.get(role="mentor"), "accept", django_capture_on_commit_callbacks
    )
    nomination = Nomination.objects.get()
    client.force_login(coordinator_cora.user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("matching:nomination-approve", args=[shadowing_cohort.code, nomination.code])
        )
    pair = Pair.objects.get()
    assert (pair.mentee.user.email, pair.mentor.user.email, pair.status) == (
        "tiril@a.example",
        "lars@a.example",
        "active",
    )
    assert sorted(Application.objects.values_list("decision", flat=True)) == ["accepted"] * 2
    nomination.refresh_from_db()
    assert nomination.status == "approved"
    assert sorted(m.to[0] for m in mail.outbox) == ["lars@a.example", "tiril@a.example"]
    assert reverse("pairs:pair-detail", args=[pair.code]) in mail.outbox[0].body
    assert ActivityLog.objects.filter(action="matching.nominated_pair_approve").count() == 1
    # a second click changes nothing
    client.post(
        reverse("matching:nomination-approve", args=[shadowing_cohort.code, nomination.code])
    )
    assert Pair.objects.count() == 1


def test_coordinator_asks_the_company_to_change_a_nomination(
    client, contact_hege, coordinator_cora, shadowing_cohort, django_capture_on_commit_callbacks
):
    nomination = _confirmed(
        client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks
    )
    client.force_login(coordinator_cora.user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("matching:nomination-change", args=[shadowing_cohort.code, nomination.code]),
            {"message": "Lars er allerede vert for et annet par."},
        )
    nomination.refresh_from_db()
    assert (nomination.status, nomination.coordinator_message) == (
        "change_requested",
        "Lars er allerede vert for et annet par.",
    )
    assert [m.to for m in mail.outbox] == [["hege@a.example"]]
    assert "Lars er allerede vert for et annet par." in mail.outbox[0].body
    assert Pair.objects.count() == 0


def test_another_coordinator_cannot_approve(
    client, contact_hege, mentee_anne, shadowing_cohort, django_capture_on_commit_callbacks
):
    nomination = _confirmed(
        client, contact_hege, shadowing_cohort, django_capture_on_commit_callbacks
    )
    client.force_login(mentee_anne.user)
    url = reverse("matching:nomination-approve", args=[shadowing_cohort.code, nomination.code])
    assert client.post(url).status_code == 404
    assert Pair.objects.count() == 0
