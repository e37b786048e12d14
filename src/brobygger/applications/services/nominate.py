"""A company contact nominates a pair from her own company (executive shadowing): a talent
and a top leader, or one of them for the matching to pair.

What the contact is told never depends on who exists: nothing here reads another person's
profile or applications before the nominee herself answers. Each nominee gets an email with
a random link to confirm (and consent to the privacy notice) or decline; only when every
nominee of the nomination has confirmed are accounts and applications made (one
transaction). A person already taking part in the programme year finds out at her own
confirmation; her employer sees only "not confirmed".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.applications.choices import ApplicationStatus, Role, Source
from brobygger.applications.models import (
    Application,
    Nomination,
    NominationStatus,
    Nominee,
    NomineeAnswer,
)
from brobygger.applications.selectors.forms import role_label
from brobygger.applications.selectors.nominations import (
    LIVE_NOMINATION_STATUSES,
    domain_of,
    domain_used_elsewhere,
    known_domains,
)
from brobygger.applications.selectors.nominee_reminders import (
    cohorts_with_nominations,
    nominee_reminder_mailing,
    nominees_to_remind,
)
from brobygger.applications.services.apply import ensure_applicant
from brobygger.core.emails import send_templated_email
from brobygger.core.mailings import send_scheduled_mailing
from brobygger.core.services import log_activity
from brobygger.people.models import CompanyContact, User
from brobygger.privacy.models import Consent
from brobygger.privacy.selectors import current_privacy_notice
from brobygger.privacy.services import record_consent
from brobygger.programs.kinds import CompanyRule
from brobygger.programs.models import Cohort
from brobygger.programs.selectors import reply_address

if TYPE_CHECKING:
    from brobygger.people.models import Person

#: the form's prefix for each role: the talent is the mentee side, the top leader the mentor
PREFIX = {Role.MENTEE.value: "talent", Role.MENTOR.value: "leader"}
#: statuses in which the contact may still change the nomination
#: what :func:`answer_nomination` returns for a person already in the programme year
ALREADY_TAKING_PART = "already_taking_part"
EDITABLE = (
    NominationStatus.WAITING,
    NominationStatus.DECLINED,
    NominationStatus.CHANGE_REQUESTED,
)


@dataclass(frozen=True)
class NomineeInput:
    first_name: str
    last_name: str
    email: str
    job_title: str
    private_address_confirmed: bool = False

    @property
    def normalised_email(self) -> str:
        return self.email.strip().lower()


def accepts_nominations(cohort: Cohort, now: dt.datetime | None = None) -> bool:
    """Nominations are for cohorts whose pairs are formed inside one company, while open."""
    return cohort.effective_company_rule() == CompanyRule.SAME and cohort.applications_are_open(now)


def _refuse_after_deadline(cohort: Cohort, now: dt.datetime | None = None) -> None:
    if not accepts_nominations(cohort, now):
        raise ValidationError(
            _("%(cohort)s does not take nominations now; nothing was saved.") % {"cohort": cohort},
            code="closed",
        )


def _check_nominees(
    *,
    contact: CompanyContact,
    cohort: Cohort,
    nominees: dict[str, NomineeInput],
    exclude: Nomination | None = None,
) -> None:
    """The contact's own checks, the same whoever exists: both addresses on her company's
    known domains (or confirmed), not one address twice, not someone her company already
    nominated in this programme year."""
    if not nominees:
        raise ValidationError(_("Nominate a talent, a top leader or both."), code="empty")
    errors: dict[str, list[str]] = {}
    emails = [n.normalised_email for n in nominees.values()]
    if len(set(emails)) < len(emails):
        errors.setdefault("leader_email", []).append(
            _("The talent and the top leader must be two different people.")
        )
    ours = known_domains(contact.company, also=contact.person.user.email)
    taken = Nominee.objects.filter(
        nomination__cohort=cohort,
        nomination__company=contact.company,
        nomination__status__in=LIVE_NOMINATION_STATUSES,
        email__in=emails,
    )
    if exclude is not None:
        taken = taken.exclude(nomination=exclude)
    taken_emails = {n.email for n in taken}
    for role, nominee in nominees.items():
        field = f"{PREFIX[role]}_email"
        email = nominee.normalised_email
        domain = domain_of(email)
        if email in taken_emails:
            errors.setdefault(field, []).append(
                _("You have already nominated %(email)s to this programme year.") % {"email": email}
            )
        elif domain not in ours and domain_used_elsewhere(domain, contact.company):
            errors.setdefault(field, []).append(
                _(
                    "%(domain)s is another company's email domain. The talent and the top "
                    "leader must both work at %(company)s."
                )
                % {"domain": domain, "company": contact.company}
            )
        elif domain not in ours and not nominee.private_address_confirmed:
            errors.setdefault(field, []).append(
                _(
                    "%(email)s is not on an email domain we know for %(company)s. Use the "
                    "work address, or tick the box to confirm that this address is right."
                )
                % {"email": email, "company": contact.company}
            )
    if errors:
        raise ValidationError(errors, code="nominees")


def _ask(nominee: Nominee, nomination: Nomination) -> None:
    """Email the nominee her random link (in her language if she has an account: reading
    that tells the contact nothing), with the programme year's contact as Reply-To."""
    cohort = nomination.cohort
    user = User.objects.filter(email__iexact=nominee.email).only("language").first()
    partner = next(
        (n for n in nomination.nominees.all() if n.pk != nominee.pk),
        None,
    )
    contact = nomination.nominated_by
    reply = reply_address(cohort)
    send_templated_email(
        to=nominee.email,
        template_prefix="applications/email/nominee_ask",
        context={
            "name": nominee.first_name,
            "contact": contact.person.name if contact else nomination.company.name,
            "company": nomination.company.name,
            "cohort": cohort,
            "role": role_label(cohort, nominee.role),
            "partner": partner.name if partner else "",
            "partner_role": role_label(cohort, partner.role) if partner else "",
            "deadline": cohort.applications_close_at,
            "url": reverse("applications:nominee-answer", args=[nominee.code]),
        },
        language=user.language if user is not None else "",
        reply_to=[reply] if reply else None,
    )
    nominee.emailed_at = timezone.now()
    nominee.save(update_fields=["emailed_at", "updated_at"])


