"""Sending decisions: preview (count, list, each language's email), confirm, a send log.

The confirm is refused when the list changed since the preview; a double confirm sends one
set; while the application deadline has not passed she must say so explicitly.
"""

import datetime as dt
import threading

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from brobygger.applications.models import Application
from brobygger.applications.selectors.review import decision_mailing
from brobygger.applications.services.review import decide_application, release_decisions
from brobygger.core.mailings import MailingRefused
from brobygger.core.models import Mailing, SentEmail
from tests.factories import ApplicationFactory, CohortFactory, InitiativeFactory, PersonFactory

CHANGED = "The recipient list has changed since the preview. Review it and confirm again."
ACK = "I know the application deadline has not passed, send anyway"


@pytest.fixture
def bilingual_initiative(reverse_initiative):
    reverse_initiative.name = "Omvendt mentoring"
    reverse_initiative.name_en = "Reverse Mentoring"
    reverse_initiative.save()
    return reverse_initiative


@pytest.fixture
def decided(bilingual_initiative, open_cohort, mentee_anne, mentor_bo, coordinator_cora):
    """Anne (nb) accepted, Bo (en) rejected, both not sent yet; one undecided."""
    mentee_anne.user.language = "nb"
    mentee_anne.user.save()
    mentor_bo.user.language = "en"
    mentor_bo.user.save()
    anne = ApplicationFactory(cohort=open_cohort, person=mentee_anne, role="mentee")
    bo = ApplicationFactory(cohort=open_cohort, person=mentor_bo, role="mentor")
    ApplicationFactory(cohort=open_cohort)  # undecided: gets nothing
    by = coordinator_cora.user
    decide_application(application=anne, decision="accepted", reason="", by=by)
    decide_application(application=bo, decision="rejected", reason="Intern", by=by)
    return open_cohort


def _subjects(title):
    with translation.override("nb"):
        nb = gettext("You have a place in %(initiative)s %(title)s") % {
            "initiative": "Omvendt mentoring",
            "title": title,
        }
    return nb, f"Your application to Reverse Mentoring {title}"


def _url(cohort):
    return reverse("applications:review-release", args=[cohort.code])


