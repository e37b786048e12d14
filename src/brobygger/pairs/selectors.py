"""Pairs as their members see them. Coordinators read pairs through metadata selectors only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from brobygger.pairs.models import Pair

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from brobygger.people.models import User


def pairs_of(user: User | AnonymousUser) -> QuerySet[Pair]:
    """The user's own published pairs, as mentor or mentee."""
    if not user.is_authenticated:
        return Pair.objects.none()
    return Pair.objects.filter(Q(mentor__user=user) | Q(mentee__user=user)).select_related(
        "cohort__initiative", "mentor__user", "mentor__company", "mentee__user", "mentee__company"
    )


def get_pair_for(user: User | AnonymousUser, code: Any) -> Pair:
    """The pair if the user is in it; everyone else (coordinators too) gets 404."""
    pair = pairs_of(user).filter(code=code).first()
    if pair is None:
        raise Http404(_("No such pair."))
    return pair