def _save_nominee(nomination: Nomination, role: str, data: NomineeInput) -> Nominee:
    nominee = Nominee(
        nomination=nomination,
        role=role,
        first_name=data.first_name.strip(),
        last_name=data.last_name.strip(),
        email=data.normalised_email,
        job_title=data.job_title.strip(),
        private_address_confirmed=data.private_address_confirmed,
    )
    nominee.full_clean()
    nominee.save()
    return nominee


@transaction.atomic
def nominate_pair(
    *,
    contact: CompanyContact,
    cohort: Cohort,
    nominees: dict[str, NomineeInput],
    reason: str,
    wants_to_learn: str,
    by: User,
    now: dt.datetime | None = None,
) -> Nomination:
    """Nominate a talent (``"mentee"``) and a top leader (``"mentor"``) from the contact's
    company, or one of them. Nothing about anyone's profile is read: each nominee is
    emailed a link to confirm or decline. Raises a ValidationError (nothing saved) after
    the deadline or when the contact's own checks fail. ``now``: when she nominates (the
    demo's story; otherwise the clock)."""
    cohort = Cohort.objects.select_for_update().select_related("initiative").get(pk=cohort.pk)
    _refuse_after_deadline(cohort, now)
    _check_nominees(contact=contact, cohort=cohort, nominees=nominees)
    nomination = Nomination(
        cohort=cohort,
        company=contact.company,
        nominated_by=contact,
        reason=reason.strip(),
        wants_to_learn=wants_to_learn.strip(),
    )
    nomination.full_clean()
    nomination.save()
    saved = [_save_nominee(nomination, role, data) for role, data in sorted(nominees.items())]
    for nominee in saved:
        _ask(nominee, nomination)
    log_activity(
        actor=by,
        action="nomination.create",
        target=nomination,
        data={"cohort": str(cohort.code), "roles": sorted(nominees)},
    )
    return nomination


