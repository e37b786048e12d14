"""Proposals and publishing go plan → preview → confirm → one batch (core.mailings)."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from brobygger.core.models import Mailing, SentEmail
from brobygger.matching.models import Proposal, ProposalSide
from brobygger.matching.selectors.runs import latest_done_run
from brobygger.matching.services.constraints import forbid_pair
from brobygger.pairs.models import Pair
from brobygger.people.models import User

from .helpers import link_of, links_in_outbox, run, send
from .test_permissions import other_coordinator  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db

SENIORS = ["anne@a.example", "eva@x.example", "kari@x.example", "liv@x.example"]
YOUNGER = ["bo@b.example", "ola@x.example", "siri@x.example", "tor@x.example"]


@pytest.fixture
def cora_client(client, coordinator_cora):
    client.force_login(coordinator_cora.user)
    return client


@pytest.fixture
def matched(review_cohort, cohort_people):
    """A done run; Kari reads her emails in English, the others in Norwegian."""
    User.objects.filter(email__in=[*SENIORS, *YOUNGER]).update(language="nb")
    User.objects.filter(email="kari@x.example").update(language="en")
    run(review_cohort)
    review_cohort.refresh_from_db()
    mail.outbox.clear()
    return review_cohort


def _url(cohort, name="matching:proposal-send"):
    return reverse(name, args=[cohort.code])


def _approve_all():
    browser = Client()
    for role in ("mentee", "mentor"):
        for side in ProposalSide.objects.filter(role=role):
            browser.post(link_of(side), {"answer": "approved"})


def test_the_preview_lists_exactly_the_seniors_asked_now_in_their_language(cora_client, matched):
    response = cora_client.get(_url(matched))

    preview = response.context["preview"]
    assert preview.plan.count == 4
    assert sorted(r.address for r in preview.recipients) == SENIORS  # the senior first
    assert {c.recipient.language: c.subject for c in preview.samples} == {
        "nb": "En foreslått match for deg i Reverse Mentoring",
        "en": "A proposed match for you in Reverse Mentoring",
    }
    html = response.content.decode()
    assert "4 recipients" in html
    for address in SENIORS:
        assert address in html
    for address in YOUNGER:
        assert address not in html  # asked when the senior approves, not now
    assert Proposal.objects.count() == 0
    assert mail.outbox == []

    kari = next(r for r in preview.recipients if r.address == "kari@x.example")
    picked = cora_client.get(_url(matched), {"recipient": kari.ref}).context["preview"]
    assert (picked.shown.recipient.address, picked.shown.subject) == (
        "kari@x.example",
        "A proposed match for you in Reverse Mentoring",
    )


def test_confirm_sends_exactly_the_previewed_emails_and_shows_the_send_log(
    cora_client, matched, django_capture_on_commit_callbacks
):
    token = cora_client.get(_url(matched)).context["preview"].token

    with django_capture_on_commit_callbacks(execute=True):
        response = cora_client.post(_url(matched), {"token": token}, follow=True)

    mailing = Mailing.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "applications:mailing-log", args=[matched.code, mailing.code]
    )
    assert sorted(m.to[0] for m in mail.outbox) == SENIORS
    assert sorted(e.to for e in SentEmail.objects.filter(mailing=mailing)) == SENIORS
    assert [str(m) for m in response.context["messages"]] == ["4 proposal emails have been sent."]
    assert Proposal.objects.count() == 4
    links = links_in_outbox()
    asked = ProposalSide.objects.filter(asked_at__isnull=False)
    assert links == {s.person.user.email: link_of(s) for s in asked}  # the real links
    assert ProposalSide.objects.filter(asked_at__isnull=True).count() == 4


def test_a_list_changed_since_the_preview_is_refused_and_the_new_list_shown(
    cora_client, matched, django_capture_on_commit_callbacks
):
    token = cora_client.get(_url(matched)).context["preview"].token
    User.objects.filter(email="kari@x.example").update(email="kari.new@x.example")

    with django_capture_on_commit_callbacks(execute=True):
        response = cora_client.post(_url(matched), {"token": token})

    assert (Proposal.objects.count(), Mailing.objects.count(), mail.outbox) == (0, 0, [])
    assert response.context["form"].non_field_errors() == [
        "The recipient list has changed since the preview. Review it and confirm again."
    ]
    preview = response.context["preview"]
    assert "kari.new@x.example" in [r.address for r in preview.recipients]
    assert preview.token != token
    assert f'value="{preview.token}"' in response.content.decode()


def test_a_pair_forbidden_after_the_preview_is_refused_as_stale(
    cora_client, matched, cohort_people, django_capture_on_commit_callbacks
):
    """Forbidding a previewed pair changes the list and makes the run stale: nothing is
    sent, and the matching page asks her to run the matching again."""
    preview = cora_client.get(_url(matched)).context["preview"]
    anne = next(r for r in preview.recipients if r.address == "anne@a.example")
    assert anne.context["partner_name"]
    proposal_pair = latest_done_run(matched).result["pairs"]
    mentee = cohort_people["anne"]
    mentor_code = next(p["mentor"] for p in proposal_pair if p["mentee"] == str(mentee.code))
    mentor = next(a for a in cohort_people.values() if str(a.code) == mentor_code)
    forbid_pair(cohort=matched, mentee=mentee, mentor=mentor, by=None)

    with django_capture_on_commit_callbacks(execute=True):
        response = cora_client.post(_url(matched), {"token": preview.token}, follow=True)

    assert (Proposal.objects.count(), Mailing.objects.count(), mail.outbox) == (0, 0, [])
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("The matching changed after the last run")
    assert response.request["PATH_INFO"] == reverse("matching:cohort", args=[matched.code])
    assert "Run matching again" in response.content.decode()


def test_a_double_confirm_sends_one_set(cora_client, matched, django_capture_on_commit_callbacks):
    token = cora_client.get(_url(matched)).context["preview"].token

    with django_capture_on_commit_callbacks(execute=True):
        cora_client.post(_url(matched), {"token": token})
    with django_capture_on_commit_callbacks(execute=True):
        second = cora_client.post(_url(matched), {"token": token})

    assert len(mail.outbox) == 4
    assert (Mailing.objects.count(), Proposal.objects.count()) == (1, 4)
    assert second.context["form"].non_field_errors() == [
        "These emails have already been sent. See the send log."
    ]


def test_the_publish_preview_lists_both_people_and_says_what_becomes_visible(
    cora_client, matched, django_capture_on_commit_callbacks
):
    send(matched)
    _approve_all()
    mail.outbox.clear()

    response = cora_client.get(_url(matched, "matching:publish"))

    preview = response.context["preview"]
    assert sorted(r.address for r in preview.recipients) == sorted([*SENIORS, *YOUNGER])
    assert {c.recipient.language: c.subject for c in preview.samples} == {
        "nb": "Dere er satt sammen i Reverse Mentoring",
        "en": "You are matched in Reverse Mentoring",
    }
    html = response.content.decode()
    assert "The pairs become visible to both people" in html
    assert "the programme year becomes “Matched – starts " in html
    assert Pair.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        done = cora_client.post(
            _url(matched, "matching:publish"), {"token": preview.token}, follow=True
        )

    mailing = Mailing.objects.get(action="matching.publish_pairs")
    assert done.redirect_chain[-1][0] == reverse(
        "applications:mailing-log", args=[matched.code, mailing.code]
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([*SENIORS, *YOUNGER])
    assert Pair.objects.count() == 4


def test_publishing_with_a_changed_list_changes_nothing(
    cora_client, matched, django_capture_on_commit_callbacks
):
    send(matched)
    _approve_all()
    url = _url(matched, "matching:publish")
    token = cora_client.get(url).context["preview"].token
    User.objects.filter(email="bo@b.example").update(email="bo.new@b.example")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = cora_client.post(url, {"token": token})

    assert (Pair.objects.count(), mail.outbox) == (0, [])
    matched.refresh_from_db()
    assert matched.status == "matching"
    assert response.context["form"].non_field_errors() == [
        "The recipient list has changed since the preview. Review it and confirm again."
    ]


@pytest.mark.parametrize("persona", ["other_coordinator", "contact_hege", "mentee_anne"])
def test_others_get_404_on_both_previews_and_confirms(
    client, request, matched, persona, django_capture_on_commit_callbacks
):
    send(matched)
    _approve_all()
    mail.outbox.clear()
    client.force_login(request.getfixturevalue(persona).user)

    answers = []
    for name in ("matching:proposal-send", "matching:publish"):
        url = _url(matched, name)
        with django_capture_on_commit_callbacks(execute=True):
            answers.append(client.get(url).status_code)
            answers.append(client.post(url, {"token": "x"}).status_code)

    assert answers == [404] * 4
    assert (Pair.objects.count(), Mailing.objects.count(), mail.outbox) == (0, 1, [])
