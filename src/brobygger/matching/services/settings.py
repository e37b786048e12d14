"""The cohort's matching settings: weights, rules, target size, reminder delay, earlier pairs.

Saving them makes the latest run stale; once the pairs are published they no longer change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from brobygger.core.services import log_activity
from brobygger.matching.selectors.instance import DEFAULT_WEIGHTS
from brobygger.matching.services.inputs import mark_matching_inputs_changed
from brobygger.programs.models import Cohort
from brobygger.programs.status import UNPUBLISHED_STATUSES

if TYPE_CHECKING:
    from brobygger.people.models import User

MAX_WEIGHT = 5


def check_weights(weights: dict[str, float]) -> dict[str, float]:
    """The matching weights as the engine reads them, or a ValidationError."""
    unknown = set(weights) - set(DEFAULT_WEIGHTS)
    if unknown or any(not 0 <= w <= MAX_WEIGHT for w in weights.values()):
        raise ValidationError(_("Each weight is a number from 0 to 5."), code="weight_range")
    if not any(weights.get(name, default) > 0 for name, default in DEFAULT_WEIGHTS.items()):
        raise ValidationError(
            _("At least one weight must be above 0, or every pair would score the same."),
            code="all_zero",
        )
    return {name: float(value) for name, value in weights.items()}


@transaction.atomic
def update_matching_settings(
    *,
    cohort: Cohort,
    weights: dict[str, float],
    company_rule: str,
    direction_rule: str,
    min_gap_years: int | None,
    target_pairs: int | None,
    proposal_reminder_days: int,
    avoid_earlier_pairs: bool = True,
    company_conflicts: str | None = None,
    by: User | None,
) -> Cohort:
    """Save the settings on the cohort (empty rule = the kind's default)."""
    cohort = Cohort.objects.select_for_update().select_related("initiative").get(pk=cohort.pk)
    if cohort.status not in UNPUBLISHED_STATUSES:
        raise ValidationError(
            _(
                "The pairs of this programme year are published (“%(status)s”): the matching "
                "settings can no longer change."
            )
            % {"status": cohort.get_status_display()},
            code="not_settable",
        )
    check_weights(weights)
    before = {
        "weights": cohort.matching_weights,
        "company_rule": cohort.company_rule,
        "direction_rule": cohort.direction_rule,
        "min_gap_years": cohort.min_gap_years,
        "target_pairs": cohort.target_pairs,
        "proposal_reminder_days": cohort.proposal_reminder_days,
        "avoid_earlier_pairs": cohort.avoid_earlier_pairs,
        "company_conflicts": cohort.company_conflicts,
    }
    cohort.matching_weights = {name: float(value) for name, value in weights.items()}
    cohort.company_rule = company_rule
    cohort.direction_rule = direction_rule
    cohort.min_gap_years = min_gap_years
    cohort.target_pairs = target_pairs
    cohort.proposal_reminder_days = proposal_reminder_days
    cohort.avoid_earlier_pairs = avoid_earlier_pairs
    if company_conflicts is not None:  # None: unchanged
        cohort.company_conflicts = company_conflicts
    cohort.full_clean()
    cohort.save()
    mark_matching_inputs_changed(cohort=cohort)
    after = {
        "weights": cohort.matching_weights,
        "company_rule": company_rule,
        "direction_rule": direction_rule,
        "min_gap_years": min_gap_years,
        "target_pairs": target_pairs,
        "proposal_reminder_days": proposal_reminder_days,
        "avoid_earlier_pairs": avoid_earlier_pairs,
        "company_conflicts": cohort.company_conflicts,
    }
    log_activity(
        actor=by,
        action="matching.settings",
        target=cohort,
        data={"before": before, "after": after},
    )
    return cohort
