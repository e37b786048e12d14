"""The profile page: only one's own profile, validated, in the chosen language."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from tests.mfa_helpers import add_passkey, turn_on_totp

from brobygger.core.models import ActivityLog
from brobygger.people.models import Person

URL = reverse("people:profile-edit")


def _valid_post(person, **overrides):
    data = {
        "first_name": "Anne",
        "last_name": "Aasen",
        "company": str(person.company_id),
        "job_title": "Konserndirektør",
        "birth_year": "1965",
        "years_experience": "35",
        "role_family": "leadership",
        "industry": "energy",
        "languages": ["nb", "en"],
        "city": "Bergen",
        "language": "en",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={URL}"


def test_profile_shows_own_data_only(client, mentee_anne, mentor_bo):
    client.force_login(mentee_anne.user)
    response = client.get(URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="Direktør HR"' in content
    assert "Utvikler" not in content  # mentor Bo's job title never appears
    assert "bo@b.example" not in content


def test_saving_the_profile(client, mentee_anne, mentor_bo):
    client.force_login(mentee_anne.user)
    response = client.post(URL, _valid_post(mentee_anne))
    assert response.status_code == 302
    mentee_anne.refresh_from_db()
    mentee_anne.user.refresh_from_db()
    assert (mentee_anne.user.last_name, mentee_anne.job_title, mentee_anne.birth_year) == (
        "Aasen",
        "Konserndirektør",
        1965,
    )
    assert mentee_anne.languages == ["nb", "en"]
    assert mentee_anne.user.language == "en"
    assert response.cookies["django_language"].value == "en"
    # Bo is untouched.
    mentor_bo.refresh_from_db()
    assert mentor_bo.job_title == "Utvikler"
    assert list(ActivityLog.objects.values_list("action", "actor")) == [
        ("profile.update", mentee_anne.user.pk)
    ]


@pytest.mark.parametrize("bad_year", ["1929", "2020", "abc"])
def test_bad_birth_year_rerenders_with_error_and_saves_nothing(client, mentee_anne, bad_year):
    client.force_login(mentee_anne.user)
    response = client.post(
        URL, _valid_post(mentee_anne, birth_year=bad_year), HTTP_ACCEPT_LANGUAGE="nb"
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["birth_year"]
    assert "Fødselsår" in response.content.decode()
    mentee_anne.refresh_from_db()
    assert mentee_anne.birth_year == 1966
    assert mentee_anne.user.last_name == "Aas"
    assert ActivityLog.objects.count() == 0


def test_new_account_gets_a_person_on_first_visit(client, django_user_model):
    user = django_user_model.objects.create_user("ny@example.org", "x-very-secret-1")
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    assert Person.objects.filter(user=user).count() == 1


@pytest.mark.parametrize(
    ("factors", "text"),
    [
        ((), None),
        (("totp",), "Innlogging ber om en kode fra autentiseringsappen etter passordet"),
        (("webauthn",), "Du logger inn med en passnøkkel: ett trykk, uten passord og kode."),
        (("totp", "webauthn"), "Du logger inn med en passnøkkel, eller med en kode fra"),
    ],
)
def test_the_two_factor_card_names_what_she_uses(client, mentee_anne, factors, text):
    if "totp" in factors:
        turn_on_totp(mentee_anne.user)
    if "webauthn" in factors:
        add_passkey(mentee_anne.user)
    assert set(
        Authenticator.objects.filter(user=mentee_anne.user)
        .exclude(type="recovery_codes")
        .values_list("type", flat=True)
    ) == set(factors)
    client.force_login(mentee_anne.user)
    html = client.get(reverse("people:profile-edit")).content.decode()
    card = html[html.index('id="mfa-heading"') : html.index('id="api-tokens-heading"')]
    if text is None:
        assert "Slå på tofaktorautentisering" in card
        assert 'href="/accounts/2fa/"' in card
        assert "badge-open" not in card
    else:
        assert text in " ".join(card.split())
        assert "Administrer tofaktorautentisering" in card