def _withdraw_application(application: Application | None) -> None:
    if application is None or application.status == ApplicationStatus.WITHDRAWN:
        return
    application.status = ApplicationStatus.WITHDRAWN
    application.withdrawn_at = timezone.now()
    application.save(update_fields=["status", "withdrawn_at", "updated_at"])


def _lock(nomination: Nomination) -> Nomination:
    return (
        # only this row is locked (PostgreSQL refuses FOR UPDATE on an outer join's
        # nullable side: who nominated may have been erased)
        Nomination.objects.select_for_update(of=("self",))
        .select_related("cohort__initiative", "company", "nominated_by__person__user")
        .get(pk=nomination.pk)
    )


@transaction.atomic
def update_nomination(
    *,
    nomination: Nomination,
    contact: CompanyContact,
    nominees: dict[str, NomineeInput],
    reason: str,
    wants_to_learn: str,
    by: User,
) -> Nomination:
    """Change a nomination until the deadline. A nominee whose address changes is a new
    person: her old answer (and application) goes, and she is asked by email; a nominee
    left unchanged keeps her answer. The nomination waits for the nominees again."""
    nomination = _lock(nomination)
    _refuse_after_deadline(nomination.cohort)
    if nomination.status not in EDITABLE:
        raise ValidationError(_("This nomination can no longer be changed."), code="not_editable")
    _check_nominees(
        contact=contact, cohort=nomination.cohort, nominees=nominees, exclude=nomination
    )
    nomination.reason = reason.strip()
    nomination.wants_to_learn = wants_to_learn.strip()
    current = {n.role: n for n in nomination.nominees.all()}
    to_ask: list[Nominee] = []
    for role in (Role.MENTEE.value, Role.MENTOR.value):
        old, new = current.get(role), nominees.get(role)
        if old is not None and (new is None or old.email != new.normalised_email):
            _withdraw_application(old.application)
            old.delete()
            old = None
        if new is None:
            continue
        if old is None:
            to_ask.append(_save_nominee(nomination, role, new))
        else:
            old.first_name = new.first_name.strip()
            old.last_name = new.last_name.strip()
            old.job_title = new.job_title.strip()
            old.private_address_confirmed = new.private_address_confirmed
            if old.answer == NomineeAnswer.DECLINED:
                old.answer, old.answered_at = NomineeAnswer.PENDING, None
                to_ask.append(old)
            old.full_clean()
            old.save()
    nomination.status = NominationStatus.WAITING
    nomination.full_clean()
    nomination.save()
    for nominee in to_ask:
        _ask(nominee, nomination)
    _complete_if_all_confirmed(nomination)
    log_activity(actor=by, action="nomination.update", target=nomination)
    return nomination


@transaction.atomic
def withdraw_nomination(*, nomination: Nomination, by: User) -> Nomination:
    """The contact withdraws her nomination (and any applications it made) before approval."""
    nomination = _lock(nomination)
    if nomination.is_settled:
        raise ValidationError(
            _("This nomination can no longer be withdrawn."), code="not_withdrawable"
        )
    for nominee in nomination.nominees.select_related("application"):
        _withdraw_application(nominee.application)
    nomination.status = NominationStatus.WITHDRAWN
    nomination.save(update_fields=["status", "updated_at"])
    log_activity(actor=by, action="nomination.withdraw", target=nomination)
    return nomination


