"""Reads of the privacy app."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from brobygger.privacy.models import Consent, DataSubjectRequest, PrivacyNotice

if TYPE_CHECKING:
    from brobygger.people.models import Person, User


def current_privacy_notice() -> PrivacyNotice | None:
    return PrivacyNotice.objects.filter(published_at__isnull=False).order_by("-version").first()


def consents_of(person: Person) -> QuerySet[Consent]:
    return Consent.objects.filter(person=person).select_related("notice").order_by("-given_at")


def active_consents_for(person: Person, purpose: str) -> QuerySet[Consent]:
    return consents_of(person).filter(purpose=purpose, withdrawn_at__isnull=True)


def shares_with_partner(person: Person) -> bool:
    """She agreed that a proposed partner may read what she wrote about her goals and
    strengths (an active consent of that purpose)."""
    return active_consents_for(person, Consent.Purpose.PARTNER).exists()


def export_requests_of(person: Person) -> QuerySet[DataSubjectRequest]:
    return DataSubjectRequest.objects.filter(
        person=person, kind=DataSubjectRequest.Kind.EXPORT
    ).order_by("-created_at")[:5]


def get_export_for(user: User, code: Any, token: str) -> DataSubjectRequest:
    """Her ready export, if the token is right and the link has not run out; else 404."""
    request = (
        DataSubjectRequest.objects.filter(
            code=code,
            kind=DataSubjectRequest.Kind.EXPORT,
            status=DataSubjectRequest.Status.READY,
            person__user=user,
            expires_at__gt=timezone.now(),
        )
        .exclude(token="")
        .first()
    )
    if request is None or not constant_time_compare(request.token, token):
        raise Http404(_("This download link has expired or has already been used."))
    return request
