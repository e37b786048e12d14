"""Writes of the privacy app: consents, export and erasure requests, retention."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.core.emails import send_templated_email
from brobygger.core.privacy_registry import add_months, providers
from brobygger.core.services import log_activity
from brobygger.core.tokens import new_token
from brobygger.people.models import Person
from brobygger.privacy.exports import delete_export_file, export_path, write_export
from brobygger.privacy.models import CohortAnonymisation, Consent, DataSubjectRequest, PrivacyNotice
from brobygger.programs.models import Cohort
from brobygger.programs.status import CohortStatus

if TYPE_CHECKING:
    from brobygger.people.models import User

EXPORT_LINK_LIFETIME = dt.timedelta(hours=24)
WITHDRAWABLE = (Consent.Purpose.NEWSLETTER, Consent.Purpose.PHOTOS, Consent.Purpose.PARTNER)


@transaction.atomic
def record_consent(
    *, person: Person, notice: PrivacyNotice, purpose: str, by: User | None
) -> Consent:
    """Record that ``person`` consented to ``notice`` for ``purpose`` now (idempotent)."""
    existing = Consent.objects.filter(
        person=person, notice=notice, purpose=purpose, withdrawn_at__isnull=True
    ).first()
    if existing:
        return existing
    consent = Consent.objects.create(person=person, notice=notice, purpose=purpose)
    log_activity(actor=by, action="consent.give", target=consent, data={"version": notice.version})
    return consent


def set_partner_consent(
    *, person: Person, notice: PrivacyNotice, give: bool, by: User | None
) -> Consent | None:
    """Give (or withdraw) the consent that a proposed partner may read what she wrote about
    her goals and strengths; the application form's checkbox."""
    if give:
        return record_consent(person=person, notice=notice, purpose=Consent.Purpose.PARTNER, by=by)
    for consent in Consent.objects.filter(
        person=person, purpose=Consent.Purpose.PARTNER, withdrawn_at__isnull=True
    ):
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        log_activity(
            actor=by,
            action="consent.withdraw",
            target=consent,
            data={"purpose": consent.purpose, "version": consent.notice.version},
        )
    return None


@transaction.atomic
def withdraw_consent(*, consent: Consent, by: User, ip_address: str | None = None) -> Consent:
    """Withdraw a newsletter or photo consent. The application's consent is not touched:
    it ends with the application (withdraw it) or the account (delete it)."""
    if consent.purpose not in WITHDRAWABLE:
        raise ValidationError(
            _("This consent ends when you withdraw your application or delete your account."),
            code="not_withdrawable",
        )
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        log_activity(
            actor=by,
            action="consent.withdraw",
            target=consent,
            data={"purpose": consent.purpose, "version": consent.notice.version},
            ip_address=ip_address,
        )
    return consent


@transaction.atomic
def publish_notice(*, notice: PrivacyNotice, by: User, ip_address: str | None = None) -> None:
    """Publish a new version of the privacy notice (the old versions stay as they were)."""
    if notice.published_at is None:
        notice.published_at = timezone.now()
        notice.full_clean()
        notice.save()
        log_activity(
            actor=by,
            action="privacy_notice.publish",
            target=notice,
            data={"version": notice.version},
            ip_address=ip_address,
        )


# Export -----------------------------------------------------------------------------------


@transaction.atomic
def request_export(
    *, person: Person, by: User, ip_address: str | None = None
) -> DataSubjectRequest:
    """Register an export request and build the ZIP in the background.

    Side effects: a pending request in the register; an audit row; after commit, the
    ``build_export`` task, which emails her the one-time link when the file is ready.
    """
    from brobygger.privacy.tasks import build_export

    pending = DataSubjectRequest.objects.filter(
        person=person, kind=DataSubjectRequest.Kind.EXPORT, status=DataSubjectRequest.Status.PENDING
    ).first()
    if pending is not None:  # one in the making is enough
        return pending
    request = DataSubjectRequest(person=person, kind=DataSubjectRequest.Kind.EXPORT)
    request.full_clean()
    request.save()
    log_activity(actor=by, action="privacy.export_request", target=request, ip_address=ip_address)
    transaction.on_commit(lambda: build_export.enqueue(request_id=request.pk))
    return request


@transaction.atomic
def complete_export(*, request: DataSubjectRequest) -> DataSubjectRequest:
    """Write the ZIP, issue a one-time token valid for 24 hours and email her the link."""
    request = DataSubjectRequest.objects.select_for_update().get(pk=request.pk)
    person = request.person
    if person is None or request.status != DataSubjectRequest.Status.PENDING:
        return request
    write_export(request, person)
    now = timezone.now()
    request.token = new_token()
    request.status = DataSubjectRequest.Status.READY
    request.completed_at = now
    request.expires_at = now + EXPORT_LINK_LIFETIME
    request.save()
    user = person.user
    send_templated_email(
        to=user.email,
        template_prefix="privacy/email/export_ready",
        context={
            "name": user.get_short_name(),
            "download_path": reverse("privacy:export-download", args=[request.code, request.token]),
            "expires_at": request.expires_at,
        },
        language=user.language,
    )
    return request


