"""The private pulse as its one person sees it: which pulses are open for her now.

Nothing here is for anyone but her; the coordinator's flag is read in ``selectors.health``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext as _

from brobygger.pairs.models import Pair, PairStatus, PulseAnswer, PulsePoint
from brobygger.pairs.rules import PULSE_MONTHS, PULSE_OPEN_FOR, pulse_opens_at
from brobygger.pairs.selectors.pairs import pair_is_open
from brobygger.people.models import Person


@dataclass(frozen=True)
class DuePulse:
    pair: Pair
    point: int
    opens_at: dt.datetime

    @property
    def closes_at(self) -> dt.datetime:
        return self.opens_at + PULSE_OPEN_FOR

    @property
    def label(self) -> str:
        return str(PulsePoint(self.point).label)


def point_or_404(point: int) -> int:
    if point not in PulsePoint.values:
        raise Http404(_("No such pulse."))
    return point


def due_pulses(pair: Pair, person: Person, *, now: dt.datetime) -> list[DuePulse]:
    """The pulses open for ``person`` in ``pair`` at ``now`` and not answered by her: what
    the card on the pair page and the email offer (for ``PULSE_OPEN_FOR`` after opening)."""
    if pair.status != PairStatus.ACTIVE or not pair_is_open(pair):
        return []
    answered = set(
        PulseAnswer.objects.filter(pair=pair, person=person).values_list("point", flat=True)
    )
    due = []
    for point in PULSE_MONTHS:
        opens_at = pulse_opens_at(pair, point)
        if point not in answered and opens_at <= now < opens_at + PULSE_OPEN_FOR:
            due.append(DuePulse(pair, point, opens_at))
    return due


def has_answered(pair: Pair, person: Person, point: int) -> bool:
    return PulseAnswer.objects.filter(pair=pair, person=person, point=point).exists()
