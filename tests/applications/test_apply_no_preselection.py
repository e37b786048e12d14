"""Nothing is chosen for the applicant (issue "Broken promises", item 10): the role family
and industry lists start at an empty "Velg …", which a submission cannot keep."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from brobygger.applications.models import Application
from brobygger.applications.services.forms import create_default_form
from brobygger.privacy.models import PrivacyNotice
from tests.applications.apply_helpers import post_data, start_url
from tests.factories import PersonFactory, TopicFactory


@pytest.fixture
def form_cohort(open_cohort):
    PrivacyNotice.objects.create(
        version=1, text="Vi behandler søknaden.", published_at=timezone.now()
    )
    TopicFactory(slug="ai", name="Kunstig intelligens")
    TopicFactory(slug="social-media", name="Sosiale medier")
    create_default_form(cohort=open_cohort, by=None)
    return open_cohort


def _options(html: str, name: str) -> list[tuple[str, str, bool]]:
    """(value, label, selected) of each option of the select named ``name``."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [
        (value, label, "selected" in attrs)
        for value, attrs, label in re.findall(r'<option value="([^"]*)"([^>]*)>([^<]*)<', select)
    ]


@pytest.fixture
def newcomer(db, company_a):
    """Someone who has never said what she does: her profile is empty."""
    return PersonFactory(user__email="ny@a.example", company=company_a)


def test_the_form_chooses_no_role_family_or_industry_for_her(client, form_cohort, newcomer):
    client.force_login(newcomer.user)
    html = client.get(start_url(form_cohort)).content.decode()
    for name in ("role_family", "industry"):
        selected = [option[:2] for option in _options(html, name) if option[2]]
        assert selected == [("", "Velg …")], name
    assert _options(html, "role_family")[1][1] == "Teknologi og utvikling"
    assert _options(html, "industry")[1][1] == "Energi"


def test_submitting_without_choosing_is_refused(client, form_cohort, newcomer):
    client.force_login(newcomer.user)
    data = post_data(form_cohort, newcomer, role_family="", industry="")
    response = client.post(start_url(form_cohort), data)
    errors = response.context["form"].errors
    assert {name: errors[name] for name in ("role_family", "industry")} == {
        "role_family": ["Feltet er påkrevet."],
        "industry": ["Feltet er påkrevet."],
    }
    assert Application.objects.count() == 0
    newcomer.refresh_from_db()
    assert (newcomer.role_family, newcomer.industry) == ("", "")


def test_her_own_earlier_answers_are_kept(client, form_cohort, mentee_anne):
    mentee_anne.role_family, mentee_anne.industry = "leadership", "energy"
    mentee_anne.save()
    client.force_login(mentee_anne.user)
    html = client.get(start_url(form_cohort)).content.decode()
    assert [o[0] for o in _options(html, "role_family") if o[2]] == ["leadership"]
    assert [o[0] for o in _options(html, "industry") if o[2]] == ["energy"]


def test_the_profile_starts_at_velg_too(client, newcomer):
    client.force_login(newcomer.user)
    html = client.get(reverse("people:profile-edit")).content.decode()
    for name in ("company", "role_family", "industry"):
        assert _options(html, name)[0][:2] == ("", "Velg …"), name
