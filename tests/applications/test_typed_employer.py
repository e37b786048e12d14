"""An employer typed in an application stays hers until a coordinator confirms it (issue
"Broken promises", item 7): "Fjordbyte AS" typed by Anne is not offered to Bo, neither on his
profile nor on his application form, and he cannot post it either."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from brobygger.applications.models import Application
from brobygger.applications.services.forms import create_default_form
from brobygger.people.models import Company
from brobygger.privacy.models import PrivacyNotice
from tests.applications.apply_helpers import post_data, start_url
from tests.factories import CompanyFactory, TopicFactory

PROFILE = reverse("people:profile-edit")


@pytest.fixture
def form_cohort(open_cohort):
    PrivacyNotice.objects.create(
        version=1, text="Vi behandler søknaden.", published_at=timezone.now()
    )
    TopicFactory(slug="ai", name="Kunstig intelligens")
    TopicFactory(slug="social-media", name="Sosiale medier")
    create_default_form(cohort=open_cohort, by=None)
    return open_cohort


def _employers(response) -> list[str]:
    select = re.search(
        r'<select name="company"[^>]*>(.*?)</select>', response.content.decode(), re.S
    )
    return re.findall(r"<option value=\"[^\"]*\"[^>]*>([^<]*)</option>", select.group(1))


@pytest.fixture
def anne_typed_fjordbyte(client, form_cohort, mentee_anne):
    client.force_login(mentee_anne.user)
    data = post_data(form_cohort, mentee_anne, company="", company_name="Fjordbyte AS")
    response = client.post(start_url(form_cohort), data)
    assert response.status_code == 302
    client.logout()
    return Company.objects.get(name="Fjordbyte AS")


def test_the_typed_employer_is_hers_and_unconfirmed(anne_typed_fjordbyte, mentee_anne):
    mentee_anne.refresh_from_db()
    assert (mentee_anne.company, anne_typed_fjordbyte.confirmed) == (anne_typed_fjordbyte, False)


def test_she_sees_it_on_her_profile_and_others_do_not(
    client, anne_typed_fjordbyte, mentee_anne, mentor_bo
):
    client.force_login(mentee_anne.user)
    assert _employers(client.get(PROFILE)) == [
        "Velg …",
        "Fjordbyte AS",
        "Nordlys Kraft AS",  # her former employer: confirmed
        "Skarven Software AS",
    ]
    client.force_login(mentor_bo.user)
    assert "Fjordbyte AS" not in _employers(client.get(PROFILE))


def test_it_is_not_offered_on_another_applicants_form(
    client, form_cohort, anne_typed_fjordbyte, mentor_bo
):
    client.force_login(mentor_bo.user)
    employers = _employers(client.get(start_url(form_cohort, "mentor")))
    assert employers == ["Velg …", "Nordlys Kraft AS", "Skarven Software AS"]


def test_another_person_cannot_post_it_on_his_profile(
    client, anne_typed_fjordbyte, mentor_bo, company_b
):
    client.force_login(mentor_bo.user)
    data = {
        "first_name": "Bo",
        "last_name": "Berg",
        "company": str(anne_typed_fjordbyte.pk),
        "job_title": "Utvikler",
        "birth_year": "1999",
        "years_experience": "3",
        "role_family": "engineering",
        "industry": "software",
        "languages": ["nb"],
        "city": "Trondheim",
        "language": "nb",
    }
    response = client.post(PROFILE, data)
    assert response.context["form"].errors == {
        "company": ["Velg et gyldig valg. Valget er ikke av de tilgjengelige valgene."]
    }
    mentor_bo.refresh_from_db()
    assert mentor_bo.company == company_b


def test_typing_a_known_company_differently_joins_it(client, form_cohort, mentee_anne):
    fjord_kraft = CompanyFactory(name="Fjord Kraft AS")
    client.force_login(mentee_anne.user)
    data = post_data(form_cohort, mentee_anne, company="", company_name="fjordkraft")
    client.post(start_url(form_cohort), data)
    mentee_anne.refresh_from_db()
    assert (mentee_anne.company, Application.objects.count()) == (fjord_kraft, 1)
    assert Company.objects.filter(name__iexact="fjordkraft").exists() is False
