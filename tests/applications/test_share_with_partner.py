"""The application's consent that a proposed partner may read her goals and strengths."""

import pytest
from django.urls import reverse
from django.utils import timezone

from brobygger.applications.services.forms import create_default_form
from brobygger.privacy.models import Consent, PrivacyNotice
from tests.applications.apply_helpers import post_data, start_url
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def form_cohort(open_cohort):
    PrivacyNotice.objects.create(version=2, text="Tekst", published_at=timezone.now())
    TopicFactory(slug="ai", name="Kunstig intelligens")
    TopicFactory(slug="social-media", name="Sosiale medier")
    create_default_form(cohort=open_cohort, by=None)
    return open_cohort


def _partner_consents(person):
    return list(
        Consent.objects.filter(person=person, purpose="partner").values_list(
            "notice__version", "withdrawn_at"
        )
    )


def test_ticking_the_box_records_the_consent_and_unticking_withdraws_it(
    client, form_cohort, mentee_anne
):
    client.force_login(mentee_anne.user)
    client.post(
        start_url(form_cohort), post_data(form_cohort, mentee_anne, share_with_partner="on")
    )
    assert _partner_consents(mentee_anne) == [(2, None)]
    application = mentee_anne.applications.get()
    edit = reverse("applications:application-edit", args=[application.code])
    form = client.get(edit).context["form"]
    assert form["share_with_partner"].initial is True

    client.post(edit, post_data(form_cohort, mentee_anne))

    [(version, withdrawn)] = _partner_consents(mentee_anne)
    assert (version, withdrawn is not None) == (2, True)
    assert client.get(edit).context["form"]["share_with_partner"].initial is False


def test_not_ticking_it_records_nothing(client, form_cohort, mentee_anne):
    client.force_login(mentee_anne.user)
    client.post(start_url(form_cohort), post_data(form_cohort, mentee_anne))
    assert mentee_anne.applications.count() == 1
    assert _partner_consents(mentee_anne) == []
