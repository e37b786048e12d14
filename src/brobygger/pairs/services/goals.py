"""Goal ratings 1–10 at the start, at mid-point and at the end; every rating is kept."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from brobygger.core.services import log_activity
from brobygger.pairs.models import Goal, GoalPhase, GoalRating, Pair
from brobygger.people.models import Person


@transaction.atomic
def rate_goals(*, pair: Pair, by: Person, phase: str, ratings: dict[int, int]) -> list[GoalRating]:
    """Rate the pair's active goals (goal id → 1–10) in ``phase``; earlier ratings stay."""
    if phase not in GoalPhase.values:
        raise ValidationError({"phase": _("Choose when you rate.")})
    goals = {g.pk: g for g in Goal.objects.filter(pair=pair, is_active=True)}
    if not goals:
        raise ValidationError(_("Agree on goals before you rate them."), code="no_goals")
    if set(ratings) - set(goals):
        raise ValidationError(_("That goal is not one of yours."), code="foreign_goal")
    role = pair.role_of(by)
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
