"""Signing in with a one-time code: no password needed, no account enumeration."""

import re

import pytest
from django.core import mail
from django.urls import reverse

CODE_LINE = r"^\s*[A-Z0-9]{4}-[A-Z0-9]{4}\s*$"
REQUEST = reverse("account_request_login_code")
CONFIRM = reverse("account_confirm_login_code")


@pytest.fixture
def request_code(client, django_capture_on_commit_callbacks):
    """Ask for a code; the email goes out on commit, as in production."""

    def ask(email: str):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(REQUEST, {"email": email})

    return ask


def _code_from_outbox() -> str:
    body = mail.outbox[-1].body
    match = re.search(CODE_LINE, body, re.MULTILINE)
    assert match, body
    return match.group(0).strip()


def test_code_signs_in_without_password(client, request_code, mentee_anne):
    response = request_code("anne@a.example")
    assert response.status_code == 302
    assert response["Location"] == CONFIRM
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anne@a.example"]
    response = client.post(CONFIRM, {"code": _code_from_outbox()})
    assert response.status_code == 302
    assert client.get(reverse("people:profile-edit")).context["user"] == mentee_anne.user


def test_wrong_code_is_refused(client, request_code, mentee_anne):
    request_code("anne@a.example")
    response = client.post(CONFIRM, {"code": "WRONG1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].errors == {"code": ["Incorrect code."]}
    assert "_auth_user_id" not in client.session


def test_code_cannot_be_reused(client, request_code, mentee_anne):
    request_code("anne@a.example")
    code = _code_from_outbox()
    client.post(CONFIRM, {"code": code})
    client.logout()
    response = client.post(CONFIRM, {"code": code})
    assert "_auth_user_id" not in client.session
    assert (response.status_code, response["Location"]) == (302, REQUEST)


def test_too_many_wrong_codes_end_the_attempt(client, request_code, mentee_anne):
    request_code("anne@a.example")
    code = _code_from_outbox()
    for _ in range(3):
        client.post(CONFIRM, {"code": "WRONG1"})
    response = client.post(CONFIRM, {"code": code})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302  # the pending login is gone; back to start


@pytest.mark.django_db
def test_unknown_email_looks_the_same_as_a_known_one(
    client, django_capture_on_commit_callbacks, mentee_anne
):
    from django.test import Client

    with django_capture_on_commit_callbacks(execute=True):
        known = Client().post(REQUEST, {"email": "anne@a.example"})
        other = Client().post(REQUEST, {"email": "nobody@nowhere.example"})
    assert (known.status_code, known["Location"]) == (other.status_code, other["Location"])
    # The stranger is told there is no account there; only the real account gets a code.
    assert [m.to for m in mail.outbox] == [["anne@a.example"], ["nobody@nowhere.example"]]
    assert re.search(CODE_LINE, mail.outbox[0].body, re.MULTILINE)
    assert not re.search(CODE_LINE, mail.outbox[1].body, re.MULTILINE)


def test_expired_code_is_refused(client, request_code, mentee_anne, time_machine):
    time_machine.move_to("2026-11-28 10:00 +0100")
    request_code("anne@a.example")
    code = _code_from_outbox()
    time_machine.move_to("2026-11-28 10:16 +0100")
    response = client.post(CONFIRM, {"code": code})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