@transaction.atomic
def download_export(
    *, request: DataSubjectRequest, by: User, ip_address: str | None = None
) -> bytes | None:
    """Hand out the export once: the file is read, deleted, and the token spent. ``None``
    when another request (a double click) took it meanwhile: the link is used up."""
    request = DataSubjectRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != DataSubjectRequest.Status.READY or not request.token:
        return None
    content = export_path(request).read_bytes()
    delete_export_file(request)
    request.status = DataSubjectRequest.Status.DOWNLOADED
    request.downloaded_at = timezone.now()
    request.token = ""
    request.save()
    log_activity(actor=by, action="privacy.export_download", target=request, ip_address=ip_address)
    return content


# Erasure ----------------------------------------------------------------------------------


@transaction.atomic
def erase_person(
    *, person: Person, by: User | None, ip_address: str | None = None
) -> DataSubjectRequest:
    """Erase or anonymise everything about ``person``; statistics survive anonymised.

    Side effects: every provider's ``erase`` (identity last); the person marked erased;
    the request in the register; an audit row (her own IP is not kept); then every
    provider's ``after_erasure``: her active pairs end and her open proposals are
    withdrawn, and after commit her partners and the coordinators are told (by emails that
    do not name her). Nothing is ever sent to her erased address.
    """
    person = Person.objects.select_for_update().select_related("user").get(pk=person.pk)
    if person.erased_at:
        raise ValidationError(_("This person has already been erased."), code="erased")
    by_herself = by is not None and by.pk == person.user_id
    ordered = sorted(providers(), key=lambda p: (p.erase_order, p.app_label))
    counts: dict[str, int] = {}
    for provider in ordered:
        counts.update(provider.erase(person))
    person.erased_at = timezone.now()
    person.save(update_fields=["erased_at", "updated_at"])
    request = DataSubjectRequest.objects.create(
        person=person,
        kind=DataSubjectRequest.Kind.ERASURE,
        status=DataSubjectRequest.Status.DONE,
        completed_at=person.erased_at,
        summary=counts,
    )
    actor = None if by_herself else by
    log_activity(
        actor=actor,
        action="privacy.erase",
        target=person,
        data={"by_herself": by_herself, "counts": counts},
        ip_address=None if by_herself else ip_address,
    )
    for provider in ordered:
        provider.after_erasure(person, by=actor)
    return request


# Retention --------------------------------------------------------------------------------


def cohorts_due_for_anonymisation(today: dt.date) -> list[Cohort]:
    closed = (
        Cohort.objects.select_related("initiative")
        .filter(status__in=[CohortStatus.CLOSED, CohortStatus.ARCHIVED], anonymisation=None)
        .order_by("closing_on", "pk")
    )
    return [
        cohort
        for cohort in closed
        if add_months(cohort.closing_on, 12 * cohort.initiative.anonymise_after_years) <= today
    ]


@transaction.atomic
def apply_retention(*, now: dt.datetime | None = None, by: User | None = None) -> dict[str, Any]:
    """Erase and anonymise what has outlived its retention; report what was done.

    Idempotent: a second run on the same day changes nothing and logs nothing.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    report: dict[str, Any] = {"purged": {}, "anonymised_cohorts": [], "expired_exports": 0}
    for provider in providers():
        for label, count in provider.apply_retention(today).items():
            report["purged"][label] = report["purged"].get(label, 0) + count
    for cohort in cohorts_due_for_anonymisation(today):
        counts: dict[str, int] = {}
        for provider in providers():
            counts.update(provider.anonymise_cohort(cohort))
        CohortAnonymisation.objects.create(cohort=cohort, counts=counts)
        report["anonymised_cohorts"].append({"cohort": str(cohort), "counts": counts})
    report["expired_exports"] = expire_exports(now=now)
    if report["purged"] or report["anonymised_cohorts"] or report["expired_exports"]:
        log_activity(actor=by, action="privacy.retention", data=report)
    return report


def expire_exports(*, now: dt.datetime) -> int:
    """Delete export files whose link has run out."""
    expired = list(
        DataSubjectRequest.objects.filter(
            status=DataSubjectRequest.Status.READY, expires_at__lte=now
        )
    )
    for request in expired:
        delete_export_file(request)
        request.status = DataSubjectRequest.Status.EXPIRED
        request.token = ""
        request.save(update_fields=["status", "token", "updated_at"])
    return len(expired)
