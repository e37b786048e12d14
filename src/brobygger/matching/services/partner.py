"""Propose one pair the coordinator picked for a person without a partner, without a full
run: the engine checks the two (every hard rule, forbidden and earlier pairs included) as
a run of those two people only, which is then sent as usual (``send_proposals``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.applications.models import Application
from brobygger.core.services import log_activity
from brobygger.matching import engine
from brobygger.matching.models import MatchRun, RunStatus
from brobygger.matching.reasons import reason_text
from brobygger.matching.selectors.instance import build_instance, current_fingerprint
from brobygger.matching.selectors.partner import busy_applications
from brobygger.matching.services.inputs import current_inputs_version
from brobygger.matching.services.runs import refuse_unless_matching
from brobygger.programs.models import Cohort

if TYPE_CHECKING:
    from brobygger.people.models import User


def _two_of(instance: dict[str, Any], mentee: str, mentor: str) -> dict[str, Any]:
    two = {mentee, mentor}
    return {
        **instance,
        "rules": {**instance["rules"], "target_pairs": None},
        "mentees": [p for p in instance["mentees"] if p["id"] == mentee],
        "mentors": [p for p in instance["mentors"] if p["id"] == mentor],
        "locked": [],
        "forbidden": [p for p in instance["forbidden"] if set(p) <= two],
        "meta": {**instance.get("meta", {}), "excluded": [], "manual": [], "partner_for": True},
    }


@transaction.atomic
def pair_from_pool(
    *, cohort: Cohort, mentee: Application, mentor: Application, by: User | None
) -> MatchRun:
    """A finished run holding exactly the pair ``mentee`` & ``mentor`` she picked, ready to
    be previewed and sent as a proposal.

    Refused (``ValidationError``, nothing saved) unless the matching may change (before
    publishing, or in a second round), both are in the matching pool with no open
    proposal, and the engine allows the pair: a broken rule, a forbidden, declined or
    earlier pair gives the engine's reason in words. Side effects: the run; an activity row.
    """
    cohort = Cohort.objects.select_for_update().select_related("initiative").get(pk=cohort.pk)
    refuse_unless_matching(cohort)
    built = build_instance(cohort)
    busy = busy_applications(cohort)
    for application, role in ((mentee, "mentee"), (mentor, "mentor")):
        if (
            built.applications.get(str(application.code)) is None
            or application.role != role
            or application.pk in busy
        ):
            raise ValidationError(
                _("%(name)s is not without a partner in this programme year.")
                % {"name": application.person},
                code="not_in_pool",
            )
    instance = _two_of(built.instance, str(mentee.code), str(mentor.code))
    if not instance["mentees"] or not instance["mentors"]:
        raise ValidationError(_("A profile lacks data the matching needs."), code="excluded")
    try:
        result = engine.solve(engine.load_instance(instance))
    except engine.InstanceError as error:
        raise ValidationError(
            "; ".join(message for _path, message in error.errors), code="invalid"
        ) from None
    found = result.to_dict(timings=True)  # the documented result JSON (docs/matching.md)
    if not found["pairs"]:
        why = found["unmatched"][0]
        raise ValidationError(
            _("The matching does not allow this pair: %(reason)s.")
            % {"reason": reason_text(cohort.kind, why["code"], why.get("params", {}))},
            code="not_allowed",
        )
    run = MatchRun(
        cohort=cohort,
        run_by=by,
        status=RunStatus.DONE,
        instance=instance,
        settings={"rules": instance["rules"], "weights": instance["weights"]},
        result=found,
        fingerprint=current_fingerprint(cohort),
        people=2,
        inputs_version=current_inputs_version(cohort),
        finished_at=timezone.now(),
    )
    run.full_clean()
    run.save()
    log_activity(
        actor=by,
        action="matching.pair_from_pool",
        target=cohort,
        data={"run": str(run.code), "mentee": str(mentee.code), "mentor": str(mentor.code)},
    )
    return run
