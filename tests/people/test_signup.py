"""Signing up verifies the email address with an emailed code before the account is used."""

import re

from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse


def test_signup_verifies_the_email_by_code(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "email": "ny.deltaker@example.org",
                "password1": "en-lang-og-sikker-frase",
                "password2": "en-lang-og-sikker-frase",
            },
        )
    assert response["Location"] == reverse("account_email_verification_sent")
    address = EmailAddress.objects.get(email="ny.deltaker@example.org")
    assert address.verified is False
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.M)
    assert code, mail.outbox[-1].body
    client.post(reverse("account_email_verification_sent"), {"code": code.group(1)})
    address.refresh_from_db()
    assert address.verified is True


def test_wrong_verification_code_verifies_nothing(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "email": "ny.deltaker@example.org",
                "password1": "en-lang-og-sikker-frase",
                "password2": "en-lang-og-sikker-frase",
            },
        )
    response = client.post(reverse("account_email_verification_sent"), {"code": "XXXXXX"})
    assert list(response.context["form"].errors) == ["code"]
    assert EmailAddress.objects.get(email="ny.deltaker@example.org").verified is False
