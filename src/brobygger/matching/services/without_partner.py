"""Tell the people without a partner what happens now (a previewed, confirmed send)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from brobygger.core.mailings import send_mailing
from brobygger.core.services import log_activity
from brobygger.matching.selectors.without_partner import Outcome, without_partner_mailing
from brobygger.programs.models import Cohort

if TYPE_CHECKING:
    from brobygger.core.models import Mailing
    from brobygger.people.models import User


@transaction.atomic
def tell_people_without_partner(
    *, cohort: Cohort, codes: list[str], outcome: str, other: str, token: str, by: User | None
) -> Mailing:
    """Send the "what happens now" emails she previewed (``token``): to each chosen person
    still without a partner, in her language, saying ``outcome`` (and, for another
    initiative, which: ``other``). Never the engine's reason.

    The cohort row is locked, so two coordinators confirming at once send one batch.
    Refused (``MailingRefused``) when the list changed since the preview or was sent
    already. Side effects: the batch with its send log; an activity-log row.
    """
    cohort = Cohort.objects.select_for_update().select_related("initiative").get(pk=cohort.pk)
    if outcome not in Outcome.values:
        raise ValidationError(_("Choose what happens now."), code="outcome")
    plan = without_partner_mailing(cohort, codes, outcome, other.strip(), by)
    mailing = send_mailing(plan, token=token, by=by)
    log_activity(
        actor=by,
        action="matching.tell_without_partner",
        target=cohort,
        data={"outcome": outcome, "count": plan.count, "mailing": str(mailing.code)},
    )
    return mailing
