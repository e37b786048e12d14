"""A member of an active pair deletes her account: the pair ends, kindly, and nothing of
her is left on her partner's page or offered to anyone."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from brobygger.core.models import ActivityLog
from brobygger.gatherings.selectors import invitees_of, participants_of
from brobygger.pairs.selectors.messages import recipients
from brobygger.pairs.services.coordination import end_pair_early
from brobygger.privacy.services import erase_person
from tests.pairs.helpers import gathering, make_pair, meeting, running_cohort, signed_agreement

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 2, 10, 13, 0, tzinfo=ZoneInfo("Europe/Oslo"))


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def erased(pair, mentee_anne, mentor_bo, coordinator_cora, django_capture_on_commit_callbacks):
    """Anne deletes her account; Bo reads English, Cora Norwegian."""
    mentor_bo.user.language = "en"
    mentor_bo.user.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        erase_person(person=mentee_anne, by=mentee_anne.user)
    pair.refresh_from_db()
    return pair


def test_her_active_pair_ends_and_her_partner_and_coordinator_are_told(
    pair, mentee_anne, mentor_bo, coordinator_cora, django_capture_on_commit_callbacks
):
    upcoming = meeting(pair, days=3)
    mentor_bo.user.language = "en"
    mentor_bo.user.save()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        erase_person(person=mentee_anne, by=mentee_anne.user)

    pair.refresh_from_db()
    upcoming.refresh_from_db()
    assert (pair.status, pair.ended_at, pair.end_reason) == (
        "ended_early",
        NOW,
        "En deltaker gikk ut av programmet.",  # the network's language; no name in it
    )
    assert upcoming.status == "declined"
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["bo@b.example"], "Your pair has ended"),
        (["cora@c.example"], "En deltaker i 2026–2027 har slettet kontoen sin"),
    ]
    to_bo, to_cora = (m.body for m in mail.outbox)
    assert (
        "Your partner in Reverse Mentoring 2026–2027 has left the programme, so your pair has "
        "ended. Planned meetings are called off." in to_bo
    )
    assert ("Anne" in to_bo, "erased" in to_bo) == (False, False)
    assert "Paret med Bo Berg er derfor avsluttet" in to_cora
    assert reverse("pairs:health", args=[pair.cohort.code]) in to_cora
    assert "Anne" not in to_cora
    ended = ActivityLog.objects.get(action="pair.end_early")
    assert (ended.actor, ended.data) == (
        None,
        {
            "meetings_called_off": 1,
            "left": "mentee",
            "category": "left",
            # Bo stays: he is offered a new partner in the next round
            "mentee_after_end": "leave",
            "mentor_after_end": "next_round",
        },
    )
    assert "Anne" not in ended.target_repr


def test_her_partners_page_has_no_address_and_nothing_left_to_plan(en, erased, mentor_bo):
    en.force_login(mentor_bo.user)
    html = en.get(reverse("pairs:pair-detail", args=[erased.code])).content.decode()
    partner = html[html.index('id="partner-heading"') :]
    partner = partner[: partner.index("Conversation guide")]  # the coordinator's comes after
    assert "mailto:" not in partner
    assert "erased.invalid" not in html
    assert "Former participant" in html
    assert "Your partner has left the programme." in html
    assert '<span class="badge">Ended early</span>' in html
    assert "This pair has ended, so no new meetings can be planned." in html
    for offer in ("Write the agreement", "Propose a meeting", "Propose a change"):
        assert offer not in html


def test_her_partners_page_says_what_was_removed_instead_of_empty_rows(
    en, pair, mentee_anne, mentor_bo, django_capture_on_commit_callbacks
):
    signed_agreement(pair, goals=["Bli tryggere på KI"])
    with django_capture_on_commit_callbacks(execute=True):
        erase_person(person=mentee_anne, by=mentee_anne.user)
    en.force_login(mentor_bo.user)
    html = en.get(reverse("pairs:pair-detail", args=[pair.code])).content.decode()
    agreement = re.search(r'<ol class="agreement-goals">(.*?)</ol>', html, re.S)
    assert agreement is not None
    removed = '<span class="muted">(removed when a participant left)</span>'
    assert agreement.group(1) == f"<li>{removed}</li>"
    assert f"<dt>How often you meet</dt><dd>{removed}</dd>" in html
    assert f'<th scope="row">{removed}</th>' in html
    assert "Bli tryggere" not in html


def test_the_coordinator_sees_the_pair_ended_with_nothing_to_do(en, erased, coordinator_cora):
    en.force_login(coordinator_cora.user)
    html = en.get(reverse("pairs:health", args=[erased.cohort.code])).content.decode()
    row = re.search(rf'id="pair-{erased.code}">(.*?)</tr>', html, re.S)
    assert row is not None
    assert "Former participant &amp; Bo Berg" in row.group(1)
    assert '<span class="badge">Ended early</span>' in row.group(1)
    assert "Healthy" not in row.group(1)
    assert "End early" not in row.group(1)
    with pytest.raises(ValidationError) as error:
        end_pair_early(pair=erased, reason="Hun sluttet", by=coordinator_cora.user)
    assert error.value.messages == ["Only an active pair can be ended."]


def test_she_is_nobodys_invitee_or_recipient(
    reverse_initiative, mentee_anne, mentor_bo, django_capture_on_commit_callbacks
):
    """Even where her pair was completed (not ended by her leaving), she is not listed."""
    cohort = running_cohort(reverse_initiative)
    pair = make_pair(cohort, mentee_anne, mentor_bo, status="completed")
    closing = gathering([cohort])
    assert list(participants_of([cohort])) == [mentee_anne, mentor_bo]

    with django_capture_on_commit_callbacks(execute=True):
        erase_person(person=mentee_anne, by=None)

    pair.refresh_from_db()
    assert list(participants_of([cohort])) == [mentor_bo]
    assert list(invitees_of(closing)) == [mentor_bo]
    assert recipients(cohorts=[cohort], audience="everyone") == [mentor_bo]
    assert recipients(cohorts=[cohort], audience="role", role="mentee") == []
    assert recipients(cohorts=[cohort], audience="pair", pair=pair) == [mentor_bo]
