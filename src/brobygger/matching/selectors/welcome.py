"""The welcome emails of a programme year's kickoff day, as a plan (``core.mailings``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from brobygger.core.mailings import MailingPlan, PlannedEmail
from brobygger.core.services import is_erased_address
from brobygger.matching.reasons import lazy_role_label
from brobygger.pairs.models import Pair, PairStatus
from brobygger.programs.models import Cohort
from brobygger.programs.selectors import reply_address

WELCOME = "matching.welcome"
WELCOME_EMAIL = "matching/email/welcome"


def welcome_mailing(cohort: Cohort) -> MailingPlan:
    """A welcome to both people of each active pair of ``cohort``, with the pair's page."""
    pairs = (
        Pair.objects.filter(cohort=cohort, status=PairStatus.ACTIVE)
        .select_related("mentee__user", "mentor__user")
        .order_by("pk")
    )
    emails = []
    for pair in pairs:
        for role in ("mentee", "mentor"):
            me, partner = pair.member(role), pair.member("mentor" if role == "mentee" else "mentee")
            user = me.user
            if not user.email or is_erased_address(user.email):
                continue
            emails.append(
                PlannedEmail(
                    user=user,
                    name=str(me.name),
                    address=user.email,
                    language=user.language,
                    template_prefix=WELCOME_EMAIL,
                    context={
                        "name": user.get_short_name(),
                        "cohort": cohort,
                        "role": lazy_role_label(cohort.kind, role),
                        "partner_name": partner.name,
                        "pair_path": reverse("pairs:pair-detail", args=[pair.code]),
                    },
                    key=f"{pair.code}:{role}",
                )
            )
    return MailingPlan(
        action=WELCOME,
        target=f"cohort:{cohort.code}",
        scope=str(cohort.code),
        title=_("Welcome at kickoff"),
        emails=emails,
        reply_to=reply_address(cohort),
    )
