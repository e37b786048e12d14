"""Goal ratings 1–10 at the start, at mid-point and at the end; every rating is kept.

Each phase is open only between the dates the cohort gives it (``programs.phases``).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from brobygger.core.services import log_activity
from brobygger.pairs.models import Goal, GoalPhase, GoalRating, Pair
from brobygger.people.models import Person
from brobygger.programs.phases import CLOSED, UPCOMING


@transaction.atomic
def rate_goals(
    *,
    pair: Pair,
    by: Person,
    phase: str,
    ratings: dict[int, int],
    today: dt.date | None = None,
) -> list[GoalRating]:
    """Rate ``by``'s own active goals (goal id → 1–10) in ``phase``; earlier ratings stay.

    Each member rates her own goals only. Refused when ``phase`` is not open today.
    """
    if phase not in GoalPhase.values:
        raise ValidationError({"phase": _("Choose when you rate.")})
    _check_phase_is_open(pair, phase, today or timezone.localdate())
    role = pair.role_of(by)
    goals = {g.pk: g for g in Goal.objects.filter(pair=pair, owner_role=role, is_active=True)}
    if not goals:
        raise ValidationError(_("Agree on goals before you rate them."), code="no_goals")
    if set(ratings) - set(goals):
        raise ValidationError(_("That goal is not one of yours."), code="foreign_goal")
    created = []
    for goal_id, value in ratings.items():
        rating = GoalRating(goal=goals[goal_id], phase=phase, rating=value, rated_by_role=role)
        rating.full_clean()
        rating.save()
        created.append(rating)
    log_activity(
        actor=by.user,
        action="pair.goals.rate",
        target=pair,
        data={"phase": phase, "ratings": sorted(ratings.values())},
    )
    return created


def _check_phase_is_open(pair: Pair, phase: str, today: dt.date) -> None:
    window = pair.cohort.rating_phase(phase)
    state = window.state(today)
    label = GoalPhase(phase).label
    if state == UPCOMING:
        raise ValidationError(
            _("You cannot rate “%(phase)s” yet: that rating opens on %(date)s.")
            % {"phase": label, "date": formats.date_format(window.opens_on)},
            code="phase_not_open",
        )
    if state == CLOSED:
        raise ValidationError(
            _("You can no longer rate “%(phase)s”: that rating closed on %(date)s.")
            % {"phase": label, "date": formats.date_format(window.closes_on)},
            code="phase_closed",
        )
