"""The welcome emails on a programme year's kickoff day: once per programme year."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from brobygger.core.mailings import send_mailing
from brobygger.core.models import Mailing
from brobygger.matching.selectors.welcome import WELCOME, welcome_mailing

if TYPE_CHECKING:
    from brobygger.people.models import User
    from brobygger.programs.models import Cohort


@transaction.atomic
def send_welcome(*, cohort: Cohort, by: User | None = None) -> Mailing | None:
    """Welcome both people of each active pair of ``cohort``, after commit, in one batch
    with a send log (``core.mailings``); nothing when the programme year was welcomed
    before or has no pairs. No one previews it: the scheduler confirms its own plan.
    Side effects: the batch and its activity-log row (``send_mailing``)."""
    if Mailing.objects.filter(action=WELCOME, target=f"cohort:{cohort.code}").exists():
        return None
    plan = welcome_mailing(cohort)
    if not plan.emails:
        return None
    return send_mailing(plan, token=plan.token, by=by)


def on_cohort_started(sender: Any, *, cohort: Cohort, **kwargs: Any) -> None:
    """``programs.signals.cohort_started``: the year's kickoff day has come."""
    send_welcome(cohort=cohort)
