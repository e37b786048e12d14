"""Copying a demo programme year in the app, then loading the demo again, works: the
copied gatherings keep their titles but are not the demo's own."""

import datetime as dt

import pytest

from brobygger.coordination.services import copy_programme_year
from brobygger.demo import data
from brobygger.demo.loader import load_demo
from brobygger.gatherings.models import Gathering
from brobygger.people.models import User
from brobygger.programs.models import Cohort


@pytest.mark.django_db
def test_the_demo_loads_again_after_a_year_was_copied():
    first = load_demo(today=dt.date(2026, 12, 7))
    coordinator = User.objects.get(email=data.email_for("coordinator"))
    # every current year but executive shadowing's in review: its next year (open for
    # nominations) is already there, and copying to it is rightly refused
    current = Cohort.objects.exclude(status="closed").exclude(
        initiative__kind="shadowing", status="review"
    )
    for cohort in current:
        copy_programme_year(cohort=cohort, by=coordinator)
    copied = Gathering.objects.count() - first["gatherings"]

    again = load_demo(today=dt.date(2026, 12, 7))

    assert (again["cohorts"], again["gatherings"]) == (
        first["cohorts"] + 4,
        first["gatherings"] + copied,
    )
    assert Gathering.objects.filter(title="Felles oppstart").count() == 2
