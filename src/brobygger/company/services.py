"""The audit row of a company contact's participant list taken out as a file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from brobygger.core.services import log_activity

if TYPE_CHECKING:
    from brobygger.people.models import Company, User


@transaction.atomic
def record_participants_export(
    *,
    company: Company,
    rows: int,
    by: User,
    ip_address: str | None = None,
    token_prefix: str | None = None,
) -> None:
    """Who took her company's participant list out, how many rows, from where, and how: the
    CSV download, or the API with the token starting ``token_prefix``."""
    via = {"via": "api", "token": token_prefix} if token_prefix else {"via": "csv"}
    log_activity(
        actor=by,
        action="company.participants_export",
        target=company,
        data={"rows": rows, **via},
        ip_address=ip_address,
    )
