"""Issue 14: the proposal page and email name the programme year's contact person."""

import pytest
from django.core import mail

from brobygger.matching.models import ProposalSide

from .helpers import link_of, run, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(review_cohort, cohort_people, coordinator_cora, django_capture_on_commit_callbacks):
    review_cohort.contact = coordinator_cora.user
    review_cohort.save()
    run(review_cohort)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send(review_cohort)
    return review_cohort


def test_the_proposal_page_and_email_name_the_contact_person(client, sent, settings):
    side = ProposalSide.objects.get(person__user__email="anne@a.example")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(link_of(side)).content.decode()
    assert '<h2 id="contact-heading">Questions about the match?</h2>' in html
    assert 'Cora Coord · <a href="mailto:cora@c.example">cora@c.example</a>' in html
    [message] = [m for m in mail.outbox if m.to == ["anne@a.example"]]
    assert message.body.endswith("\nSpørsmål? Skriv til Cora Coord, cora@c.example\n")