@transaction.atomic
def resend_nomination(*, nomination: Nomination, by: User) -> int:
    """Email the nominees who have not answered again; returns how many."""
    nomination = _lock(nomination)
    _refuse_after_deadline(nomination.cohort)
    if nomination.status != NominationStatus.WAITING:
        raise ValidationError(
            _("Nobody is waiting to answer this nomination."), code="nothing_to_resend"
        )
    waiting = [n for n in nomination.nominees.all() if n.answer == NomineeAnswer.PENDING]
    for nominee in waiting:
        _ask(nominee, nomination)
    log_activity(
        actor=by, action="nomination.resend", target=nomination, data={"emails": len(waiting)}
    )
    return len(waiting)


def _already_taking_part(cohort: Cohort, email: str, nominee: Nominee) -> bool:
    """Whether the person behind ``email`` already applied to (or confirmed another
    nomination to) this programme year. Read only when she herself answers."""
    applied = Application.objects.filter(cohort=cohort, person__user__email__iexact=email).exclude(
        status=ApplicationStatus.WITHDRAWN
    )
    confirmed_elsewhere = Nominee.objects.filter(
        nomination__cohort=cohort,
        nomination__status__in=LIVE_NOMINATION_STATUSES,
        email__iexact=email,
        answer=NomineeAnswer.ACCEPTED,
    ).exclude(pk=nominee.pk)
    return applied.exists() or confirmed_elsewhere.exists()


@transaction.atomic
def answer_nomination(*, nominee: Nominee, accept: bool, consent: bool) -> str:
    """The nominee confirms (consenting to the privacy notice) or declines, from her link.

    Refused (a ValidationError, nothing changed) when she has answered already, the
    nomination was withdrawn, she confirms without consenting, or she already takes part
    in this programme year (her employer then sees "not confirmed", nothing more). When
    every nominee has confirmed, the accounts and applications are made. Returns her
    answer as saved, or :data:`ALREADY_TAKING_PART` (saved as declined)."""
    nominee = Nominee.objects.select_for_update().get(pk=nominee.pk)
    nomination = _lock(nominee.nomination)
    if nomination.status != NominationStatus.WAITING or nominee.answer != NomineeAnswer.PENDING:
        raise ValidationError(
            _("This nomination has already been answered or withdrawn."), code="answered"
        )
    if accept and not consent:
        raise ValidationError(
            {"consent": _("You must accept the privacy notice to confirm.")}, code="consent"
        )
    if accept and _already_taking_part(nomination.cohort, nominee.email, nominee):
        # she learns it here, herself; her employer sees only "not confirmed"
        nominee.answer, nominee.answered_at = NomineeAnswer.DECLINED, timezone.now()
        nominee.save(update_fields=["answer", "answered_at", "updated_at"])
        _declined(nomination)
        log_activity(
            actor=None,
            action="nomination.duplicate",
            target=nomination,
            data={"role": nominee.role},
        )
        return ALREADY_TAKING_PART
    nominee.answer = NomineeAnswer.ACCEPTED if accept else NomineeAnswer.DECLINED
    nominee.answered_at = timezone.now()
    nominee.save(update_fields=["answer", "answered_at", "updated_at"])
    if not accept:
        _declined(nomination)
    log_activity(
        actor=None,
        action="nomination.confirm" if accept else "nomination.decline",
        target=nomination,
        data={"role": nominee.role},
    )
    if accept:
        _complete_if_all_confirmed(nomination)
    return nominee.answer


def _declined(nomination: Nomination) -> None:
    nomination.status = NominationStatus.DECLINED
    nomination.save(update_fields=["status", "updated_at"])
    for other in nomination.nominees.select_related("application"):
        _withdraw_application(other.application)


