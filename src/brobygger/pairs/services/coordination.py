"""The coordinator's writes on pairs: ending a pair early; and ending the pairs of a person
who has left the programme (her account deleted)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from brobygger.core.emails import send_templated_email
from brobygger.core.services import log_activity
from brobygger.pairs.models import Meeting, MeetingStatus, Pair, PairStatus
from brobygger.pairs.models.meetings import UPCOMING_STATUSES
from brobygger.pairs.notify import notify

if TYPE_CHECKING:
    from brobygger.people.models import Person, User


def _end(pair: Pair, *, reason: str, by: User | None, data: dict[str, object]) -> int:
    """Mark ``pair`` (locked, active) ended early and call off its upcoming meetings."""
    pair.status = PairStatus.ENDED_EARLY
    pair.ended_at = timezone.now()
    pair.end_reason = reason
    pair.full_clean()
    pair.save()
    called_off = Meeting.objects.filter(pair=pair, status__in=UPCOMING_STATUSES).update(
        status=MeetingStatus.DECLINED, updated_at=timezone.now()
    )
    log_activity(
        actor=by,
        action="pair.end_early",
        target=pair,
        data={"meetings_called_off": called_off, **data},
    )
    return called_off


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
    _end(pair, reason=reason.strip(), by=by, data={})
    for person in pair.members:
        notify(person, "pair_ended", {"pair": pair, "cohort": pair.cohort})
    return pair


@transaction.atomic
def end_pairs_of_leaver(*, person: Person, by: User | None) -> list[Pair]:
    """End every active pair of ``person``, who has left the programme (her account was
    deleted and her data erased, so she shows as "Former participant").

    Side effects: each pair ended early with a reason that names no one (in the network's
    language), its upcoming meetings called off, an activity row; after commit, a kind
    email to her partner (it does not name her) and one to each coordinator of the
    initiative (it names the partner, who stays). Nothing goes to her.
    """
    pairs = list(
        Pair.objects.select_for_update(of=("self",))
        .filter(Q(mentor=person) | Q(mentee=person), status=PairStatus.ACTIVE)
        .select_related("cohort__initiative", "mentor__user", "mentee__user")
        .order_by("pk")
    )
    with translation.override(settings.LANGUAGE_CODE):
        reason = _("A participant left the programme.")
    for pair in pairs:
        _end(pair, reason=reason, by=by, data={"left": pair.role_of(person)})
        partner = pair.other(person)
        notify(partner, "partner_left", {"cohort": pair.cohort})
        _tell_coordinators_of_leaver(pair, partner)
    return pairs


def _tell_coordinators_of_leaver(pair: Pair, partner: Person) -> None:
    """One email per active coordinator, in her language: which pair ended (by the partner's
    name), and the link to the cohort's health page. Never the erased person."""
    path = reverse("pairs:health", args=[pair.cohort.code])
    for coordinator in pair.cohort.initiative.coordinators.filter(is_active=True).order_by("pk"):
        send_templated_email(
            to=coordinator.email,
            template_prefix="pairs/email/partner_left_coordinator",
            context={
                "name": coordinator.get_short_name(),
                "cohort": pair.cohort,
                "partner": partner.name,
                "health_path": path,
            },
            language=coordinator.language,
        )
