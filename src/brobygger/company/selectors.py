"""A company contact's view of her company's participants: who takes part, in which
programme year and role, and how far each has come. The one read behind "Our participants".

It lives in ``company``, the top layer of the company contact's pages, because a
participant's stage spans three apps: the accepted application (``applications``), the
proposed match (``matching``) and the pair (``pairs``).

What is never read, so it cannot be shown (docs/privacy.md, *What a company contact sees*):
applications that were not accepted, or whose decision the applicant has not been sent yet;
a proposal the employee herself has not been asked about; the partner (another company's
employee), the pair's own space, reasons and scores; answers; erased people; programme
years that retention has anonymised. Five queries, however many participants.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet, Value
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from brobygger.applications.choices import ApplicationStatus, Decision, Role
from brobygger.applications.models import Application
from brobygger.matching.models import ProposalSide
from brobygger.matching.reasons import lazy_role_label
from brobygger.matching.selectors.proposals import OPEN_STATUSES
from brobygger.pairs.models import Pair, PairStatus
from brobygger.programs.models import Cohort
from brobygger.programs.status import CohortStatus

if TYPE_CHECKING:
    from brobygger.people.models import Company, CompanyContact


class Stage:
    """How far a participant has come; the label is what her employer reads."""

    ACCEPTED = "accepted"
    NOT_MATCHED = "not_matched"
    PROPOSED = "proposed"
    ACTIVE = "active"
    COMPLETED = "completed"
    ENDED_EARLY = "ended_early"

    LABELS: dict[str, Promise] = {
        ACCEPTED: pgettext_lazy("participant stage", "Accepted, waiting for matching"),
        NOT_MATCHED: pgettext_lazy("participant stage", "Accepted, not matched"),
        PROPOSED: pgettext_lazy("participant stage", "Match proposed"),
        ACTIVE: pgettext_lazy("participant stage", "In a pair"),
        COMPLETED: pgettext_lazy("participant stage", "Completed"),
        ENDED_EARLY: pgettext_lazy("participant stage", "Ended early"),
    }
    #: a later stage wins when one person shows up in several reads (a pair over a proposal)
    RANK = {ACCEPTED: 0, NOT_MATCHED: 0, PROPOSED: 1, ENDED_EARLY: 2, COMPLETED: 3, ACTIVE: 4}
    FROM_PAIR = {
        PairStatus.ACTIVE.value: ACTIVE,
        PairStatus.COMPLETED.value: COMPLETED,
        PairStatus.ENDED_EARLY.value: ENDED_EARLY,
    }


#: past matching: an accepted person without a pair will not get one this programme year
_AFTER_MATCHING = (
    CohortStatus.PUBLISHED,
    CohortStatus.RUNNING,
    CohortStatus.CLOSED,
    CohortStatus.ARCHIVED,
)
_ROLES = (Role.MENTOR.value, Role.MENTEE.value)
_CURRENT = (
    CohortStatus.OPEN,
    CohortStatus.REVIEW,
    CohortStatus.MATCHING,
    CohortStatus.PUBLISHED,
    CohortStatus.RUNNING,
)


@dataclass(frozen=True)
class Participant:
    """One employee in one programme year and role: her name and title, nothing else."""

    name: str
    job_title: str
    cohort: Cohort
    role: str
    stage: str

    @property
    def role_label(self) -> str | Promise:
        return lazy_role_label(self.cohort.kind, self.role)

    @property
    def stage_label(self) -> Promise:
        return Stage.LABELS[self.stage]


@dataclass
class CohortParticipants:
    cohort: Cohort
    participants: list[Participant] = field(default_factory=list)

    @property
    def is_current(self) -> bool:
        return self.cohort.status in _CURRENT


def company_participants(contact: CompanyContact) -> list[CohortParticipants]:
    """The contact's company's participants, by programme year: current years first, then
    the newest kickoff; inside a year by name. Five queries, however many participants: the
    rows are read as plain values (a big employer has a thousand), then their programme
    years once."""
    company = contact.company
    found: dict[tuple[int, int, str], tuple[str, str, int, str, str]] = {}

    def note(row: tuple[Any, ...], stage: str) -> None:
        person_id, first, last, email, job_title, cohort_id, role = row[:7]
        key = (person_id, cohort_id, role)
        if key not in found or Stage.RANK[stage] > Stage.RANK[found[key][4]]:
            name = f"{first} {last}".strip() or email  # str(user), without the user
            found[key] = (name, job_title, cohort_id, role, stage)

    accepted = _accepted_applications(company).values_list(
        *_person("person"), "cohort_id", "role", "cohort__status"
    )
    for row in accepted:
        note(row, Stage.NOT_MATCHED if row[7] in _AFTER_MATCHING else Stage.ACCEPTED)
    sides = _asked_proposal_sides(company).values_list(
        *_person("person"), "proposal__cohort_id", "role"
    )
    for row in sides:
        note(row, Stage.PROPOSED)
    for role in _ROLES:
        pairs = _pairs_of(company, role).values_list(
            *_person(role), "cohort_id", Value(role), "status"
        )
        for row in pairs:
            note(row, Stage.FROM_PAIR[row[7]])
    cohorts = Cohort.objects.select_related("initiative").in_bulk(
        {cohort_id for _n, _t, cohort_id, _r, _s in found.values()}
    )
    return _grouped(
        Participant(name, job_title, cohorts[cohort_id], role, stage)
        for name, job_title, cohort_id, role, stage in found.values()
    )


def _person(prefix: str) -> tuple[str, ...]:
    """The columns a participant's row shows of the person at ``prefix``."""
    return (
        f"{prefix}_id",
        f"{prefix}__user__first_name",
        f"{prefix}__user__last_name",
        f"{prefix}__user__email",
        f"{prefix}__job_title",
    )


