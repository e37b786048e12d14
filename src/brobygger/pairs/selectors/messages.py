"""Who a coordinator's message goes to, the message as a mass email (``core.mailings``), and
the cohort's message log."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from brobygger.core.mailings import MailingPlan, PlannedEmail
from brobygger.gatherings.models import Gathering
from brobygger.gatherings.selectors import invitees_of, participants_of
from brobygger.pairs.models import Audience, Message, Pair, PairRole, PairStatus
from brobygger.pairs.selectors.health import at_risk_pairs
from brobygger.people.models import Person
from brobygger.programs.models import Cohort
from brobygger.programs.selectors import reply_address

if TYPE_CHECKING:
    from brobygger.people.models import User

PARTICIPATING = (PairStatus.ACTIVE, PairStatus.COMPLETED)
MESSAGE = "pairs.message"
MESSAGE_EMAIL = "pairs/email/message"

#: a text that already greets its reader gets no "Hi <name>," from us
_GREETING = re.compile(
    r"^\W*(hei|hallo|heisann|hallais|kjære|god\s+(morgen|dag|ettermiddag|kveld)"
    r"|hi|hello|hey|dear|good\s+(morning|afternoon|evening))\b",
    re.IGNORECASE,
)


def starts_with_greeting(text: str) -> bool:
    """Whether ``text`` begins with a greeting ("Hei alle sammen", "Dear all", …)."""
    return bool(_GREETING.match(text))


def recipients(
    *,
    cohorts: Sequence[Cohort],
    audience: str,
    role: str = "",
    gathering: Gathering | None = None,
    pair: Pair | None = None,
) -> list[Person]:
    """The people a message reaches, each once, in name order; never an erased person."""
    people: Any
    if audience == Audience.EVERYONE:
        people = participants_of(cohorts)
    elif audience == Audience.ROLE:
        relation = "pairs_as_mentor" if role == PairRole.MENTOR else "pairs_as_mentee"
        ids = Person.objects.filter(
            **{f"{relation}__cohort__in": cohorts, f"{relation}__status__in": PARTICIPATING},
            erased_at__isnull=True,
        ).values("pk")
        people = Person.objects.filter(pk__in=ids).select_related("user")
    elif audience == Audience.GATHERING and gathering is not None:
        people = invitees_of(gathering, cohorts=cohorts)
    elif audience == Audience.AT_RISK:
        people = [p for pair in at_risk_pairs(list(cohorts)) for p in pair.members]
    elif audience == Audience.PAIR and pair is not None:
        people = list(pair.members)
    else:
        people = []
    unique = {p.pk: p for p in people if p.erased_at is None}
    return sorted(unique.values(), key=lambda p: (p.user.first_name, p.user.last_name, p.pk))


def why_nobody(*, cohorts: Sequence[Cohort], audience: str) -> str:
    """Why a message would reach nobody, in words she can act on. A message reaches the
    people in the pairs of the chosen programme years (the pairs' members, invitees or
    pairs at risk); before a year's pairs are published there is nobody to write to, and
    the applicants hear about their place through the decision emails instead."""
    pair_audiences = (Audience.EVERYONE, Audience.ROLE, Audience.AT_RISK, Audience.GATHERING)
    if audience in pair_audiences and not Pair.objects.filter(cohort__in=cohorts).exists():
        return _(
            "Messages reach the people in the pairs of the chosen programme years, and no "
            "pairs have been published in them yet, so nobody would get this message. "
            "Applicants hear whether they got a place through the decision emails "
            "(Applications → Send decisions); once the pairs are published, you can write "
            "to them here."
        )
    return _(
        "Nobody in the chosen programme years fits these recipients, so nobody would "
        "get this message."
    )


def message_mailing(
    *,
    cohort: Cohort,
    cohorts: Sequence[Cohort],
    audience: str,
    subject: str,
    body: str,
    by: User,
    role: str = "",
    gathering: Gathering | None = None,
    pair: Pair | None = None,
) -> MailingPlan:
    """The emails sending this message now would send: one to each recipient, in her
    language, greeting her by name unless the text already greets, signed by ``by``, with
    replies going to the programme year's contact person (or to ``by``).

    The fingerprint covers the text too (``key``), so the preview she confirms is this text.
    """
    cohorts = list(cohorts) or [cohort]
    subject, body = subject.strip(), body.strip()
    people = recipients(
        cohorts=cohorts, audience=audience, role=role, gathering=gathering, pair=pair
    )
    content = [
        audience,
        role,
        str(gathering.code) if gathering else "",
        str(pair.code) if pair else "",
        sorted(str(c.code) for c in cohorts),
        subject,
        body,
    ]
    key = hashlib.sha256(json.dumps(content).encode()).hexdigest()[:32]
    reply_to = reply_address(cohort, by)
    greet = not starts_with_greeting(body)
    emails = [
        PlannedEmail.to(
            person,
            template_prefix=MESSAGE_EMAIL,
            context={
                "name": person.user.get_short_name(),
                "greet": greet,
                "subject": subject,
                "body": body,
                "sender": by.get_full_name(),
                "sender_email": by.email,
                "cohort": cohort,
            },
            key=key,
        )
        for person in people
    ]
    return MailingPlan(
        action=MESSAGE,
        target=f"cohort:{cohort.code}",
        scope=str(cohort.code),
        title=subject,
        emails=emails,
        reply_to=reply_to,
    )


def message_log(cohort: Cohort) -> QuerySet[Message]:
    return (
        Message.objects.filter(cohort=cohort)
        .select_related(
            "sent_by", "gathering", "pair__mentor__user", "pair__mentee__user", "mailing"
        )
        .prefetch_related("cohorts__initiative")
        .order_by("-created_at")
    )
