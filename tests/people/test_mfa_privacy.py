"""Two-factor authenticators and privacy: the export says which are on, never a secret (a
passkey by its name, never its credential); erasure removes them; the administration shows who
has them, never their secrets, and a network admin's removal (lost phone and codes) is
audited."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from fido2.utils import websafe_encode
from tests.mfa_helpers import add_passkey, recovery_codes, turn_on_totp

from brobygger.core.models import ActivityLog
from brobygger.privacy.exports import collect
from brobygger.privacy.services import erase_person

pytestmark = pytest.mark.django_db


def test_export_says_two_factor_is_on_without_secrets(mentee_anne):
    secret = turn_on_totp(mentee_anne.user)
    codes = recovery_codes(mentee_anne.user)
    document = collect(mentee_anne)
    rows = document["tables"]["mfa.Authenticator"]
    assert [(row["type"], row["data"]) for row in rows] == [
        ("totp", "[withheld: a secret that signs in]"),
        ("recovery_codes", "[withheld: a secret that signs in]"),
    ]
    text = json.dumps(document)
    assert secret not in text
    assert not any(code in text for code in codes)
    encrypted = [
        value
        for a in Authenticator.objects.filter(user=mentee_anne.user)
        for value in a.data.values()
        if isinstance(value, str)
    ]
    assert len(encrypted) == 2
    assert not any(value in text for value in encrypted)


def test_export_without_two_factor_has_no_rows(mentee_anne):
    assert collect(mentee_anne)["tables"]["mfa.Authenticator"] == []


def test_erasure_removes_the_authenticators(mentee_anne, mentor_bo):
    turn_on_totp(mentee_anne.user)
    turn_on_totp(mentor_bo.user)
    erase_person(person=mentee_anne, by=None)
    assert list(Authenticator.objects.values_list("user", flat=True).distinct()) == [
        mentor_bo.user.pk
    ]


def test_admin_lists_authenticators_without_secrets(client, admin_ada, mentee_anne):
    turn_on_totp(mentee_anne.user)
    totp = Authenticator.objects.get(user=mentee_anne.user, type="totp")
    client.force_login(admin_ada.user)
    listing = client.get(reverse("admin:mfa_authenticator_changelist"))
    assert set(listing.context["cl"].result_list) == set(Authenticator.objects.all())
    page = client.get(reverse("admin:mfa_authenticator_change", args=[totp.pk]))
    assert page.status_code == 200
    assert totp.data["secret"] not in page.content.decode()
    assert 'name="data"' not in page.content.decode()
    assert client.get(reverse("admin:mfa_authenticator_add")).status_code == 403


def test_coordinators_cannot_see_authenticators(client, coordinator_cora):
    client.force_login(coordinator_cora.user)
    assert client.get(reverse("admin:mfa_authenticator_changelist")).status_code == 404


def test_admin_removal_is_audited_and_takes_the_recovery_codes(client, admin_ada, mentee_anne):
    turn_on_totp(mentee_anne.user)
    totp = Authenticator.objects.get(user=mentee_anne.user, type="totp")
    client.force_login(admin_ada.user)
    response = client.post(
        reverse("admin:mfa_authenticator_delete", args=[totp.pk]),
        {"post": "yes"},
        REMOTE_ADDR="192.0.2.40",
    )
    assert response.status_code == 302
    assert list(Authenticator.objects.filter(user=mentee_anne.user)) == []
    entry = ActivityLog.objects.get(action="auth.mfa_removed_by_admin")
    assert (entry.actor, entry.target, entry.data, entry.ip_address) == (
        admin_ada.user,
        mentee_anne.user,
        {"type": "totp"},
        "192.0.2.40",
    )


def test_admin_bulk_removal(client, admin_ada, mentee_anne, mentor_bo):
    turn_on_totp(mentee_anne.user)
    turn_on_totp(mentor_bo.user)
    client.force_login(admin_ada.user)
    selected = list(Authenticator.objects.filter(type="totp").values_list("pk", flat=True))
    client.post(
        reverse("admin:mfa_authenticator_changelist"),
        {"action": "delete_selected", "_selected_action": selected, "post": "yes"},
    )
    assert Authenticator.objects.count() == 0
    assert ActivityLog.objects.filter(action="auth.mfa_removed_by_admin").count() == 2


def test_export_lists_passkeys_by_name_without_their_credential(mentee_anne):
    passkey, phone = add_passkey(mentee_anne.user, name="Annes iPhone")
    Authenticator.objects.filter(pk=passkey.pk).update(
        created_at=dt.datetime(2025, 3, 26, 9, 0, tzinfo=dt.UTC),
        last_used_at=dt.datetime(2025, 4, 2, 8, 15, tzinfo=dt.UTC),
    )
    document = collect(mentee_anne)
    assert document["tables"]["mfa.Authenticator"] == [
        {
            "type": "webauthn",
            "created_at": "2025-03-26T09:00:00+00:00",
            "last_used_at": "2025-04-02T08:15:00+00:00",
            "name": "Annes iPhone",
        }
    ]
    text = json.dumps(document)
    credential = passkey.data["credential"]
    for value in (
        credential["id"],
        credential["response"]["attestationObject"],
        credential["response"]["clientDataJSON"],
        websafe_encode(phone.credential_id),
    ):
        assert value not in text


def test_erasure_removes_her_passkeys_and_no_one_elses(mentee_anne, mentor_bo):
    add_passkey(mentee_anne.user)
    add_passkey(mentee_anne.user, name="Mac")
    add_passkey(mentor_bo.user)
    report = erase_person(person=mentee_anne, by=None)
    assert list(Authenticator.objects.values_list("user", "type")) == [
        (mentor_bo.user.pk, "webauthn")
    ]
    assert collect(mentor_bo)["tables"]["mfa.Authenticator"][0]["name"] == "iPhone"
    assert report.summary["mfa.Authenticator"] == 2
