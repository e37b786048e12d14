"""The pair's agreement: either member proposes (a new version), both sign."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.core.services import log_activity
from brobygger.pairs.emails import notify, pair_path
from brobygger.pairs.models import Agreement, Goal, Pair, PairRole
from brobygger.pairs.selectors.pairs import pair_is_open
from brobygger.people.models import Person


def refuse_unless_open(pair: Pair) -> None:
    if not pair_is_open(pair):
        raise ValidationError(
            _("This pair's programme year is over, so nothing more can be planned here."),
            code="pair_closed",
        )


@transaction.atomic
def propose_agreement(
    *,
    pair: Pair,
    by: Person,
    goals: list[str],
    cadence: str,
    meeting_format: str,
    other_terms: str = "",
    mentor_goals: list[str] | None = None,
) -> Agreement:
    """A new version of the agreement, unsigned; its goals become the pair's goals.

    ``goals`` are the mentee's, ``mentor_goals`` the mentor's own learning goals (None: as
    in the latest version). The agreement page lets each member write her own side only
    (:func:`propose_own_goals`).

    Side effects: goals are updated in place (their rating history is kept), goals no longer
    listed are retired, and the partner is emailed (without the agreement's text).
    """
    refuse_unless_open(pair)
    Pair.objects.select_for_update().filter(pk=pair.pk).first()
    goals = _clean(goals)
    latest = Agreement.objects.filter(pair=pair).order_by("-version").first()
    if mentor_goals is None:
        mentor_goals = latest.mentor_goals if latest else []
    mentor_goals = _clean(mentor_goals)
    agreement = Agreement(
        pair=pair,
        version=(latest.version if latest else 0) + 1,
        goals=goals,
        mentor_goals=mentor_goals,
        cadence=cadence.strip(),
        meeting_format=meeting_format,
        other_terms=other_terms.strip(),
        proposed_by_role=pair.role_of(by),
    )
    agreement.full_clean()
    agreement.save()
    _sync_goals(pair, PairRole.MENTEE, goals)
    _sync_goals(pair, PairRole.MENTOR, mentor_goals)
    log_activity(
        actor=by.user,
        action="pair.agreement.propose",
        target=pair,
        data={"version": agreement.version},
    )
    notify(
        pair.other(by),
        "agreement_proposed",
        {"partner": by.name, "pair": pair, "pair_path": pair_path(pair)},
    )
    return agreement


def propose_own_goals(
    *,
    pair: Pair,
    by: Person,
    goals: list[str],
    cadence: str,
    meeting_format: str,
    other_terms: str = "",
) -> Agreement:
    """A new version in which ``by`` writes her own goals; her partner's stay as they were."""
    latest = Agreement.objects.filter(pair=pair).order_by("-version").first()
    if pair.role_of(by) == PairRole.MENTOR:
        mentee_goals = latest.goals if latest else []
        return propose_agreement(
            pair=pair,
            by=by,
            goals=mentee_goals,
            mentor_goals=goals,
            cadence=cadence,
            meeting_format=meeting_format,
            other_terms=other_terms,
        )
    return propose_agreement(
        pair=pair,
        by=by,
        goals=goals,
        cadence=cadence,
        meeting_format=meeting_format,
        other_terms=other_terms,
    )


def _clean(goals: list[str]) -> list[str]:
    return [g.strip() for g in goals if isinstance(g, str) and g.strip()]


def _sync_goals(pair: Pair, side: str, texts: list[str]) -> None:
    existing = {g.position: g for g in Goal.objects.filter(pair=pair, owner_role=side)}
    for position, text in enumerate(texts, start=1):
        goal = existing.pop(position, None) or Goal(pair=pair, owner_role=side, position=position)
        goal.text = text
        goal.is_active = True
        goal.full_clean()
        goal.save()
    for goal in existing.values():
        if goal.is_active:
            goal.is_active = False
            goal.save(update_fields=["is_active", "updated_at"])


@transaction.atomic
def sign_agreement(*, agreement: Agreement, by: Person) -> Agreement:
    """Sign the newest version (the time is recorded); signing twice changes nothing."""
    agreement = Agreement.objects.select_for_update().select_related("pair").get(pk=agreement.pk)
    pair = agreement.pair
    refuse_unless_open(pair)
    newest = Agreement.objects.filter(pair=pair).aggregate(v=Max("version"))["v"]
    if agreement.version != newest:
        raise ValidationError(_("A newer version of the agreement exists."), code="outdated")
    role = pair.role_of(by)
    field = "mentee_signed_at" if role == PairRole.MENTEE else "mentor_signed_at"
    if getattr(agreement, field) is None:
        setattr(agreement, field, timezone.now())
        agreement.save(update_fields=[field, "updated_at"])
        log_activity(
            actor=by.user,
            action="pair.agreement.sign",
            target=pair,
            data={"version": agreement.version, "role": role},
        )
    return agreement
