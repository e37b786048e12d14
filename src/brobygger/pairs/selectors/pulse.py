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
from brobygger.people.models import Person, User


@dataclass(frozen=True)
class DuePulse:
    pair: Pair
    point: int
    opens_at: dt.datetime

    @property
    def label(self) -> str:
        return str(PulsePoint(self.point).label)


def point_or_404(point: int) -> int:
    if point not in PulsePoint.values:
        raise Http404(_("No such pulse."))
    return point


def due_pulses(
    pair: Pair, person: Person, *, now: dt.datetime, answered: set[int] | None = None
) -> list[DuePulse]:
    """The pulses open for ``person`` in ``pair`` at ``now`` and not answered by her: what
    the card on the pair page and the email offer (for ``PULSE_OPEN_FOR`` after opening).
    ``answered``: the points she has answered, when the caller read them already."""
    if pair.status != PairStatus.ACTIVE or not pair_is_open(pair):
        return []
    if answered is None:
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


def due_pulses_of(user: User, pairs: list[Pair], *, now: dt.datetime) -> dict[int, list[DuePulse]]:
    """Pair id → the pulses due for ``user`` in each of her ``pairs``, in one query."""
    answered: dict[int, set[int]] = {pair.pk: set() for pair in pairs}
    rows = PulseAnswer.objects.filter(pair__in=pairs, person__user=user)
    for pair_id, point in rows.values_list("pair_id", "point"):
        answered[pair_id].add(point)
    return {
        pair.pk: due_pulses(
            pair,
            pair.mentee if pair.mentee.user_id == user.pk else pair.mentor,
            now=now,
            answered=answered[pair.pk],
        )
        for pair in pairs
    }
