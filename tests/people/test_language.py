import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_default_language_is_norwegian(client):
    response = client.get(reverse("programs:home"))
    assert response.content.decode().count('<html lang="nb">') == 1


@pytest.mark.django_db
def test_language_switch_persists_in_a_cookie(client):
    response = client.post(reverse("people:set-language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    page = client.get(reverse("programs:home")).content.decode()
    assert '<html lang="en">' in page
    assert "Building bridges across generations and companies" in page


def test_switch_saves_preference_on_the_account(client, mentor_bo):
    client.force_login(mentor_bo.user)
    client.post(reverse("people:set-language"), {"language": "en", "next": "/"})
    mentor_bo.user.refresh_from_db()
    assert mentor_bo.user.language == "en"


def test_preference_follows_the_person_to_a_new_device(client, mentor_bo):
    mentor_bo.user.language = "en"
    mentor_bo.user.save()
    client.force_login(mentor_bo.user)  # a new browser: no language cookie yet
    response = client.get(reverse("programs:home"))
    assert '<html lang="en">' in response.content.decode()
    assert response.cookies["django_language"].value == "en"


@pytest.mark.django_db
def test_switch_requires_csrf(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("people:set-language"), {"language": "en", "next": "/"})
    assert response.status_code == 403
    assert "django_language" not in response.cookies


def _sign_in(client, person, **headers):
    person.user.set_password("A-long-enough-passphrase-7")
    person.user.save()
    response = client.post(
        reverse("account_login"),
        {"login": person.user.email, "password": "A-long-enough-passphrase-7"},
        **headers,
    )
    return [str(m) for m in response.wsgi_request._messages]


def test_sign_in_message_follows_her_saved_language_not_the_browsers(client, mentee_anne):
    # An English browser shows the sign-in page in English; she reads Norwegian, and the
    # next page is in Norwegian: so is the message on it.
    mentee_anne.user.language = "nb"
    mentee_anne.user.save()
    messages = _sign_in(client, mentee_anne, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert messages == ["Logget inn som Anne Aas."]


def test_sign_in_message_in_english_for_an_english_reader(client, mentor_bo):
    mentor_bo.user.language = "en"
    mentor_bo.user.save()
    messages = _sign_in(client, mentor_bo, HTTP_ACCEPT_LANGUAGE="nb")
    assert messages == [f"Successfully signed in as {mentor_bo.user.get_full_name()}."]


def test_a_language_chosen_in_this_browser_wins(client, mentee_anne):
    mentee_anne.user.language = "nb"
    mentee_anne.user.save()
    client.cookies["django_language"] = "en"
    messages = _sign_in(client, mentee_anne)
    assert messages == ["Successfully signed in as Anne Aas."]
