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
