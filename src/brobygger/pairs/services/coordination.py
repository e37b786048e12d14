"""The coordinator's writes on pairs: ending a pair early."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.core.services import log_activity
from brobygger.pairs.models import Meeting, MeetingStatus, Pair, PairStatus
from brobygger.pairs.models.meetings import UPCOMING_STATUSES
from brobygger.pairs.notify import notify

if TYPE_CHECKING:
    from brobygger.people.models import User


@transaction.atomic
def end_pair_early(*, pair: Pair, reason: str, by: User) -> Pair:
    """End an active pair: upcoming meetings are called off and both members are told."""
    pair = (
        Pair.objects.select_for_update()
        .select_related("cohort__initiative", "mentor__user", "mentee__user")
        .get(pk=pair.pk)
    )
    if pair.status != PairStatus.ACTIVE:
        raise ValidationError(_("Only an active pair can be ended."), code="not_active")
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    pair.status = PairStatus.ENDED_EARLY
    pair.ended_at = timezone.now()
    pair.end_reason = reason.strip()
    pair.full_clean()
    pair.save()
    called_off = Meeting.objects.filter(pair=pair, status__in=UPCOMING_STATUSES).update(
        status=MeetingStatus.DECLINED, updated_at=timezone.now()
    )
    log_activity(
        actor=by, action="pair.end_early", target=pair, data={"meetings_called_off": called_off}
    )
    for person in pair.members:
        notify(person, "pair_ended", {"pair": pair, "cohort": pair.cohort})
    return pair
