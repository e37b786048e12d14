"""The matching's two mass emails as plans (``core.mailings``): the proposals a send would
email now, and the "you are matched" emails a publication would send.

A preview is built before the rows its links point to exist (a proposal's personal link, a
pair's page), so the preview shows ``…`` for the link; the service creates the rows, then
builds the same emails with the real links through :func:`proposal_plan` and
:func:`publish_plan`, and their fingerprint is the same (it names people, templates and
``key``, never the link).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.applications.models import Application
from brobygger.core.mailings import MailingPlan, PlannedEmail
from brobygger.matching.models import MatchRun, Proposal, ProposalStatus
from brobygger.matching.reasons import lazy_role_label
from brobygger.matching.selectors.instance import forbidden_pairs, is_second_round
from brobygger.matching.selectors.introduction import Introduction, answer_by, introduce
from brobygger.matching.selectors.proposals import OPEN_STATUSES
from brobygger.matching.selectors.runs import latest_done_run
from brobygger.programs.kinds import profile
from brobygger.programs.models import Cohort
from brobygger.programs.selectors import reply_address
from brobygger.programs.status import CohortStatus

if TYPE_CHECKING:
    from brobygger.people.models import User

SEND_PROPOSALS = "matching.send_proposals"
PUBLISH_PAIRS = "matching.publish_pairs"
PROPOSAL_EMAIL = "matching/email/proposal"
MATCHED_EMAIL = "matching/email/matched"
LINK_NOT_MADE_YET = "…"  # the preview: the personal link or the pair page does not exist yet


def roles_asked_first(cohort: Cohort) -> tuple[str, ...]:
    """Who a new proposal emails now: the role the kind asks first (reverse mentoring: the
    senior, who is the mentee; ``KindProfile.asks_first``), or both."""
    first = profile(cohort.kind).asks_first
    return (first,) if first else ("mentee", "mentor")


def proposal_context(
    *,
    user: Any,
    cohort: Cohort,
    role: str,
    partner: Any,
    answer_path: str,
    introduction: Introduction | None = None,
) -> dict[str, Any]:
    """The proposal email's context (also its reminder's); ``introduction``: the partner
    in her own words and the pair in sentences (``selectors.introduction``)."""
    return {
        "introduction": introduction,
        "name": user.get_short_name(),
        "cohort": cohort,
        "role": lazy_role_label(cohort.kind, role),
        "partner_name": partner.name,
        "partner_title": partner.job_title,
        "partner_company": partner.company.name if partner.company else "",
        "answer_path": answer_path,
    }


def proposal_key(run: MatchRun, mentee: Application, mentor: Application, role: str) -> str:
    return f"{run.code}:{mentee.code}:{mentor.code}:{role}"


@dataclass(frozen=True)
class PairToPropose:
    mentee: Application
    mentor: Application
    pair: dict[str, Any]  # the run's pair: codes, score, terms, reason


def pairs_to_propose(cohort: Cohort, run: MatchRun | None) -> list[PairToPropose]:
    """The pairs of ``run`` a send would propose now: no open proposal for either person,
    not forbidden (a declined or forbidden pair, an avoided earlier pair)."""
    if run is None:
        return []
    open_ = Proposal.objects.filter(cohort=cohort, status__in=OPEN_STATUSES)
    busy = {str(c) for c in open_.values_list("mentee_application__code", flat=True)}
    busy |= {str(c) for c in open_.values_list("mentor_application__code", flat=True)}
    result = run.result or {"pairs": []}
    pairs = [*result["pairs"], *run.instance.get("meta", {}).get("manual", [])]
    forbidden = forbidden_pairs(cohort)
    chosen = [
        pair
        for pair in pairs
        if pair["mentee"] not in busy
        and pair["mentor"] not in busy
        and (pair["mentee"], pair["mentor"]) not in forbidden
    ]
    codes = {c for pair in chosen for c in (pair["mentee"], pair["mentor"])}
    apps = {
        str(a.code): a
        for a in Application.objects.select_related("person__user", "person__company").filter(
            cohort=cohort, code__in=codes
        )
    }
    return [
        PairToPropose(mentee=apps[pair["mentee"]], mentor=apps[pair["mentor"]], pair=pair)
        for pair in chosen
        if pair["mentee"] in apps and pair["mentor"] in apps
    ]


def proposal_email(
    *,
    cohort: Cohort,
    run: MatchRun,
    mentee: Application,
    mentor: Application,
    role: str,
    answer_path: str,
) -> PlannedEmail:
    me, partner = (mentee, mentor) if role == "mentee" else (mentor, mentee)
    user = me.person.user
    pair: dict[str, Any] = next(
        (p for p in (run.result or {}).get("pairs", []) if p["mentee"] == str(mentee.code)),
        {},
    )
    introduction = introduce(
        mentee=mentee,
        mentor=mentor,
        role=role,
        terms=pair.get("terms", []) if pair.get("mentor") == str(mentor.code) else [],
        answer_by=answer_by(None, cohort.proposal_reminder_days, timezone.now()),
    )
    return PlannedEmail.to(
        me.person,
        template_prefix=PROPOSAL_EMAIL,
        context=proposal_context(
            user=user,
            cohort=cohort,
            role=role,
            partner=partner.person,
            answer_path=answer_path,
            introduction=introduction,
        ),
        key=proposal_key(run, mentee, mentor, role),
    )


def proposal_plan(
    cohort: Cohort, emails: list[PlannedEmail], by: User | None = None
) -> MailingPlan:
    return MailingPlan(
        action=SEND_PROPOSALS,
        target=f"cohort:{cohort.code}",
        scope=str(cohort.code),
        title=_("Match proposals"),
        emails=emails,
        reply_to=reply_address(cohort, by),
    )


def proposal_mailing(cohort: Cohort, by: User | None = None) -> MailingPlan:
    """The proposal emails a send would send now: for each pair of the latest run not yet
    proposed, one email to each person asked now (in reverse mentoring the senior only; the
    younger person is asked when the senior approves). Nothing unless matching."""
    emails: list[PlannedEmail] = []
    sendable = cohort.status == CohortStatus.MATCHING or is_second_round(cohort)
    run = latest_done_run(cohort) if sendable else None
    if run is not None:
        for item in pairs_to_propose(cohort, run):
            for role in roles_asked_first(cohort):
                emails.append(
                    proposal_email(
                        cohort=cohort,
                        run=run,
                        mentee=item.mentee,
                        mentor=item.mentor,
                        role=role,
                        answer_path=LINK_NOT_MADE_YET,
                    )
                )
    return proposal_plan(cohort, emails, by)


# -- publishing -------------------------------------------------------------------------


def accepted_proposals(cohort: Cohort) -> list[Proposal]:
    return list(
        Proposal.objects.filter(cohort=cohort, status=ProposalStatus.ACCEPTED)
        .select_related(
            "cohort__initiative",
            "mentee_application__person__user",
            "mentor_application__person__user",
            "mentee_application__person__company",
            "mentor_application__person__company",
        )
        .order_by("pk")
    )


def matched_email(proposal: Proposal, role: str, *, pair_path: str) -> PlannedEmail:
    mentee, mentor = proposal.mentee_application.person, proposal.mentor_application.person
    me, partner = (mentee, mentor) if role == "mentee" else (mentor, mentee)
    user = me.user
    kind = proposal.cohort.kind
    found = profile(kind)
    return PlannedEmail.to(
        me,
        template_prefix=MATCHED_EMAIL,
        context={
            "name": user.get_short_name(),
            "cohort": proposal.cohort,
            "role": lazy_role_label(kind, role),
            "books_first_meeting": role == (found.first_meeting_booked_by or "mentee"),
            # executive shadowing: no meetings to book, the talent follows the leader
            "shadowing_days": found.shadowing_days,
            "partner_name": partner.name,
            "partner_role": lazy_role_label(kind, "mentor" if role == "mentee" else "mentee"),
            "pair_path": pair_path,
        },
        key=f"{proposal.code}:{role}",
    )


def publish_plan(cohort: Cohort, emails: list[PlannedEmail], by: User | None = None) -> MailingPlan:
    return MailingPlan(
        action=PUBLISH_PAIRS,
        target=f"cohort:{cohort.code}",
        scope=str(cohort.code),
        title=_("You are matched"),
        emails=emails,
        reply_to=reply_address(cohort, by),
    )


def publish_mailing(cohort: Cohort, by: User | None = None) -> MailingPlan:
    """The "you are matched" emails a publication would send now: both people of each
    proposal accepted by both (in a second round, the new pairs only: the people of the
    published pairs have no open proposal). Nothing once the year is closed."""
    emails: list[PlannedEmail] = []
    if cohort.status == CohortStatus.MATCHING or is_second_round(cohort):
        for proposal in accepted_proposals(cohort):
            for role in ("mentee", "mentor"):
                emails.append(matched_email(proposal, role, pair_path=LINK_NOT_MADE_YET))
    return publish_plan(cohort, emails, by)
