"""What the shadowing pair page shows: the days (the talent's reflection to her only), the
talent's goal and the leader's reflection. ``None`` for pairs of other kinds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from brobygger.pairs.models import PairRole, ShadowingDay, ShadowingPlan
from brobygger.pairs.selectors.pairs import pair_is_open
from brobygger.programs.kinds import profile

if TYPE_CHECKING:
    from brobygger.pairs.models import Pair
    from brobygger.people.models import Person


@dataclass(frozen=True)
class ShadowingSpace:
    days: list[ShadowingDay]
    plan: ShadowingPlan | None
    is_talent: bool
    is_open: bool


def has_shadowing_days(pair: Pair) -> bool:
    return profile(pair.cohort.initiative.kind).shadowing_days


def shadowing_plan(pair: Pair) -> ShadowingPlan | None:
    """The talent's goal and the leader's closing reflection, once either is written."""
    return ShadowingPlan.objects.filter(pair=pair).first()


def shadowing_space(pair: Pair, me: Person) -> ShadowingSpace | None:
    if not has_shadowing_days(pair):
        return None
    is_talent = pair.role_of(me) == PairRole.MENTEE
    days = list(ShadowingDay.objects.filter(pair=pair))
    if not is_talent:
        for day in days:
            day.reflection = ""  # hers alone
    return ShadowingSpace(
        days=days,
        plan=shadowing_plan(pair),
        is_talent=is_talent,
        is_open=pair_is_open(pair),
    )
