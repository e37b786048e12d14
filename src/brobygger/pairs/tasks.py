"""Background work of the pairs app (run by the task worker; immediately in tests)."""

from __future__ import annotations

from django.tasks import task

from brobygger.core.services import deliver
from brobygger.pairs.emails import meeting_invitation
from brobygger.pairs.models import Meeting
from brobygger.people.models import Person


@task()
def send_meeting_invitation(*, meeting_id: int, person_id: int) -> int:
    """Email one member the agreed meeting with its .ics file. Ids only: no content in the queue."""
    meeting = (
        Meeting.objects.select_related("pair__mentor__user", "pair__mentee__user")
        .filter(pk=meeting_id)
        .first()
    )
    person = Person.objects.select_related("user").filter(pk=person_id).first()
    if meeting is None or person is None:
        return 0
    return deliver(meeting_invitation(meeting, person))


@task()
def send_reminders() -> dict[str, int]:
    """The scheduled nudges (``manage.py send_reminders`` runs the same service)."""
    from brobygger.pairs.services.reminders import send_due_reminders

    return send_due_reminders()