def of_year(groups: list[CohortParticipants], code: object) -> list[CohortParticipants]:
    """The programme year with cohort code ``code`` among ``groups``; a year without her
    company's participants (or another company's, or none at all) is a 404."""
    chosen = [group for group in groups if str(group.cohort.code) == str(code)]
    if not chosen:
        raise Http404(_("No such programme year."))
    return chosen


def _grouped(participants: Iterable[Participant]) -> list[CohortParticipants]:
    groups: dict[int, CohortParticipants] = {}
    for participant in sorted(participants, key=lambda p: (p.name.casefold(), p.role)):
        groups.setdefault(participant.cohort.pk, CohortParticipants(participant.cohort))
        groups[participant.cohort.pk].participants.append(participant)
    return sorted(
        groups.values(),
        key=lambda g: (
            not g.is_current,
            -g.cohort.kickoff_on.toordinal(),
            g.cohort.initiative.order,
            g.cohort.initiative_id,
        ),
    )


def _shown_cohort(prefix: str) -> Q:
    """Programme years past their draft, and not yet anonymised by retention (whose
    participants are not named any more, to their employer either)."""
    return ~Q(**{f"{prefix}status": CohortStatus.DRAFT}) & Q(
        **{f"{prefix}anonymisation__isnull": True}
    )


def _accepted_applications(company: Company) -> QuerySet[Application]:
    """Accepted, not withdrawn, and the applicant has been sent the decision: her employer
    never learns of an application before she knows the answer, nor of any other answer."""
    return Application.objects.filter(
        _shown_cohort("cohort__"),
        person__company=company,
        person__erased_at__isnull=True,
        status=ApplicationStatus.SUBMITTED,
        withdrawn_at__isnull=True,
        decision=Decision.ACCEPTED,
        decision_released_at__isnull=False,
    ).order_by()


def _asked_proposal_sides(company: Company) -> QuerySet[ProposalSide]:
    """Open proposals the employee has been asked to answer (in reverse mentoring the young
    mentor is asked after the senior approves), for an application still accepted."""
    still_accepted = Q()
    for role in _ROLES:
        application = f"proposal__{role}_application__"
        still_accepted |= Q(
            role=role,
            **{
                f"{application}status": ApplicationStatus.SUBMITTED,
                f"{application}decision": Decision.ACCEPTED,
            },
        )
    return ProposalSide.objects.filter(
        still_accepted,
        _shown_cohort("proposal__cohort__"),
        person__company=company,
        person__erased_at__isnull=True,
        asked_at__isnull=False,
        proposal__status__in=OPEN_STATUSES,
    ).order_by()


def _pairs_of(company: Company, role: str) -> QuerySet[Pair]:
    """Pairs with the company's employee in ``role``; the partner is not even read."""
    return Pair.objects.filter(
        _shown_cohort("cohort__"),
        **{f"{role}__company": company, f"{role}__erased_at__isnull": True},
    ).order_by()
