"""``FieldIs``: a yes-or-no question on a code, read the same way by templates and code."""

from __future__ import annotations

from dataclasses import dataclass

from brobygger.core.models import FieldIs
from brobygger.pairs.models import MeetingStatus


@dataclass
class Row:
    status: str

    is_held = FieldIs("status", MeetingStatus.HELD)
    is_upcoming = FieldIs("status", MeetingStatus.PROPOSED, MeetingStatus.PLANNED)


def test_it_answers_for_the_values_given_and_the_stored_strings():
    answers = {
        status: (Row(status).is_held, Row(status).is_upcoming)
        for status in ("held", "proposed", "planned", "cancelled", "")
    }
    assert answers == {
        "held": (True, False),
        "proposed": (False, True),
        "planned": (False, True),
        "cancelled": (False, False),
        "": (False, False),
    }


def test_the_class_keeps_the_question():
    assert (Row.is_upcoming.field, Row.is_upcoming.values) == (
        "status",
        (MeetingStatus.PROPOSED, MeetingStatus.PLANNED),
    )
