"""Site-wide invariants (djangoproject.com style): migrations, translations, one <h1>, CSP."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext
from tests.mfa_helpers import add_passkey

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style[\s>]|\sstyle=", re.I)


@pytest.mark.django_db
def test_no_pending_migrations():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert out.getvalue().strip() == "No changes detected"


def test_nb_catalogue_translates_known_strings():
    with translation.override("nb"):
        assert gettext("My profile") == "Min profil"
        assert pgettext("cohort status", "Open for applications") == "Åpen for søknader"
        assert gettext("Sign in") == "Logg inn"


def test_nb_catalogue_is_complete():
    import polib

    from brobygger.config.settings import BASE_DIR

    catalogue = polib.pofile(str(BASE_DIR / "locale/nb/LC_MESSAGES/django.po"))
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


def _pages(open_cohort):
    anonymous = [
        reverse("programs:home"),
        reverse("programs:cohort-detail", args=[open_cohort.code]),
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_request_login_code"),
        reverse("account_reset_password"),
        "/finnes-ikke/",
    ]
    signed_in = [
        reverse("programs:home"),
        reverse("people:profile-edit"),
        reverse("account_email"),
        reverse("account_change_password"),
        reverse("mfa_index"),
        reverse("mfa_list_webauthn"),
    ]
    staff = [
        reverse("admin:index"),
        reverse("admin:programs_cohort_changelist"),
        reverse("admin:programs_cohort_change", args=[open_cohort.pk]),
        reverse("admin:people_company_add"),
        reverse("admin:people_person_changelist"),
        reverse("admin:people_apitoken_changelist"),
    ]
    return anonymous, signed_in, staff


def test_every_page_has_one_h1_and_no_inline_script_or_style(
    client, open_cohort, mentee_anne, admin_ada
):
    from brobygger.people.services import create_api_token, revoke_api_token

    # The profile page with its API tokens listed: one in use, one revoked.
    create_api_token(user=mentee_anne.user, name="HR-system")
    revoked, _secret = create_api_token(user=mentee_anne.user, name="Regneark")
    revoke_api_token(token=revoked, by=mentee_anne.user)
    # The two-factor page and the passkey list with a passkey listed.
    add_passkey(mentee_anne.user)
    anonymous, signed_in, staff = _pages(open_cohort)
    checked = []
    for user, urls in ((None, anonymous), (mentee_anne.user, signed_in), (admin_ada.user, staff)):
        client.logout()
        if user:
            client.force_login(user)
        for url in urls:
            for language in ("nb", "en"):
                response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
                html = response.content.decode()
                assert response.status_code in (200, 404), url
                assert len(re.findall(r"<h1[\s>]", html)) == 1, url
                assert INLINE_SCRIPT.findall(html) == [], url
                assert INLINE_STYLE.findall(html) == [], url
                checked.append(url)
    assert len(checked) == 2 * (len(anonymous) + len(signed_in) + len(staff))


def test_the_new_api_token_page_has_one_h1_and_no_inline_script_or_style(client, mentee_anne):
    from tests.conftest import sign_in_recently

    sign_in_recently(client, mentee_anne.user)
    for language in ("nb", "en"):
        response = client.post(
            reverse("people:api-token-create"), {"name": "HR"}, HTTP_ACCEPT_LANGUAGE=language
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert len(re.findall(r"<h1[\s>]", html)) == 1
        assert INLINE_SCRIPT.findall(html) == []
        assert INLINE_STYLE.findall(html) == []


@pytest.mark.django_db
def test_strict_content_security_policy(client):
    response = client.get(reverse("programs:home"))
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_pages_have_landmarks_and_a_skip_link(client):
    html = client.get(reverse("programs:home")).content.decode()
    for landmark in ('<header class="site-header">', '<main id="main"', "<footer", "<nav "):
        assert landmark in html
    assert '<a class="skip-link" href="#main">' in html


def test_the_company_contacts_pages_have_one_h1_and_no_inline_script_or_style(
    client, contact_hege, mentee_anne, open_cohort
):
    from django.utils import timezone
    from tests.factories import ApplicationFactory

    ApplicationFactory(
        cohort=open_cohort,
        person=mentee_anne,
        decision="accepted",
        decision_released_at=timezone.now(),
    )
    urls = [
        reverse("company:nominations"),
        reverse("surveys:company-reports"),
        reverse("company:participants"),
        f"{reverse('company:participants')}?year={open_cohort.code}",
    ]
    client.force_login(contact_hege.user)
    checked = []
    for url in urls:
        for language in ("nb", "en"):
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            html = response.content.decode()
            assert response.status_code == 200, url
            assert len(re.findall(r"<h1[\s>]", html)) == 1, url
            assert INLINE_SCRIPT.findall(html) == [], url
            assert INLINE_STYLE.findall(html) == [], url
            checked.append(url)
    assert "Anne Aas" in client.get(urls[2]).content.decode()
    assert len(checked) == 2 * len(urls)
