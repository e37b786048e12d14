"""django-allauth glue: emails go out through the task queue, after commit."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from brobygger.core.services import send_email_on_commit


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        context = {
            **context,
            "current_site": SimpleNamespace(
                name=settings.BROBYGGER_NETWORK_NAME, domain=settings.SITE_URL
            ),
        }
        message = self.render_mail(template_prefix, email, context)
        html = None
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = str(content)
        # Account emails carry codes and links that sign in: their bodies are not kept.
        send_email_on_commit(
            to=list(message.to),
            subject=str(message.subject),
            body=str(message.body),
            html=html,
            template=template_prefix,
            keep_body=False,
        )

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return True
