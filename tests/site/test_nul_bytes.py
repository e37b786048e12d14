"""A NUL character in an address or a form is refused with a 400 page, never a 500: on
PostgreSQL it would reach a query ("A string literal cannot contain NUL")."""

import pytest

from brobygger.core.models import ActivityLog

pytestmark = pytest.mark.django_db

REFUSED = "Adressen eller skjemaet inneholdt et tegn som ikke er tillatt. Ingenting ble endret."


def _refused(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 400 and REFUSED in response.content.decode()


@pytest.mark.parametrize("path", ["/s/%00/", "/calendar/%00.ics", "/%00", "/?q=%00", "/?%00=1"])
def test_an_anonymous_address_with_nul_is_refused(client, path):
    assert _refused(client.get(path))


def test_the_admin_activity_log_filter_with_nul_is_refused(client, admin_ada):
    client.force_login(admin_ada.user)
    assert _refused(client.get("/admin/core/activitylog/?action=%00"))


def test_a_form_with_nul_is_refused_and_changes_nothing(client, mentee_anne):
    client.force_login(mentee_anne.user)
    before = ActivityLog.objects.count()
    response = client.post("/profile/", {"title": "Leder\x00"})
    assert _refused(response)
    assert ActivityLog.objects.count() == before


def test_an_ordinary_address_still_works(client):
    response = client.get("/")
    assert response.status_code == 200
    assert REFUSED not in response.content.decode()
