"""Erasure completeness: plant a unique value in every personal field of one person, erase
her, then scan every column of every table (and the export directory) for it: zero hits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from brobygger.core.models import ActivityLog
from brobygger.core.privacy_registry import providers
from brobygger.pairs.models import Pair
from brobygger.privacy.models import DataSubjectRequest
from brobygger.privacy.services import erase_person
from tests.privacy.planting import IP, PLANTERS, plant_everything
from tests.privacy.scan import database_hits, export_files

TAG = "zqxplant7"

pytestmark = pytest.mark.django_db


def test_every_provider_has_a_planter():
    assert sorted(p.app_label for p in providers() if p.app_label not in PLANTERS) == []


def test_planting_reaches_every_kind_of_table(mentee_anne):
    plant_everything(mentee_anne, TAG)
    hits = {hit.split(".")[0].split(":")[0] for hit in database_hits(TAG)}
    assert {
        "people_user",
        "people_person",
        "account_emailaddress",
        "mfa_authenticator",
        "applications_answer",
        "applications_application",
        "applications_review",
        "core_activitylog",
        "core_sentemail",
        "django_session",
    } <= hits
    assert len(export_files()) == 1


def test_erasure_leaves_no_trace(mentee_anne, mentor_bo, django_capture_on_commit_callbacks):
    plant_everything(mentee_anne, TAG)
    earlier = set(ActivityLog.objects.values_list("pk", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        erase_person(person=mentee_anne, by=mentee_anne.user)

    assert database_hits(TAG) == []
    assert export_files() == []
    assert list(ActivityLog.objects.filter(ip_address=IP)) == []
    # Redacted, not deleted: every earlier entry is still there, plus the erasure's own and
    # its consequence (her open proposal withdrawn).
    assert earlier <= set(ActivityLog.objects.values_list("pk", flat=True))
    assert sorted(ActivityLog.objects.exclude(pk__in=earlier).values_list("action", flat=True)) == [
        "matching.proposal_withdraw",
        "privacy.erase",
    ]
    mentee_anne.refresh_from_db()
    with translation.override("en"):
        assert mentee_anne.name == "Former participant"
    assert mentee_anne.user.is_active is False
    assert mentee_anne.user.has_usable_password() is False
    request = DataSubjectRequest.objects.get(kind="erasure")
    assert (request.person, request.status) == (mentee_anne, "done")


def test_task_results_hold_no_personal_data(
    mentee_anne, settings, django_capture_on_commit_callbacks
):
    """With the database task backend, queued email tasks carry the email's id only."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        plant_everything(mentee_anne, TAG)
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.count() >= 2
    assert [h for h in database_hits(TAG) if h.startswith("django_tasks")] == []
    erase_person(person=mentee_anne, by=None)
    assert database_hits(TAG) == []


def test_former_partner_keeps_the_pair(
    client,
    mentee_anne,
    mentor_bo,
    coordinator_cora,
    reverse_initiative,
    django_capture_on_commit_callbacks,
):
    from tests.factories import CohortFactory

    cohort = CohortFactory(initiative=reverse_initiative, status="running")
    pair = Pair.objects.create(
        cohort=cohort, mentor=mentor_bo, mentee=mentee_anne, published_at=timezone.now()
    )
    plant_everything(mentee_anne, TAG)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        erase_person(person=mentee_anne, by=mentee_anne.user)

    client.force_login(mentor_bo.user)
    response = client.get(reverse("pairs:pair-detail", args=[pair.code]), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Former participant" in html
    assert TAG not in html
    # The pair ends: her partner and the coordinator are told, without the erased name.
    assert [m.to for m in mail.outbox] == [["bo@b.example"], ["cora@c.example"]]
    assert "Bo Berg" in mail.outbox[1].body
    assert [TAG in m.body + m.subject for m in mail.outbox] == [False, False]


def test_erasing_twice_is_refused(mentee_anne):
    from django.core.exceptions import ValidationError

    erase_person(person=mentee_anne, by=None)
    with pytest.raises(ValidationError):
        erase_person(person=mentee_anne, by=None)


def test_a_long_finished_export_link_is_gone_after_erasure(mentee_anne):
    plant_everything(mentee_anne, TAG)
    erase_person(person=mentee_anne, by=None)
    assert (
        list(DataSubjectRequest.objects.filter(kind="export").exclude(token="").values("token"))
        == []
    )
    assert dt  # keeps the import used in type hints of future tests
