"""Twenty people answer "yes" to a gathering with ten places at the same moment: on SQLite
as on PostgreSQL, every answer is recorded (none lost to "database is locked"), exactly ten
get a place and ten join the waitlist, in the order they came."""

import threading

import pytest
from django.db import connections
from django.utils import translation

from brobygger.gatherings.models import Invitation
from brobygger.gatherings.services import respond
from tests.factories import PersonFactory
from tests.pairs.helpers import gathering, running_cohort

pytestmark = pytest.mark.django_db(transaction=True)


def test_twenty_simultaneous_yeses_to_ten_places(reverse_initiative):
    cohort = running_cohort(reverse_initiative)
    kickoff = gathering([cohort], capacity=10)
    people = [
        PersonFactory(user__first_name=f"Deltaker{i}", user__email=f"d{i}@rsvp.example")
        for i in range(20)
    ]
    barrier = threading.Barrier(len(people))
    errors: list[str] = []

    def answer(person) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            with translation.override("en"):
                respond(gathering=kickoff, person=person, response="yes", by=person.user)
        except Exception as error:  # every failure is reported below
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=answer, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    invitations = Invitation.objects.filter(gathering=kickoff, response="yes")
    assert invitations.count() == 20
    assert invitations.filter(waitlisted_at__isnull=True).count() == 10
    assert invitations.filter(waitlisted_at__isnull=False).count() == 10
