"""The audit log: sign-ins, failed sign-ins, role changes; admins read it, others cannot."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse

from brobygger.core.models import ActivityLog
from brobygger.people.models import User
from brobygger.privacy.audit import email_fingerprint

pytestmark = pytest.mark.django_db


def test_sign_in_is_logged_with_ip(client, mentee_anne):
    client.post(
        reverse("account_login"),
        {"login": "anne@a.example", "password": "correct horse battery staple"},
        REMOTE_ADDR="192.0.2.10",
    )
    entry = ActivityLog.objects.get(action="auth.sign_in")
    assert (entry.actor, entry.actor_label, entry.ip_address) == (
        mentee_anne.user,
        "anne@a.example",
        "192.0.2.10",
    )


def test_failed_sign_in_keeps_no_address_or_password(client, mentee_anne):
    client.post(
        reverse("account_login"),
        {"login": "anne@a.example", "password": "wrong-secret-pw"},
        REMOTE_ADDR="192.0.2.11",
    )
    entry = ActivityLog.objects.get(action="auth.sign_in_failed")
    assert entry.data == {"email_hash": email_fingerprint("anne@a.example")}
    assert entry.ip_address == "192.0.2.11"
    assert entry.actor is None
    assert "wrong-secret-pw" not in str(entry.__dict__)
    assert "anne@a.example" not in str(entry.__dict__)


def test_role_changes_in_the_admin_are_logged(admin_ada, outsider_dag):
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.12")
    request.user = admin_ada.user
    user_admin = site._registry[User]
    user = outsider_dag.user
    user.is_staff = True
    user_admin.save_model(request, user, form=None, change=True)
    entry = ActivityLog.objects.get(action="user.role_change")
    assert (entry.actor, entry.target, entry.data, entry.ip_address) == (
        admin_ada.user,
        user,
        {"is_staff": [False, True]},
        "192.0.2.12",
    )

    class Form:
        instance = user

        def save_m2m(self):
            user.groups.add(Group.objects.get_or_create(name="Coordinators")[0])

    user_admin.save_related(request, Form(), formsets=[], change=True)
    entry = ActivityLog.objects.get(action="user.groups_change")
    assert entry.data == {"added": ["Coordinators"], "removed": []}


def test_audit_log_admin_is_for_network_admins_only(client, admin_ada, coordinator_cora):
    url = reverse("admin:core_activitylog_changelist")
    client.force_login(coordinator_cora.user)
    assert client.get(url).status_code == 404
    client.force_login(admin_ada.user)
    response = client.get(url, {"action": "auth.sign_in"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == list(
        ActivityLog.objects.filter(action="auth.sign_in")
    )
    register = client.get(reverse("admin:privacy_datasubjectrequest_changelist"))
    assert register.status_code == 200


def test_audit_log_is_read_only(client, admin_ada, mentee_anne):
    from brobygger.core.services import log_activity

    client.force_login(admin_ada.user)
    entry = log_activity(actor=mentee_anne.user, action="profile.update", target=mentee_anne)
    assert (
        client.post(
            reverse("admin:core_activitylog_delete", args=[entry.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert ActivityLog.objects.filter(pk=entry.pk).exists()


def test_wrong_sign_in_code_is_audited_without_the_code(
    client, mentee_anne, django_capture_on_commit_callbacks
):
    from brobygger.core.models import ActivityLog

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": "anne@a.example"})
    client.post(reverse("account_confirm_login_code"), {"code": "WRONG-CODE"})
    entry = ActivityLog.objects.get(action="auth.sign_in_failed")
    assert (entry.target_id, entry.data) == (
        str(mentee_anne.user.pk),
        {"method": "code", "last_attempt": False},
    )


def test_coordinator_assignment_is_audited(reverse_initiative, mentor_bo):
    from brobygger.core.models import ActivityLog

    reverse_initiative.coordinators.add(mentor_bo.user)
    reverse_initiative.coordinators.remove(mentor_bo.user)
    assert list(
        ActivityLog.objects.filter(action__startswith="role.coordinators")
        .order_by("id")
        .values_list("action", "data")
    ) == [
        ("role.coordinators_add", {"users": [mentor_bo.user.pk]}),
        ("role.coordinators_remove", {"users": [mentor_bo.user.pk]}),
    ]
