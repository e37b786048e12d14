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

from brobygger.applications.signals import matching_pool_changed
from brobygger.core.emails import send_templated_email
from brobygger.core.services import log_activity
from brobygger.pairs.emails import notify
from brobygger.pairs.models import (
    AfterEnd,
    EndCategory,
    Meeting,
    MeetingStatus,
    Pair,
    PairRole,
    PairStatus,
)
from brobygger.pairs.models.meetings import UPCOMING_STATUSES

if TYPE_CHECKING:
    from brobygger.people.models import Person, User


def _end(
    pair: Pair,
    *,
    reason: str,
    by: User | None,
    data: dict[str, object],
    category: str = EndCategory.OTHER,
    after: tuple[str, str] = (AfterEnd.UNDECIDED, AfterEnd.UNDECIDED),
) -> int:
    """Mark ``pair`` (locked, active) ended early and call off its upcoming meetings.
    ``after``: what the mentee and the mentor do next (a new partner, or leave)."""
    pair.status = PairStatus.ENDED_EARLY
    pair.ended_at = timezone.now()
    pair.end_reason = reason
    pair.end_category = category
    pair.mentee_after_end, pair.mentor_after_end = after
    pair.full_clean()
    pair.save()
    called_off = Meeting.objects.filter(pair=pair, status__in=UPCOMING_STATUSES).update(
        status=MeetingStatus.DECLINED, updated_at=timezone.now()
    )
    log_activity(
        actor=by,
        action="pair.end_early",
        target=pair,
        data={
            "meetings_called_off": called_off,
            "category": category,
            "mentee_after_end": after[0],
            "mentor_after_end": after[1],
            **data,
        },
    )
    if AfterEnd.NEXT_ROUND in after:
        # someone is back in the cohort's matching pool: a run made before is stale
        matching_pool_changed.send(sender=Pair, cohort_id=pair.cohort_id)
    return called_off


@transaction.atomic
def end_pair_early(
    *,
    pair: Pair,
    reason: str,
    by: User,
    category: str = EndCategory.OTHER,
    mentee_after: str = AfterEnd.UNDECIDED,
    mentor_after: str = AfterEnd.UNDECIDED,
) -> Pair:
    """End an active pair: upcoming meetings are called off and both members are told.

    ``category`` (why, in a category the report counts) and ``reason`` (in words, for the
    coordinators only) are never in the emails. ``mentee_after`` / ``mentor_after``: each
    person is offered a new partner in the next round (back in the matching pool) or leaves
    the programme year; each is told which, kindly, in her language.
    """
    pair = (
        Pair.objects.select_for_update()
        .select_related("cohort__initiative", "mentor__user", "mentee__user")
        .get(pk=pair.pk)
    )
    if pair.status != PairStatus.ACTIVE:
        raise ValidationError(_("Only an active pair can be ended."), code="not_active")
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    if category not in EndCategory.values:
        raise ValidationError({"category": _("Choose why the pair ended.")})
    if {mentee_after, mentor_after} - set(AfterEnd.values):
        raise ValidationError(_("Choose what happens next for each person."))
    after = (mentee_after, mentor_after)
    _end(pair, reason=reason.strip(), by=by, data={}, category=category, after=after)
    for person, next_step in zip(pair.members, after, strict=True):
        notify(
            person,
            "pair_ended",
            {
                "pair": pair,
                "cohort": pair.cohort,
                "next_round": next_step == AfterEnd.NEXT_ROUND,
                "leaves": next_step == AfterEnd.LEAVE,
            },
        )
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
        role = pair.role_of(person)
        # the partner stays: she is offered a new partner in the next round
        after = (
            (AfterEnd.LEAVE, AfterEnd.NEXT_ROUND)
            if role == PairRole.MENTEE
            else (AfterEnd.NEXT_ROUND, AfterEnd.LEAVE)
        )
        _end(
            pair,
            reason=reason,
            by=by,
            data={"left": role},
            category=EndCategory.LEFT,
            after=after,
        )
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