def _as(client, person, language="en"):
    client.force_login(person.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_preview_shows_count_list_and_the_email_in_each_language(client, coordinator_cora, decided):
    response = _as(client, coordinator_cora).get(_url(decided))
    preview = response.context["preview"]
    nb_subject, en_subject = _subjects(decided.title)
    assert preview.plan.count == 2
    assert [(r.name, r.address, r.language) for r in preview.recipients] == [
        ("Anne Aas", "anne@a.example", "nb"),
        ("Bo Berg", "bo@b.example", "en"),
    ]
    assert [(s.recipient.address, s.subject) for s in preview.samples] == [
        ("anne@a.example", nb_subject),
        ("bo@b.example", en_subject),
    ]
    html = response.content.decode()
    assert "2 recipients" in html
    assert nb_subject in html
    assert en_subject in html
    assert "The application deadline" in html  # the window is still open
    assert mail.outbox == []
    assert (Mailing.objects.count(), SentEmail.objects.count()) == (0, 0)

    bo = preview.recipients[1]
    picked = client.get(_url(decided), {"recipient": bo.ref}).context["preview"]
    assert (picked.shown.recipient.address, picked.shown.subject) == ("bo@b.example", en_subject)
    assert picked.shown.body.startswith("Hi Bo,\n\nThank you for applying to Reverse Mentoring")


def test_confirm_sends_exactly_the_previewed_emails_and_shows_the_log(
    client, coordinator_cora, decided, django_capture_on_commit_callbacks
):
    _as(client, coordinator_cora)
    preview = client.get(_url(decided)).context["preview"]
    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(_url(decided), {"token": preview.token, "acknowledge": "on"})
    response = client.get(posted["Location"])
    sent = sorted((m.to[0], m.subject, m.body) for m in mail.outbox)
    assert sent == sorted((s.recipient.address, s.subject, s.body) for s in preview.samples)
    mailing = Mailing.objects.get()
    assert (mailing.action, mailing.recipient_count, mailing.created_by) == (
        "applications.release_decisions",
        2,
        coordinator_cora.user,
    )
    assert posted["Location"] == reverse(
        "applications:mailing-log", args=[decided.code, mailing.code]
    )
    log = [(e.to, e.sent_at is not None, e.failed_at) for e in response.context["emails"]]
    assert log == [("anne@a.example", True, None), ("bo@b.example", True, None)]
    assert next(iter(response.context["messages"])).message == "2 decision emails have been sent."
    released = Application.objects.filter(decision_released_at__isnull=False)
    assert sorted(a.person.user.email for a in released) == ["anne@a.example", "bo@b.example"]


def test_a_changed_list_is_refused_and_shown_again(
    client, coordinator_cora, decided, mentee_anne, django_capture_on_commit_callbacks
):
    _as(client, coordinator_cora)
    token = client.get(_url(decided)).context["preview"].token
    Application.objects.filter(person=mentee_anne).update(  # Anne withdrew meanwhile
        status="withdrawn", withdrawn_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(decided), {"token": token, "acknowledge": "on"})
    assert response.context["form"].non_field_errors() == [CHANGED]
    assert CHANGED in response.content.decode()
    preview = response.context["preview"]
    assert [r.address for r in preview.recipients] == ["bo@b.example"]
    assert preview.token != token
    assert f'value="{preview.token}"' in response.content.decode()
    assert mail.outbox == []
    assert (Mailing.objects.count(), SentEmail.objects.count()) == (0, 0)
    assert Application.objects.filter(decision_released_at__isnull=False).count() == 0


def test_a_changed_decision_is_refused(coordinator_cora, decided, mentor_bo):
    plan = decision_mailing(decided)
    bo = Application.objects.get(person=mentor_bo)
    decide_application(application=bo, decision="waitlisted", reason="", by=coordinator_cora.user)
    with pytest.raises(MailingRefused) as error, translation.override("en"):
        release_decisions(
            cohort=decided, token=plan.token, window_confirmed=True, by=coordinator_cora.user
        )
    assert error.value.messages == [CHANGED]
    assert SentEmail.objects.count() == 0


def test_the_preview_token_does_not_change_with_the_clock(decided):
    """The page shows the token and the confirm checks it: one preview, one token, whenever
    it is read (it was signed with the second it was read, and a page rendered across a
    second's edge carried another token than the one the preview was built with)."""
    moment = dt.datetime(2031, 3, 1, 9, 0, 0, 400_000, tzinfo=dt.UTC)
    plan = decision_mailing(decided)
    with time_machine.travel(moment, tick=False):
        first = plan.token
    with time_machine.travel(moment + dt.timedelta(seconds=1), tick=False):
        assert (plan.token, decision_mailing(decided).token) == (first, first)


def test_a_double_confirm_sends_one_set(
    client, coordinator_cora, decided, django_capture_on_commit_callbacks
):
    _as(client, coordinator_cora)
    token = client.get(_url(decided)).context["preview"].token
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(decided), {"token": token, "acknowledge": "on"})
        again = client.post(_url(decided), {"token": token, "acknowledge": "on"})
    assert again.context["form"].non_field_errors() == [
        "These emails have already been sent. See the send log."
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["anne@a.example", "bo@b.example"]
    assert (Mailing.objects.count(), SentEmail.objects.count()) == (1, 2)


def test_a_forged_token_is_refused(client, coordinator_cora, decided):
    response = _as(client, coordinator_cora).post(
        _url(decided), {"token": decision_mailing(decided).digest, "acknowledge": "on"}
    )
    assert response.context["form"].non_field_errors() == [CHANGED]
    assert SentEmail.objects.count() == 0


def test_while_the_window_is_open_she_must_tick_the_box(
    client, coordinator_cora, decided, django_capture_on_commit_callbacks
):
    _as(client, coordinator_cora)
    token = client.get(_url(decided)).context["preview"].token
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(decided), {"token": token})
    form = response.context["form"]
    assert form.errors == {"acknowledge": ["Tick this box to send anyway."]}
    assert form.fields["acknowledge"].label == ACK
    assert (mail.outbox, SentEmail.objects.count()) == ([], 0)
    with pytest.raises(ValidationError) as error, translation.override("en"):
        release_decisions(cohort=decided, token=token, by=coordinator_cora.user)
    assert error.value.messages == [
        "The application deadline has not passed yet. Confirm that you want to send the "
        "decisions anyway."
    ]
    assert SentEmail.objects.count() == 0


def test_after_the_deadline_no_box_is_needed(
    client, coordinator_cora, decided, django_capture_on_commit_callbacks
):
    with time_machine.travel(decided.applications_close_at + dt.timedelta(hours=1), tick=False):
        _as(client, coordinator_cora)
        response = client.get(_url(decided))
        assert "acknowledge" not in response.context["form"].fields
        assert "The application deadline" not in response.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(_url(decided), {"token": response.context["preview"].token})
    assert sorted(m.to[0] for m in mail.outbox) == ["anne@a.example", "bo@b.example"]


def test_closed_early_before_the_deadline_no_box_is_needed(
    client, coordinator_cora, decided, django_capture_on_commit_callbacks
):
    """She closed the period early (reviewing): nobody can apply any more, so the deadline
    still ahead is no reason to warn or to ask for a tick."""
    decided.status = "review"
    decided.save()
    before = decided.applications_close_at - dt.timedelta(days=3)
    with time_machine.travel(before, tick=False):
        _as(client, coordinator_cora)
        response = client.get(_url(decided))
        assert response.context["window_open"] is False
        assert "acknowledge" not in response.context["form"].fields
        assert "has not passed yet" not in response.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(_url(decided), {"token": response.context["preview"].token})
    assert sorted(m.to[0] for m in mail.outbox) == ["anne@a.example", "bo@b.example"]


