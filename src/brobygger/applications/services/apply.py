"""The applicant's side: an account on the fly, draft, submit, edit, withdraw."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.applications.choices import ApplicationStatus
from brobygger.applications.models import Answer, Application, Question
from brobygger.applications.selectors.applications import other_role_application
from brobygger.applications.selectors.forms import role_label
from brobygger.applications.signals import matching_pool_changed
from brobygger.core.emails import send_templated_email
from brobygger.core.services import log_activity
from brobygger.people.models import Person, User
from brobygger.people.services import company_for_name, ensure_person, update_profile
from brobygger.privacy.models import Consent, PrivacyNotice
from brobygger.privacy.services import record_consent, set_partner_consent
from brobygger.programs.models import Cohort
from brobygger.programs.status import CohortStatus

if TYPE_CHECKING:
    from brobygger.people.models import User as UserType


@transaction.atomic
def ensure_applicant(*, email: str, first_name: str = "", last_name: str = "") -> Person:
    """The person behind ``email``, with an account created on the fly (no password)."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email, None, first_name=first_name, last_name=last_name)
        # Unverified until the emailed code proves the address (allauth verifies it then).
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
        log_activity(actor=None, action="account.create_for_application", target=user)
    return ensure_person(user=user)


def _refuse_outside_window(cohort: Cohort, now: dt.datetime | None = None) -> None:
    if not cohort.applications_are_open(now):
        raise ValidationError(
            _("Applications to %(cohort)s are closed; nothing was saved.") % {"cohort": cohort},
            code="window_closed",
        )


def already_applied_message(cohort: Cohort, role: str) -> str:
    return _(
        "You have already applied to this programme year as “%(role)s”. One person takes part "
        "in one role; withdraw that application first if you would rather apply as "
        "“%(other)s”."
    ) % {"role": role_label(cohort, role), "other": role_label(cohort, _other_role(role))}


def _other_role(role: str) -> str:
    return "mentee" if role == "mentor" else "mentor"


def refuse_second_role(*, cohort: Cohort, person: Person, role: str) -> None:
    """Raise when ``person`` already applied to ``cohort`` in the other role."""
    other = other_role_application(cohort=cohort, person=person, role=role)
    if other is not None:
        raise ValidationError(
            already_applied_message(cohort, other.role),
            code="other_role",
            params={"url": reverse("applications:application-edit", args=[other.code])},
        )


@dataclass
class ApplicationInput:
    """Everything the applicant's form collects, already validated by the form."""

    profile: dict[str, Any]
    answers: dict[int, Any]
    meeting_format: str
    capacity: int
    notice: PrivacyNotice | None
    submit: bool
    extra: dict[str, Any] = field(default_factory=dict)
    #: a proposed partner may read her goals and strengths (None: leave the consent as is)
    share_with_partner: bool | None = None


@transaction.atomic
def save_application(
    *,
    cohort: Cohort,
    person: Person,
    role: str,
    data: ApplicationInput,
    by: UserType,
    application: Application | None = None,
    now: dt.datetime | None = None,
) -> Application:
    """Create or update ``person``'s application, as a draft or submitted. ``now``: when
    she saves it (the demo's story; otherwise the clock).

    Side effects: the profile is updated; answers are stored; consent to the privacy
    notice is recorded (version and time); the first submission sends a confirmation
    email in the applicant's language; an activity-log row.
    """
    now = now or timezone.now()
    cohort = Cohort.objects.select_for_update().select_related("initiative").get(pk=cohort.pk)
    _refuse_outside_window(cohort, now)
    if application is None:
        existing = Application.objects.filter(cohort=cohort, person=person, role=role).first()
        if existing is not None:
            raise ValidationError(
                _("You have already applied to %(cohort)s in this role.") % {"cohort": cohort},
                code="duplicate",
                params={"url": reverse("applications:application-edit", args=[existing.code])},
            )
        refuse_second_role(cohort=cohort, person=person, role=role)
        application = Application(cohort=cohort, person=person, role=role)
    elif application.person_id != person.pk or application.cohort_id != cohort.pk:
        raise ValidationError(_("This is not your application."), code="not_owner")
    if application.status == ApplicationStatus.WITHDRAWN:
        raise ValidationError(_("This application was withdrawn."), code="withdrawn")
    if data.notice is None:
        raise ValidationError(_("You must accept the privacy notice."), code="consent")

    if data.profile.get("company_name"):
        data.profile["company"] = company_for_name(data.profile.pop("company_name"), by=by)
    data.profile.pop("company_name", None)
    update_profile(person=person, data=data.profile, by=by)

    first_submission = data.submit and application.submitted_at is None
    application.meeting_format = data.meeting_format
    application.capacity = data.capacity
    if data.submit:
        application.status = ApplicationStatus.SUBMITTED
        application.submitted_at = application.submitted_at or now
    elif application.status == ApplicationStatus.NOMINATED:
        application.status = ApplicationStatus.DRAFT
    application.full_clean()
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:  # a second tab or a replayed request
        raise ValidationError(
            _("You have already applied to %(cohort)s in this role.") % {"cohort": cohort},
            code="duplicate",
        ) from error
    _save_answers(application, data.answers)
    record_consent(person=person, notice=data.notice, purpose=Consent.Purpose.APPLICATION, by=by)
    if data.share_with_partner is not None:
        set_partner_consent(person=person, notice=data.notice, give=data.share_with_partner, by=by)
    log_activity(
        actor=by,
        action="application.submit" if data.submit else "application.save_draft",
        target=application,
    )
    if first_submission:
        _send_confirmation(application)
    return application


def _save_answers(application: Application, answers: dict[int, Any]) -> None:
    questions = {q.pk: q for q in Question.objects.filter(cohort=application.cohort)}
    for question_id, value in answers.items():
        question = questions.get(question_id)
        if question is None or question.role != application.role:
            raise ValidationError(_("The form has changed; reload the page."), code="stale_form")
        Answer.objects.update_or_create(
            application=application, question=question, defaults={"value": value}
        )


def _send_confirmation(application: Application) -> None:
    user = application.person.user
    send_templated_email(
        to=user.email,
        template_prefix="applications/email/confirmation",
        context={
            "name": user.get_short_name(),
            "cohort": application.cohort,
            "initiative": application.cohort.initiative.name,
            "deadline": application.cohort.applications_close_at,
            "url": reverse("applications:application-edit", args=[application.code]),
        },
        language=user.language,
    )


@transaction.atomic
def withdraw_application(*, application: Application, by: UserType) -> Application:
    """The applicant withdraws. Possible until pairs are published (the cohort runs)."""
    application = (
        Application.objects.select_for_update()
        .select_related("cohort__initiative")
        .get(pk=application.pk)
    )
    if application.status == ApplicationStatus.WITHDRAWN:
        return application  # a replayed request changes nothing
    if application.cohort.status not in (
        CohortStatus.OPEN,
        CohortStatus.REVIEW,
        CohortStatus.MATCHING,
    ):
        raise ValidationError(
            _("The programme year has started; contact the coordinator to end early."),
            code="too_late",
        )
    application.status = ApplicationStatus.WITHDRAWN
    application.withdrawn_at = timezone.now()
    application.save(update_fields=["status", "withdrawn_at", "updated_at"])
    # the latest matching run is stale
    matching_pool_changed.send(sender=Application, cohort_id=application.cohort_id)
    log_activity(actor=by, action="application.withdraw", target=application)
    return application
