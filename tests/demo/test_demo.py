import datetime as dt

import pytest
from django.core.management import call_command

from brobygger.demo import data
from brobygger.demo.loader import load_demo
from brobygger.people.models import Person
from brobygger.programs.models import Cohort


@pytest.mark.django_db
def test_demo_is_idempotent_and_shaped_like_a_real_network():
    first = load_demo(today=dt.date(2026, 11, 28))
    second = load_demo(today=dt.date(2026, 11, 28))
    assert (
        first
        == second
        == {
            "companies": 12,
            "people": 40,
            "initiatives": 3,
            "cohorts": 4,
            "gatherings": 8,
            "applications": 15,
            "pairs": 6,
        }
    )
    statuses = sorted(Cohort.objects.values_list("initiative__kind", "status"))
    assert statuses == [
        ("classic", "running"),
        ("reverse", "closed"),
        ("reverse", "open"),
        ("shadowing", "review"),
    ]
    years = sorted(Person.objects.values_list("birth_year", flat=True))
    assert (years[0] >= 1960, years[-1] <= 2002, years[0] < 1965, years[-1] > 2000) == (
        True,
        True,
        True,
        True,
    )


@pytest.mark.django_db
def test_demo_logins_work_with_the_printed_password(client):
    call_command("load_demo", "--quiet-logins")
    for key, _role, _nb in data.DEMO_LOGINS:
        assert client.login(email=data.email_for(key), password=data.DEMO_PASSWORD) is True
        client.logout()
