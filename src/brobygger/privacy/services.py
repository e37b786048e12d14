from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from brobygger.core.services import log_activity
from brobygger.people.models import Person
from brobygger.privacy.models import Consent, PrivacyNotice

if TYPE_CHECKING:
    from brobygger.people.models import User


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
