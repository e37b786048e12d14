"""The applicant's own applications: the only way applicant views fetch them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from brobygger.applications.choices import ApplicationStatus, Decision
from brobygger.applications.models import Answer, Application
from brobygger.applications.selectors.forms import role_label
from brobygger.core.models import FieldIs
from brobygger.programs.selectors import Contact, next_call, public_contact
from brobygger.programs.status import UNPUBLISHED_STATUSES, CohortStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from brobygger.people.models import Person, User
    from brobygger.programs.models import Cohort

#: the cohort statuses in which she can still withdraw herself (the service's rule)
WITHDRAWABLE_COHORT = (CohortStatus.OPEN, CohortStatus.REVIEW, CohortStatus.MATCHING)
#: the pairs are published: the programme year is on, or over
AFTER_MATCHING = tuple(s for s in CohortStatus.values if s not in UNPUBLISHED_STATUSES)


def applications_of(user: User | AnonymousUser) -> QuerySet[Application]:
    if not user.is_authenticated:
        return Application.objects.none()
    return Application.objects.filter(person__user=user).select_related(
        "cohort__initiative", "cohort__contact", "person__user"
    )


def get_own_application(user: User | AnonymousUser, code: Any) -> Application:
    """The user's own application; someone else's answers 404."""
    application = applications_of(user).filter(code=code).first()
    if application is None:
        raise Http404(_("No such application."))
    return application


def existing_application(
    user: User | AnonymousUser, cohort_id: int, role: str
) -> Application | None:
    return applications_of(user).filter(cohort_id=cohort_id, role=role).first()


def answers_by_question(application: Application) -> dict[int, Any]:
    return dict(Answer.objects.filter(application=application).values_list("question_id", "value"))


def other_role_application(*, cohort: Cohort, person: Person, role: str) -> Application | None:
    """Her application to ``cohort`` in the other role, unless withdrawn: one person takes
    part in a programme year in one role only (as mentor and mentee at once she could be
    paired with herself, and would take two places)."""
    return (
        Application.objects.filter(cohort=cohort, person=person)
        .exclude(role=role)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .first()
    )


def released_decision(application: Application) -> str:
    """The decision she has been told (``Decision``), else ``""``: a decision is hers to
    see only once the coordinator has sent it (``decision_released_at``)."""
    if application.status != ApplicationStatus.SUBMITTED:
        return ""
    if application.decision_released_at is None or application.decision == Decision.PENDING:
        return ""
    return str(application.decision)


class ApplicantState(StrEnum):
    """Where her application stands as she sees it: its status until a decision has been
    sent to her, then the decision (``TOOK_PART``: accepted, and the programme year is over;
    a label only)."""

    NOMINATED = ApplicationStatus.NOMINATED.value
    DRAFT = ApplicationStatus.DRAFT.value
    SUBMITTED = ApplicationStatus.SUBMITTED.value  # under review, or a decision not sent yet
    WITHDRAWN = ApplicationStatus.WITHDRAWN.value
    ACCEPTED = Decision.ACCEPTED.value
    WAITLISTED = Decision.WAITLISTED.value
    NOT_OFFERED = "not_offered"
    TOOK_PART = "took_part"


@dataclass(frozen=True)
class ApplicantStatus:
    """What the applicant sees of her application: where it stands and what comes next.

    ``state``: an :class:`ApplicantState` (all but ``TOOK_PART``).
    """

    application: Application
    state: ApplicantState
    label: str
    role_label: str
    matched: bool  # the pairs are published (the programme year is on, or over)
    ended: bool  # the programme year is over
    can_withdraw: bool
    ask_coordinator_to_end: bool
    next_call: Cohort | None

    @property
    def cohort(self) -> Cohort:
        return self.application.cohort

    @cached_property
    def contact(self) -> Contact | None:
        """Whom she writes to (asked only where it is shown: one query)."""
        return public_contact(self.application.cohort)

    @property
    def accepting_changes(self) -> bool:
        return self.application.is_editable_by_applicant

    #: we have sent her our answer: a place, the waiting list or no place
    is_answered = FieldIs(
        "state", ApplicantState.ACCEPTED, ApplicantState.WAITLISTED, ApplicantState.NOT_OFFERED
    )
    is_accepted = FieldIs("state", ApplicantState.ACCEPTED)
    is_waitlisted = FieldIs("state", ApplicantState.WAITLISTED)
    is_not_offered = FieldIs("state", ApplicantState.NOT_OFFERED)
    is_submitted = FieldIs("state", ApplicantState.SUBMITTED)
    is_withdrawn = FieldIs("state", ApplicantState.WITHDRAWN)
    is_draft = FieldIs("state", ApplicantState.DRAFT)
    #: a draft, or a nomination she has not confirmed yet
    is_unsent = FieldIs("state", ApplicantState.NOMINATED, ApplicantState.DRAFT)

    @property
    def wants_next_call(self) -> bool:
        """No place for her this year: the page points her to the next call."""
        return self.is_not_offered or (self.is_waitlisted and self.matched)


_STATE_OF_DECISION = {
    Decision.ACCEPTED: ApplicantState.ACCEPTED,
    Decision.WAITLISTED: ApplicantState.WAITLISTED,
    Decision.REJECTED: ApplicantState.NOT_OFFERED,
}
_STATE_OF_STATUS = {
    ApplicationStatus.NOMINATED: ApplicantState.NOMINATED,
    ApplicationStatus.DRAFT: ApplicantState.DRAFT,
    ApplicationStatus.WITHDRAWN: ApplicantState.WITHDRAWN,
}


def _label(state: ApplicantState) -> str:
    labels = {
        ApplicantState.NOMINATED: pgettext(
            "application status", "Nominated, awaiting confirmation"
        ),
        ApplicantState.DRAFT: pgettext("application status", "Draft"),
        ApplicantState.SUBMITTED: pgettext("application status", "Submitted"),
        ApplicantState.WITHDRAWN: pgettext("application status", "Withdrawn"),
        ApplicantState.ACCEPTED: pgettext("applicant decision", "You have a place"),
        ApplicantState.TOOK_PART: pgettext("applicant decision", "Took part"),
        ApplicantState.WAITLISTED: pgettext("applicant decision", "On the waiting list"),
        ApplicantState.NOT_OFFERED: pgettext("applicant decision", "Not offered a place"),
    }
    return labels[state]


def applicant_status(application: Application, now: dt.datetime | None = None) -> ApplicantStatus:
    """Her application as she may see it: the released decision with its next step, never
    an unreleased one; whether she can withdraw herself or must ask the coordinator."""
    now = now or timezone.now()
    cohort = application.cohort
    decision = released_decision(application)
    if decision:
        state = _STATE_OF_DECISION[Decision(decision)]
    else:
        state = _STATE_OF_STATUS.get(
            ApplicationStatus(application.status), ApplicantState.SUBMITTED
        )
    matched = cohort.status in AFTER_MATCHING
    ended = cohort.status in (CohortStatus.CLOSED, CohortStatus.ARCHIVED)
    open_to_withdraw = state in (
        ApplicantState.NOMINATED,
        ApplicantState.DRAFT,
        ApplicantState.SUBMITTED,
        ApplicantState.ACCEPTED,
        ApplicantState.WAITLISTED,
    )
    unsent = state in (ApplicantState.NOMINATED, ApplicantState.DRAFT)
    can_withdraw = (
        open_to_withdraw
        and cohort.status in WITHDRAWABLE_COHORT
        and not (unsent and not application.is_editable_by_applicant)  # past the deadline
    )
    # after matching she is in a pair (or was told she has a place): ending is a talk
    ask_to_end = (
        state in (ApplicantState.ACCEPTED, ApplicantState.SUBMITTED) and matched and not ended
    )
    status = ApplicantStatus(
        application=application,
        state=state,
        # a year that is over: she took part (the page thanks her), no place to look forward to
        label=_label(
            ApplicantState.TOOK_PART if state == ApplicantState.ACCEPTED and ended else state
        ),
        role_label=role_label(cohort, application.role),
        matched=matched,
        ended=ended,
        can_withdraw=can_withdraw,
        ask_coordinator_to_end=ask_to_end,
        next_call=None,
    )
    return replace(status, next_call=next_call(cohort, now)) if status.wants_next_call else status
