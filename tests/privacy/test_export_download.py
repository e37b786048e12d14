"""Export requests: built by a task, offered by a link that works once, 24 hours, owner only."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from brobygger.core.models import ActivityLog
from brobygger.privacy.models import DataSubjectRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(client, mentee_anne, django_capture_on_commit_callbacks):
    client.force_login(mentee_anne.user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:export-request"), REMOTE_ADDR="198.51.100.4")
    assert response.url == reverse("privacy:overview")
    (message,) = mail.outbox
    assert message.to == ["anne@a.example"]
    return re.search(r"https?://\S+(/account/privacy/export/\S+/)", message.body).group(1)


def test_owner_downloads_once(client, link, mentee_anne):
    response = client.get(link)
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert response["Content-Type"] == "application/zip"
    assert "anne@a.example" in archive.read("data.json").decode()
    assert client.get(link).status_code == 404  # replay
    request = DataSubjectRequest.objects.get()
    assert (request.status, request.token) == ("downloaded", "")
    actions = list(
        ActivityLog.objects.filter(action__startswith="privacy.export").values_list(
            "action", "ip_address"
        )
    )
    assert sorted(actions) == [
        ("privacy.export_download", "127.0.0.1"),
        ("privacy.export_request", "198.51.100.4"),
    ]


def test_other_user_gets_404(client, link, mentor_bo, admin_ada):
    for user in (mentor_bo.user, admin_ada.user):
        client.force_login(user)
        assert client.get(link).status_code == 404
    assert DataSubjectRequest.objects.get().status == "ready"


def test_anonymous_is_sent_to_sign_in(client, link):
    client.logout()
    response = client.get(link)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_link_expires_after_24_hours(client, link):
    with time_machine.travel(timezone.now() + dt.timedelta(hours=24, minutes=1)):
        assert client.get(link).status_code == 404
    with time_machine.travel(timezone.now() + dt.timedelta(hours=23)):
        assert client.get(link).status_code == 200


def test_wrong_token_gets_404(client, link):
    assert client.get(link.rsplit("/", 2)[0] + "/wrong/").status_code == 404


def test_overview_lists_the_ready_export(client, link):
    response = client.get(reverse("privacy:overview"), HTTP_ACCEPT_LANGUAGE="en")
    assert link in response.content.decode()


def test_a_double_click_gets_the_file_once_and_then_the_used_link_page(client, link, mentee_anne):
    """The second click passed the link check while the first was being served: it waits
    for the first, then finds the link used (a 404 page, not a 500 for the deleted file)."""
    from brobygger.privacy.selectors import get_export_for
    from brobygger.privacy.services import download_export

    code, token = link.rstrip("/").split("/")[-2:]
    first_click = get_export_for(mentee_anne.user, code, token)
    second_click = get_export_for(mentee_anne.user, code, token)

    content = download_export(request=first_click, by=mentee_anne.user)
    assert "anne@a.example" in zipfile.ZipFile(io.BytesIO(content)).read("data.json").decode()
    assert download_export(request=second_click, by=mentee_anne.user) is None
    assert ActivityLog.objects.filter(action="privacy.export_download").count() == 1
