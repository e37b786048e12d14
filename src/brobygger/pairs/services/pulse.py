"""Answering the private pulse, and the coordinator marking that she has called.

The answers are never logged, emailed or shown to anyone but the person herself.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from brobygger.core.services import log_activity
from brobygger.pairs.models import Pair, PairStatus, PulseAnswer, PulsePoint
from brobygger.pairs.models.pulse import PULSE_SCALE
from brobygger.pairs.rules import PULSE_CALL_AT, pulse_opens_at
from brobygger.pairs.selectors.pairs import pair_is_open
from brobygger.people.models import Person, User


def needs_call(answer: PulseAnswer) -> bool:
    return min(answer.useful, answer.safe) <= PULSE_CALL_AT


@transaction.atomic
def answer_pulse(
    *,
    pair: Pair,
    by: Person,
    point: int,
    useful: int,
    safe: int,
    now: dt.datetime | None = None,
) -> PulseAnswer:
    """Her answer to the pulse ``point`` months in. Once only; not before it opens.

    The activity log records that she answered, and whether it asks for a call, never the
    answers."""
    now = now or timezone.now()
    if point not in PulsePoint.values:
        raise ValidationError(_("There is no such pulse."), code="no_such_pulse")
    if pair.status != PairStatus.ACTIVE or not pair_is_open(pair):
        raise ValidationError(_("This pair has ended, so the pulse is closed."), code="closed")
    opens_at = pulse_opens_at(pair, point)
    if now < opens_at:
        raise ValidationError(
            _("This pulse opens on %(date)s.")
            % {"date": formats.date_format(timezone.localtime(opens_at))},
            code="not_open",
        )
    low, high = PULSE_SCALE
    errors = {
        name: _("Choose a number from %(low)d to %(high)d.") % {"low": low, "high": high}
        for name, value in (("useful", useful), ("safe", safe))
        if not (isinstance(value, int) and low <= value <= high)
    }
    if errors:
        raise ValidationError(errors)
    answer = PulseAnswer(pair=pair, person=by, point=point, useful=useful, safe=safe)
    answer.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            answer.save()
    except IntegrityError:
        raise ValidationError(
            _("You have already answered this pulse. Thank you!"), code="answered"
        ) from None
    log_activity(
        actor=by.user,
        action="pair.pulse.answer",
        target=pair,
        data={"point": point, "flag": needs_call(answer)},
    )
    return answer


@transaction.atomic
def mark_pulse_followed_up(*, answer: PulseAnswer, by: User) -> PulseAnswer:
    """The coordinator has called her: the flag goes down. A second time changes nothing."""
    answer = PulseAnswer.objects.select_for_update().get(pk=answer.pk)
    if answer.followed_up_at is None:
        answer.followed_up_at = timezone.now()
        answer.save(update_fields=["followed_up_at", "updated_at"])
        log_activity(
            actor=by,
            action="pair.pulse.followed_up",
            target=answer.pair,
            data={"point": answer.point, "person": answer.person_id},
        )
    return answer
