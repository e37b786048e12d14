"""The coordinator's hand on the matching: lock, forbid, leave out, swap, pair by hand.

Constraints are kept across runs; a lock or forbid of the same pair replaces the other.
Each change makes the latest run stale (it can no longer be sent or published until the
matching runs again), and is refused once the pairs are published. Forbidding a pair that
has an open proposal withdraws the proposal: a pair is never both forbidden and proposed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from brobygger.applications.models import Application
from brobygger.core.services import log_activity
from brobygger.matching.models import ConstraintKind, MatchConstraint, MatchRun
from brobygger.matching.selectors.checks import check_pair, swap_preview
from brobygger.matching.selectors.instance import matching_pool
from brobygger.matching.services.inputs import mark_matching_inputs_changed
from brobygger.matching.services.proposals import withdraw_open_proposals
from brobygger.matching.services.runs import refuse_unless_matching, start_run
from brobygger.programs.models import Cohort

if TYPE_CHECKING:
    from brobygger.people.models import User


def _refuse_unless_eligible(cohort: Cohort, *applications: tuple[Application, str]) -> None:
    eligible = set(matching_pool(cohort).values_list("pk", flat=True))
    for application, role in applications:
        if application.pk not in eligible or application.role != role:
            raise ValidationError(
                _("%(name)s is not an accepted %(role)s applicant of this programme year.")
                % {"name": application.person, "role": application.get_role_display().lower()},
                code="not_eligible",
            )


def _log(by: User | None, action: str, cohort: Cohort, c: MatchConstraint) -> None:
    log_activity(
        actor=by,
        action=action,
        target=cohort,
        data={
            "constraint": c.pk,
            "kind": c.kind,
            "mentee": str(c.mentee_application.code) if c.mentee_application else None,
            "mentor": str(c.mentor_application.code) if c.mentor_application else None,
            "override_reason": c.override_reason,
        },
    )


def _save_pair_constraint(
    cohort: Cohort,
    kind: str,
    mentee: Application,
    mentor: Application,
    by: User | None,
    override_reason: str = "",
) -> MatchConstraint:
    cohort = Cohort.objects.select_for_update().select_related("initiative").get(pk=cohort.pk)
    refuse_unless_matching(cohort)
    _refuse_unless_eligible(cohort, (mentee, "mentee"), (mentor, "mentor"))
    pair = MatchConstraint.objects.filter(
        cohort=cohort, mentee_application=mentee, mentor_application=mentor
    )
    pair.exclude(kind=kind).delete()
    if kind == ConstraintKind.LOCK:
        others = MatchConstraint.objects.filter(
            cohort=cohort, kind=ConstraintKind.LOCK, mentee_application=mentee
        ).exclude(mentor_application=mentor)
        if others.exists():
            raise ValidationError(
                _("%(name)s is already locked to another mentor. Unlock that pair first.")
                % {"name": mentee.person},
                code="already_locked",
            )
        taken = MatchConstraint.objects.filter(
            cohort=cohort, kind=ConstraintKind.LOCK, mentor_application=mentor
        ).exclude(mentee_application=mentee)
        if taken.count() >= mentor.capacity:
            raise ValidationError(
                _("%(name)s has no room for another locked pair (capacity %(capacity)d).")
                % {"name": mentor.person, "capacity": mentor.capacity},
                code="capacity",
            )
    constraint = pair.filter(kind=kind).first() or MatchConstraint(
        cohort=cohort, kind=kind, mentee_application=mentee, mentor_application=mentor
    )
    constraint.override_reason = override_reason
    constraint.created_by = by
    constraint.full_clean()
    constraint.save()
    if kind == ConstraintKind.FORBID:
        withdraw_open_proposals(cohort=cohort, mentee=mentee, mentor=mentor, by=by)
    mark_matching_inputs_changed(cohort=cohort)
    _log(by, f"matching.{kind}", cohort, constraint)
    return constraint


@transaction.atomic
def lock_pair(
    *, cohort: Cohort, mentee: Application, mentor: Application, by: User | None
) -> MatchConstraint:
    """Keep this pair in every later run."""
    return _save_pair_constraint(cohort, ConstraintKind.LOCK, mentee, mentor, by)


@transaction.atomic
def forbid_pair(
    *, cohort: Cohort, mentee: Application, mentor: Application, by: User | None
) -> MatchConstraint:
    """Never form this pair in later runs; an open proposal of the pair is withdrawn."""
    return _save_pair_constraint(cohort, ConstraintKind.FORBID, mentee, mentor, by)


@transaction.atomic
def remove_person(*, cohort: Cohort, application: Application, by: User | None) -> MatchConstraint:
    """Leave one accepted applicant out of later runs (her locks go too)."""
    cohort = Cohort.objects.select_for_update().select_related("initiative").get(pk=cohort.pk)
    refuse_unless_matching(cohort)
    _refuse_unless_eligible(cohort, (application, application.role))
    side = "mentee_application" if application.role == "mentee" else "mentor_application"
    MatchConstraint.objects.filter(
        cohort=cohort, kind=ConstraintKind.LOCK, **{side: application}
    ).delete()
    constraint, _created = MatchConstraint.objects.get_or_create(
        cohort=cohort,
        kind=ConstraintKind.REMOVE,
        **{side: application},
        defaults={"created_by": by},
    )
    mark_matching_inputs_changed(cohort=cohort)
    _log(by, "matching.remove", cohort, constraint)
    return constraint


@transaction.atomic
def delete_constraint(*, constraint: MatchConstraint, by: User | None) -> None:
    """Undo a lock, forbid, removal or hand-made pair."""
    cohort = (
        Cohort.objects.select_for_update().select_related("initiative").get(pk=constraint.cohort_id)
    )
    refuse_unless_matching(cohort)
    _log(by, "matching.constraint_delete", cohort, constraint)
    constraint.delete()
    mark_matching_inputs_changed(cohort=cohort)


@transaction.atomic
def create_manual_pair(
    *,
    cohort: Cohort,
    mentee: Application,
    mentor: Application,
    override_reason: str,
    by: User | None,
) -> MatchConstraint:
    """Pair two people by hand. The engine checks the pair; a pair that breaks a rule is
    refused unless ``override_reason`` says why (then logged as an override)."""
    refuse_unless_matching(cohort)
    check = check_pair(cohort, mentee, mentor)
    override_reason = override_reason.strip()
    if not check.allowed and not override_reason:
        raise ValidationError(
            _("This pair breaks a rule: %(rules)s. Write a reason to make it anyway.")
            % {"rules": "; ".join(check.broken)},
            code="breaks_rule",
        )
    reason = override_reason if not check.allowed else ""
    constraint = _save_pair_constraint(cohort, ConstraintKind.LOCK, mentee, mentor, by, reason)
    if reason:
        log_activity(
            actor=by,
            action="matching.override",
            target=cohort,
            data={
                "mentee": str(mentee.code),
                "mentor": str(mentor.code),
                "broken": check.broken,
                "reason": reason,
            },
        )
    return constraint


@transaction.atomic
def swap_mentors(
    *,
    run: MatchRun,
    pair_a: tuple[Application, Application],
    pair_b: tuple[Application, Application],
    by: User | None,
) -> MatchRun:
    """Give each of two mentees the other's mentor: both new pairs are locked and the
    engine re-runs around them. Refused when a new pair breaks a hard rule."""
    cohort = run.cohort
    refuse_unless_matching(cohort)
    checks = swap_preview(run, pair_a, pair_b)
    broken = [c for c in checks if not c.allowed]
    if broken:
        raise ValidationError(
            _("The swap breaks a rule: %(rules)s.")
            % {
                "rules": "; ".join(
                    f"{c.mentee.person} & {c.mentor.person}: {', '.join(c.broken)}" for c in broken
                )
            },
            code="breaks_rule",
        )
    (e1, m1), (e2, m2) = pair_a, pair_b
    MatchConstraint.objects.filter(
        cohort=cohort, kind=ConstraintKind.LOCK, mentee_application__in=[e1, e2]
    ).delete()
    lock_pair(cohort=cohort, mentee=e1, mentor=m2, by=by)
    lock_pair(cohort=cohort, mentee=e2, mentor=m1, by=by)
    log_activity(
        actor=by,
        action="matching.swap",
        target=cohort,
        data={"pairs": [[str(e1.code), str(m2.code)], [str(e2.code), str(m1.code)]]},
    )
    return start_run(cohort=cohort, by=by)
