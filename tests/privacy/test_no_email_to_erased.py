"""Nothing is ever sent to an erased address, whoever the caller: the one email service in
core drops it, and no other code hands an email to the mail server."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

import brobygger
from brobygger.core.emails import send_templated_email
from brobygger.core.models import SentEmail
from brobygger.core.services import deliver, send_email_on_commit
from brobygger.pairs.emails import notify
from brobygger.pairs.tasks import send_meeting_invitation
from brobygger.privacy.services import erase_person
from tests.pairs.helpers import make_pair, meeting, running_cohort

pytestmark = pytest.mark.django_db

SRC = Path(brobygger.__file__).parent
SENDS = re.compile(r"\.send\(\)|(?<!def )\b(send_mail|send_mass_mail|mail_admins|mail_managers)\(")


@pytest.fixture
def gone(mentee_anne):
    erase_person(person=mentee_anne, by=None)
    mentee_anne.refresh_from_db()
    return mentee_anne


def test_the_email_service_sends_nothing_to_an_erased_address(
    gone, django_capture_on_commit_callbacks
):
    address = gone.user.email
    assert address.endswith("@erased.invalid")
    mail.outbox.clear()
    last = SentEmail.objects.order_by("pk").values_list("pk", flat=True).last() or 0

    with django_capture_on_commit_callbacks(execute=True):
        send_templated_email(
            to=address,
            template_prefix="pairs/email/pair_ended",
            context={"name": "", "cohort": None},
            language="en",
        )
        notify(gone, "pair_ended", {"cohort": None})
        send_email_on_commit(to=[address, "bo@b.example"], subject="Hei", body="Hei")

    assert [m.to for m in mail.outbox] == [["bo@b.example"]]
    assert list(SentEmail.objects.filter(pk__gt=last).values_list("to", flat=True)) == [
        "bo@b.example"
    ]
    message = EmailMultiAlternatives(
        subject="Hei", body="Hei", to=[address], cc=[address.upper()], bcc=[f" {address}"]
    )
    assert deliver(message) == 0
    assert len(mail.outbox) == 1


def test_a_meeting_invitation_to_an_erased_member_is_not_sent(reverse_initiative, gone, mentor_bo):
    pair = make_pair(running_cohort(reverse_initiative), gone, mentor_bo, status="ended_early")
    planned = meeting(pair, days=2)
    mail.outbox.clear()

    assert send_meeting_invitation.call(meeting_id=planned.pk, person_id=gone.pk) == 0
    assert send_meeting_invitation.call(meeting_id=planned.pk, person_id=mentor_bo.pk) == 1
    assert [m.to for m in mail.outbox] == [["bo@b.example"]]


def test_a_sign_in_code_is_not_sent_to_an_erased_address(
    client, gone, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": gone.user.email})
    assert mail.outbox == []


def test_only_the_email_service_hands_email_to_the_mail_server():
    senders = sorted(
        (str(path.relative_to(SRC)), line.strip())
        for path in SRC.rglob("*.py")
        for line in path.read_text().splitlines()
        if SENDS.search(line)
    )
    assert senders == [("core/services.py", "return message.send()")]
