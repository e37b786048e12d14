"""Issue 14: the pair space names the programme year's contact person, and the pair's
emails are signed with her."""

import datetime as dt

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from brobygger.pairs.services.meetings import propose_meeting


def test_the_pair_space_names_the_contact_person(en, pair, mentee_anne, coordinator_cora):
    pair.cohort.contact = coordinator_cora.user
    pair.cohort.save()
    en.force_login(mentee_anne.user)
    html = en.get(reverse("pairs:pair-detail", args=[pair.code])).content.decode()
    assert (
        '<p class="coordinator-contact-title"><strong>Questions? Contact the coordinator'
        "</strong></p>\n  <p>Cora Coord · "
        '<a href="mailto:cora@c.example">cora@c.example</a></p>'
    ) in html


def test_without_a_contact_person_the_pair_space_names_nobody(en, pair, mentee_anne):
    en.force_login(mentee_anne.user)
    html = en.get(reverse("pairs:pair-detail", args=[pair.code])).content.decode()
    assert "coordinator-contact" not in html


def test_a_meeting_proposal_is_signed_with_the_contact_person(
    pair, mentee_anne, mentor_bo, coordinator_cora, django_capture_on_commit_callbacks
):
    pair.cohort.contact = coordinator_cora.user
    pair.cohort.save()
    mentor_bo.user.language = "en"
    mentor_bo.user.save()
    starts = timezone.now() + dt.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        propose_meeting(
            pair=pair,
            by=mentee_anne,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=1),
            place="Kafé Bryggen",
        )
    assert [m.to for m in mail.outbox] == [["bo@b.example"]]
    assert mail.outbox[0].body.endswith(
        "Best regards, Bølge – kvinner i tech (demo)\n"
        "Questions? Write to Cora Coord, cora@c.example\n"
    )
