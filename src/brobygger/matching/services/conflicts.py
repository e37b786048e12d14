"""A company contact declares other member companies as clients or competitors; the
matching keeps their people apart (``selectors.wishes.engine_wishes``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from brobygger.core.services import log_activity
from brobygger.matching.models import CompanyConflict, ConflictKind
from brobygger.people.models import Company

if TYPE_CHECKING:
    from brobygger.people.models import User


@transaction.atomic
def declare_conflict(
    *, company: Company, other: Company, kind: str, by: User | None
) -> CompanyConflict:
    """Refused (``ValidationError``, nothing stored) for her own company (or a near-duplicate
    of its name) and for an unknown relation."""
    if other.pk == company.pk or other.key == company.key:
        raise ValidationError(
            _("This is your own company: choose another member company."), code="own_company"
        )
    if kind not in ConflictKind.values:
        raise ValidationError(_("Choose client or competitor."), code="kind")
    conflict, _created = CompanyConflict.objects.update_or_create(
        company=company, other=other, defaults={"kind": kind, "declared_by": by}
    )
    log_activity(actor=by, action="matching.conflict.declare", target=conflict, data={"kind": kind})
    return conflict


@transaction.atomic
def remove_conflict(*, conflict: CompanyConflict, by: User | None) -> None:
    log_activity(actor=by, action="matching.conflict.remove", target=conflict, data={})
    conflict.delete()
