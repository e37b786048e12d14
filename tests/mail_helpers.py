"""The network edge for email tests: a mail server that refuses some addresses."""

from __future__ import annotations

import smtplib
from typing import Any

from django.core.mail.backends.locmem import EmailBackend

REFUSED = {"bo@b.example"}


class RefusingBackend(EmailBackend):
    """Like the test outbox, but refuses every message to an address in ``REFUSED``."""

    def send_messages(self, messages: Any) -> int:
        for message in messages:
            refused = [a for a in message.recipients() if a in REFUSED]
            if refused:
                raise smtplib.SMTPRecipientsRefused(
                    dict.fromkeys(refused, (550, b"5.1.1 Mailbox unavailable"))
                )
        return super().send_messages(messages)
