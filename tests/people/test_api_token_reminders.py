"""A week before a personal API token stops working, its owner gets one email, in her
language: which token, when, and where to make a new one. Nobody else's token is named."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from brobygger.core.models import ActivityLog
from brobygger.people.models import ApiToken
from brobygger.people.services import (
    create_api_token,
    revoke_api_token,
    send_api_token_expiry_reminders,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 2, 19, 8, 0, tzinfo=dt.UTC)


def _token(person, name: str, expires_in: dt.timedelta) -> ApiToken:  # type: ignore[no-untyped-def]
    token, _secret = create_api_token(user=person.user, name=name)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=NOW + expires_in)
    token.refresh_from_db()
    return token


def _send(django_capture_on_commit_callbacks) -> int:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        return send_api_token_expiry_reminders(now=NOW)


def test_the_owner_is_told_once_in_norwegian(
    mentee_anne, mentor_bo, django_capture_on_commit_callbacks
):
    token = _token(mentee_anne, "Lønnssystem", dt.timedelta(days=6, hours=4))
    _token(mentor_bo, "Bos regneark", dt.timedelta(days=30))  # not due: no email for Bo
    assert _send(django_capture_on_commit_callbacks) == 1
    (email,) = mail.outbox
    assert (email.to, email.subject) == (
        ["anne@a.example"],
        "API-nøkkelen din «Lønnssystem» slutter snart å virke",
    )
    assert email.body == (
        "Hei Anne,\n\n"
        f"API-nøkkelen din «Lønnssystem» (den begynner med {token.prefix}) slutter å virke "
        "25. februar 2027 kl. 13:00. Fra da av blir programmet som bruker den, avvist.\n\n"
        "Trenger programmet den fortsatt, lager du en ny nøkkel på profilsiden din, gir den "
        "til programmet og tilbakekaller den gamle:\n"
        "http://127.0.0.1:8000/profile/\n\n"
        "Bruker du ikke nøkkelen lenger, trenger du ikke gjøre noe.\n\n"
        "Vennlig hilsen Bølge – kvinner i tech (demo)\n"
    )
    assert "Bos regneark" not in email.body
    token.refresh_from_db()
    assert token.expiry_reminded_at == NOW
    entry = ActivityLog.objects.get(action="api_token.expiry_reminder")
    assert (entry.actor, entry.target, entry.data) == (
        None,
        token,
        {"prefix": token.prefix, "expires_at": "2027-02-25T12:00:00+00:00"},
    )
    # a second run, an hour later, sends nothing new
    with django_capture_on_commit_callbacks(execute=True):
        assert send_api_token_expiry_reminders(now=NOW + dt.timedelta(hours=1)) == 0
    assert len(mail.outbox) == 1


def test_in_english_for_someone_who_reads_english(mentor_bo, django_capture_on_commit_callbacks):
    mentor_bo.user.language = "en"
    mentor_bo.user.save()
    _token(mentor_bo, "Spreadsheet", dt.timedelta(days=1))
    _send(django_capture_on_commit_callbacks)
    (email,) = mail.outbox
    assert email.subject == "Your API token «Spreadsheet» stops working soon"
    assert "stops working on 20 February 2027 at 9 a.m." in email.body


def test_only_working_tokens_due_within_a_week_of_active_accounts(
    mentee_anne, mentor_bo, outsider_dag, django_capture_on_commit_callbacks
):
    _token(mentee_anne, "In eight days", dt.timedelta(days=8))
    _token(mentee_anne, "Already expired", -dt.timedelta(minutes=1))
    revoked = _token(mentee_anne, "Revoked", dt.timedelta(days=2))
    revoke_api_token(token=revoked, by=mentee_anne.user)
    _token(outsider_dag, "Inactive owner", dt.timedelta(days=2))
    outsider_dag.user.is_active = False
    outsider_dag.user.save()
    due = _token(mentor_bo, "Exactly a week", dt.timedelta(days=7))
    assert _send(django_capture_on_commit_callbacks) == 1
    assert [(m.to, due.name in m.subject) for m in mail.outbox] == [(["bo@b.example"], True)]


def test_the_command_reports_how_many(mentee_anne, capsys, django_capture_on_commit_callbacks):
    token, _secret = create_api_token(user=mentee_anne.user, name="Lønnssystem")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() + dt.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_api_token_reminders")
        call_command("send_api_token_reminders")
    assert capsys.readouterr().out == (
        "1 API token reminder(s) sent.\n0 API token reminder(s) sent.\n"
    )
    assert [m.to for m in mail.outbox] == [["anne@a.example"]]