def test_the_send_log_shows_what_failed(
    client, coordinator_cora, decided, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = {"default": {"BACKEND": "tests.mail_helpers.RefusingBackend"}}
    moment = timezone.make_aware(dt.datetime(2031, 3, 4, 10, 0))
    token = decision_mailing(decided).token
    with (
        time_machine.travel(moment, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        mailing = release_decisions(
            cohort=decided, token=token, window_confirmed=True, by=coordinator_cora.user
        )
    assert [m.to[0] for m in mail.outbox] == ["anne@a.example"]
    response = _as(client, coordinator_cora).get(
        reverse("applications:mailing-log", args=[decided.code, mailing.code])
    )
    rows = [(e.to, e.sent_at, e.failed_at, e.error) for e in response.context["emails"]]
    assert rows == [
        ("anne@a.example", moment, None, ""),
        (
            "bo@b.example",
            None,
            moment,
            "SMTPRecipientsRefused: {'bo@b.example': (550, b'5.1.1 Mailbox unavailable')}",
        ),
    ]
    html = response.content.decode()
    assert "Failed" in html
    assert "5.1.1 Mailbox unavailable" in html


@pytest.fixture
def other_coordinator(company_c):
    person = PersonFactory(
        user__email="olga@c.example", user__is_coordinator=True, company=company_c
    )
    InitiativeFactory(slug="mp", kind="classic", name="Mentorprogram").coordinators.add(person.user)
    return person


@pytest.mark.parametrize("persona", ["other_coordinator", "contact_hege", "mentee_anne"])
def test_only_the_cohorts_coordinators_preview_send_or_read_the_log(
    client, coordinator_cora, decided, persona, request, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mailing = release_decisions(
            cohort=decided,
            token=decision_mailing(decided).token,
            window_confirmed=True,
            by=coordinator_cora.user,
        )
    ApplicationFactory(cohort=decided, decision="accepted", decided_at=timezone.now())
    sent = len(mail.outbox)
    _as(client, request.getfixturevalue(persona))
    urls = [
        _url(decided),
        reverse("applications:mailing-list", args=[decided.code]),
        reverse("applications:mailing-log", args=[decided.code, mailing.code]),
    ]
    statuses = [client.get(url).status_code for url in urls]
    token = decision_mailing(decided).token
    statuses.append(client.post(_url(decided), {"token": token, "acknowledge": "on"}).status_code)
    assert statuses == [404, 404, 404, 404]
    assert (len(mail.outbox), Mailing.objects.count()) == (sent, 1)


def test_another_cohorts_mailing_is_not_in_this_cohorts_log(
    client, coordinator_cora, decided, reverse_initiative
):
    elsewhere = CohortFactory(initiative=reverse_initiative, title="2029")
    mailing = Mailing.objects.create(
        action="x", target="cohort:other", scope=str(elsewhere.code), digest="d"
    )
    _as(client, coordinator_cora)
    url = reverse("applications:mailing-log", args=[decided.code, mailing.code])
    assert client.get(url).status_code == 404
    listing = client.get(reverse("applications:mailing-list", args=[decided.code]))
    assert listing.context["mailings"] == []


@pytest.mark.parametrize("count", [1, 3])
def test_the_mailing_list_reads_in_constant_queries(
    client, coordinator_cora, decided, count, django_assert_num_queries
):
    for n in range(count):
        Mailing.objects.create(
            action="x",
            target=f"t{n}",
            scope=str(decided.code),
            digest="d",
            created_by=coordinator_cora.user,
            recipient_count=n,
        )
    _as(client, coordinator_cora)
    url = reverse("applications:mailing-list", args=[decided.code])
    with django_assert_num_queries(QUERIES):
        response = client.get(url)
    assert len(response.context["mailings"]) == count


QUERIES = 6


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_confirming_at_once_send_one_set(coordinator_cora, decided):
    token = decision_mailing(decided).token
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def confirm() -> None:
        client = Client()
        client.force_login(coordinator_cora.user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        try:
            barrier.wait()
            response = client.post(_url(decided), {"token": token, "acknowledge": "on"})
            if response.status_code == 302:
                outcomes.append("sent")
            else:
                outcomes.append(response.context["form"].non_field_errors()[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes) == ["These emails have already been sent. See the send log.", "sent"]
    assert (Mailing.objects.count(), SentEmail.objects.count()) == (1, 2)
    assert sorted(m.to[0] for m in mail.outbox) == ["anne@a.example", "bo@b.example"]