def _complete_if_all_confirmed(nomination: Nomination) -> None:
    """When every nominee has confirmed: accounts (for whoever has none), the profile's
    employer where it has none, applications (submitted, to be decided by the
    coordinator), the consent each gave; the nomination is then with the coordinator."""
    nominees = list(nomination.nominees.select_related("application"))
    if not nominees or any(n.answer != NomineeAnswer.ACCEPTED for n in nominees):
        return
    notice = current_privacy_notice()
    now = timezone.now()
    for nominee in nominees:
        if nominee.application is not None and (
            nominee.application.status != ApplicationStatus.WITHDRAWN
        ):
            continue
        person = ensure_applicant(
            email=nominee.email, first_name=nominee.first_name, last_name=nominee.last_name
        )
        _fill_profile(person, nomination, nominee)
        application = Application.objects.filter(
            cohort=nomination.cohort, person=person, role=nominee.role
        ).first() or Application(cohort=nomination.cohort, person=person, role=nominee.role)
        application.status = ApplicationStatus.SUBMITTED
        application.source = Source.NOMINATION
        application.nominated_by = nomination.nominated_by
        application.submitted_at = now
        application.withdrawn_at = None
        application.full_clean()
        application.save()
        nominee.application = application
        nominee.save(update_fields=["application", "updated_at"])
        if notice is not None:
            record_consent(
                person=person, notice=notice, purpose=Consent.Purpose.APPLICATION, by=person.user
            )
    nomination.status = NominationStatus.CONFIRMED
    nomination.save(update_fields=["status", "updated_at"])
    log_activity(actor=None, action="nomination.confirmed_by_all", target=nomination)


def _fill_profile(person: Person, nomination: Nomination, nominee: Nominee) -> None:
    changed = []
    if person.company_id is None:
        person.company = nomination.company
        changed.append("company")
    if not person.job_title:
        person.job_title = nominee.job_title
        changed.append("job_title")
    if changed:
        person.full_clean()
        person.save(update_fields=[*changed, "updated_at"])


@transaction.atomic
def request_nomination_change(*, nomination: Nomination, message: str, by: User) -> Nomination:
    """The coordinator asks the company to change a nomination; the contact is emailed."""
    nomination = _lock(nomination)
    message = message.strip()
    if not message:
        raise ValidationError({"message": _("Write what the company should change.")}, code="empty")
    if nomination.is_settled:
        raise ValidationError(_("This nomination can no longer be changed."), code="not_editable")
    nomination.status = NominationStatus.CHANGE_REQUESTED
    nomination.coordinator_message = message
    nomination.save(update_fields=["status", "coordinator_message", "updated_at"])
    contact = nomination.nominated_by
    if contact is not None:
        reply = reply_address(nomination.cohort, by)
        send_templated_email(
            to=contact.person.user.email,
            template_prefix="applications/email/nomination_change",
            context={
                "name": contact.person.user.get_short_name(),
                "cohort": nomination.cohort,
                "nominees": " & ".join(n.name for n in nomination.nominees.all()),
                "message": message,
                "deadline": nomination.cohort.applications_close_at,
                "url": reverse("company:nomination-edit", args=[nomination.code]),
            },
            language=contact.person.user.language,
            reply_to=[reply] if reply else None,
        )
    log_activity(actor=by, action="nomination.change_requested", target=nomination)
    return nomination


def send_nominee_reminders(*, now: dt.datetime | None = None) -> int:
    """The scheduled job: per programme year, one batch reminding each nominee who has not
    answered ``NOMINEE_REMIND_AFTER`` after her email, once (``reminded_at``); returns how
    many were reminded. Running it twice sends nothing new."""
    now = now or timezone.now()
    sent = 0
    for cohort in cohorts_with_nominations():
        with transaction.atomic():
            nominees = list(nominees_to_remind(cohort, now=now).select_for_update(of=("self",)))
            if not nominees:
                continue
            send_scheduled_mailing(nominee_reminder_mailing(cohort, nominees))
            Nominee.objects.filter(pk__in=[n.pk for n in nominees]).update(
                reminded_at=now, updated_at=now
            )
            for nominee in nominees:
                log_activity(
                    actor=None,
                    action="nomination.remind",
                    target=nominee.nomination,
                    data={"role": nominee.role},
                )
            sent += len(nominees)
    return sent
