"""The decisions preview shows each decision kind and language present (one sample each,
from core's one preview), a decision column, and where replies go; the emails carry that
Reply-To (the programme year's contact person, else the coordinator who sends them)."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse

from brobygger.applications.services.review import decide_application
from brobygger.core.models import Mailing
from brobygger.programs.selectors import reply_address
from tests.factories import ApplicationFactory, PersonFactory, UserFactory

NOW = dt.datetime(2027, 1, 20, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def decided(frozen, open_cohort, mentee_anne, mentor_bo, coordinator_cora):
    """Anne (nb) accepted, Bo (en) accepted, Guri (nb) waitlisted, Per (en) not offered."""
    mentee_anne.user.language = "nb"
    mentee_anne.user.save()
    mentor_bo.user.language = "en"
    mentor_bo.user.save()
    guri = PersonFactory(
        user__first_name="Guri", user__last_name="Gran", user__email="guri@g.example"
    )
    per = PersonFactory(user__first_name="Per", user__last_name="Pil", user__email="per@p.example")
    per.user.language = "en"
    per.user.save()
    by = coordinator_cora.user
    for person, role, decision in (
        (mentee_anne, "mentee", "accepted"),
        (mentor_bo, "mentor", "accepted"),
        (guri, "mentee", "waitlisted"),
        (per, "mentor", "rejected"),
    ):
        application = ApplicationFactory(cohort=open_cohort, person=person, role=role)
        decide_application(application=application, decision=decision, reason="", by=by)
    return open_cohort


def _url(cohort):
    return reverse("applications:review-release", args=[cohort.code])


def test_one_sample_per_decision_and_language_and_a_decision_column(
    client, coordinator_cora, decided
):
    client.force_login(coordinator_cora.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    response = client.get(_url(decided))
    preview = response.context["preview"]

    assert [
        (s.recipient.address, str(s.recipient.label), s.recipient.language) for s in preview.samples
    ] == [
        ("anne@a.example", "Tatt opp", "nb"),
        ("bo@b.example", "Tatt opp", "en"),
        ("guri@g.example", "På venteliste", "nb"),
        ("per@p.example", "Avslått", "en"),
    ]
    assert [s.recipient.template_prefix for s in preview.samples] == [
        "applications/email/decision_accepted",
        "applications/email/decision_accepted",
        "applications/email/decision_waitlisted",
        "applications/email/decision_rejected",
    ]
    html = response.content.decode()
    assert '<th scope="col">Vedtak</th>' in html
    assert "<td>På venteliste</td>" in html
    assert "Én mottaker per vedtak og språk" in html
    assert "Til Anne Aas, på norsk bokmål" in html
    assert "Til Bo Berg, på engelsk" in html
    assert f"Svar går til {coordinator_cora.user.email}" in html


def test_the_emails_and_the_send_log_carry_the_contact_persons_reply_to(
    client, coordinator_cora, decided, django_capture_on_commit_callbacks
):
    kari = UserFactory(email="kari@bolge.example", first_name="Kari")
    decided.initiative.coordinators.add(kari)
    decided.contact = kari
    decided.save()
    client.force_login(coordinator_cora.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    preview = client.get(_url(decided)).context["preview"]
    assert preview.plan.reply_to == "kari@bolge.example"

    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(_url(decided), {"token": preview.token, "acknowledge": "on"})
    assert sorted((m.to[0], m.reply_to) for m in mail.outbox) == [
        ("anne@a.example", ["kari@bolge.example"]),
        ("bo@b.example", ["kari@bolge.example"]),
        ("guri@g.example", ["kari@bolge.example"]),
        ("per@p.example", ["kari@bolge.example"]),
    ]
    log = client.get(posted["Location"])
    assert log.context["reply_to"] == ["kari@bolge.example"]
    assert "Replies go to kari@bolge.example" in log.content.decode()
    assert Mailing.objects.get().recipient_count == 4


def test_reply_address_is_the_contact_else_the_sender_else_the_first_coordinator(
    frozen, open_cohort, coordinator_cora
):
    initiative = open_cohort.initiative
    zara = UserFactory(email="zara@z.example", first_name="Zara")
    initiative.coordinators.add(zara)
    sender = UserFactory(email="sender@s.example")
    assert reply_address(open_cohort, sender) == "sender@s.example"
    assert reply_address(open_cohort) == coordinator_cora.user.email  # the first coordinator
    open_cohort.contact = zara
    open_cohort.save()
    assert reply_address(open_cohort, sender) == "zara@z.example"
    zara.is_active = False
    zara.save()
    assert reply_address(open_cohort, sender) == "sender@s.example"
