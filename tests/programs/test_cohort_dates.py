import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from tests.factories import CohortFactory

from brobygger.programs.models import Cohort
from brobygger.programs.services import save_cohort

TODAY = dt.date(2027, 3, 1)


def _aware(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _cohort(initiative, **dates) -> Cohort:
    values = {
        "applications_open_at": _aware(dt.date(2027, 3, 26), 9),
        "applications_close_at": _aware(dt.date(2027, 4, 30), 23),
        "matching_on": dt.date(2027, 5, 15),
        "kickoff_on": dt.date(2027, 9, 5),
        "closing_on": dt.date(2028, 5, 30),
    }
    values.update(dates)
    return Cohort(initiative=initiative, title="2027–2028", **values)


def test_valid_cohort_is_saved(reverse_initiative):
    cohort = save_cohort(cohort=_cohort(reverse_initiative), by=None)
    assert Cohort.objects.get().pk == cohort.pk


@pytest.mark.parametrize(
    ("dates", "field", "message"),
    [
        (
            {"applications_close_at": _aware(dt.date(2027, 3, 20))},
            "applications_close_at",
            "Søknadsfristen må være etter at søknadsperioden åpner.",
        ),
        (
            {"matching_on": dt.date(2027, 4, 1)},
            "matching_on",
            "Matchingen kan ikke starte før søknadsfristen.",
        ),
        (
            {"kickoff_on": dt.date(2027, 5, 1)},
            "kickoff_on",
            "Oppstarten kan ikke være før matchingen.",
        ),
        (
            {"closing_on": dt.date(2027, 9, 5)},
            "closing_on",
            "Avslutningen må være etter oppstarten.",
        ),
    ],
)
def test_dates_out_of_order_name_the_field_and_save_nothing(
    reverse_initiative, dates, field, message
):
    with translation.override("nb"), pytest.raises(ValidationError) as error:
        save_cohort(cohort=_cohort(reverse_initiative, **dates), by=None)
    assert error.value.message_dict == {field: [message]}
    assert Cohort.objects.count() == 0


@pytest.mark.django_db
def test_application_window_uses_oslo_time(time_machine):
    cohort = CohortFactory(
        status="open",
        applications_open_at=_aware(dt.date(2027, 3, 26), 0),
        applications_close_at=_aware(dt.date(2027, 4, 30), 23),
        matching_on=dt.date(2027, 5, 15),
        kickoff_on=dt.date(2027, 9, 5),
        closing_on=dt.date(2028, 5, 30),
    )
    # 23:30 UTC on 25 March is 00:30 on 26 March in Oslo: open.
    time_machine.move_to(dt.datetime(2027, 3, 25, 23, 30, tzinfo=dt.UTC))
    assert cohort.applications_are_open() is True
    time_machine.move_to(dt.datetime(2027, 3, 25, 22, 30, tzinfo=dt.UTC))
    assert (cohort.applications_are_open(), cohort.applications_open_later()) == (False, True)
