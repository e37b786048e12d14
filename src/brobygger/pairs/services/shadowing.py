"""Writes of executive shadowing's pair page: a shadowing day (the talent logs it), the
talent's goal, the leader's reflection at the end. Only the pair's own members write."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.core.services import log_activity
from brobygger.pairs.models import PairRole, ShadowingDay, ShadowingPlan
from brobygger.pairs.selectors.pairs import pair_is_open

if TYPE_CHECKING:
    from brobygger.pairs.models import Pair
    from brobygger.people.models import Person


def _refuse_unless_open(pair: Pair) -> None:
    if not pair_is_open(pair):
        raise ValidationError(_("This pair has ended; nothing can be added."), code="closed")


def _refuse_unless(pair: Pair, person: Person, role: str, message: str) -> None:
    if pair.role_of(person) != role:
        raise ValidationError(message, code="wrong_role")


@transaction.atomic
def log_shadowing_day(
    *, pair: Pair, by: Person, date: dt.date, what_happened: str, reflection: str
) -> ShadowingDay:
    """The talent logs a day she followed the leader (not in the future)."""
    _refuse_unless_open(pair)
    _refuse_unless(pair, by, PairRole.MENTEE, _("The talent logs the shadowing days."))
    if date > timezone.localdate():
        raise ValidationError({"date": _("A shadowing day is logged after it has happened.")})
    day = ShadowingDay(
        pair=pair, date=date, what_happened=what_happened.strip(), reflection=reflection.strip()
    )
    day.full_clean()
    day.save()
    # metadata only: what happened and her reflection belong to the pair
    log_activity(actor=by.user, action="pairs.shadowing_day", target=pair, data={"date": str(date)})
    return day


@transaction.atomic
def save_shadowing_plan(*, pair: Pair, by: Person, text: str) -> ShadowingPlan:
    """The talent writes her goal; the leader writes the reflection at the end."""
    _refuse_unless_open(pair)
    plan, _created = ShadowingPlan.objects.select_for_update().get_or_create(pair=pair)
    if pair.role_of(by) == PairRole.MENTEE:
        plan.talent_goal = text.strip()
        field = "talent_goal"
    else:
        plan.leader_reflection = text.strip()
        field = "leader_reflection"
    plan.full_clean()
    plan.save()
    log_activity(actor=by.user, action=f"pairs.shadowing_{field}", target=pair)
    return plan
