"""Render an email from a subject/body template pair in the recipient's language."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from brobygger.core.models import Mailing, SentEmail
from brobygger.core.services import send_email_on_commit


def render_email(template_prefix: str, context: dict[str, Any], language: str) -> tuple[str, str]:
    """``<prefix>_subject.txt`` and ``<prefix>_body.txt`` rendered in ``language``."""
    context = {
        "network_name": settings.BROBYGGER_NETWORK_NAME,
        "site_url": settings.SITE_URL.rstrip("/"),
        **context,
    }
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template_prefix}_subject.txt", context)
        body = render_to_string(f"{template_prefix}_body.txt", context)
    return " ".join(subject.split()), body.strip() + "\n"


def send_templated_email(
    *,
    to: str,
    template_prefix: str,
    context: dict[str, Any],
    language: str,
    mailing: Mailing | None = None,
    recipient: Any | None = None,
    reply_to: list[str] | None = None,
    calendar: bytes = b"",
) -> SentEmail | None:
    """Render now, in the recipient's language; send after the transaction commits.

    ``calendar``: an .ics file to attach (an invitation, update or cancellation)."""
    subject, body = render_email(template_prefix, context, language)
    return send_email_on_commit(
        to=[to],
        subject=subject,
        body=body,
        template=template_prefix,
        mailing=mailing,
        recipient=recipient,
        reply_to=reply_to,
        calendar=calendar,
    )
