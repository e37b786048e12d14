"""The development email backend: Django's console backend, with bodies a person can read.

Django's console backend prints the message as it would travel: a body with a line over 78
characters (every personal link) is quoted-printable, so a link breaks across lines with
``=`` and ``=3D`` and a demo user cannot click it. Here the body is printed as 8-bit UTF-8
with lines up to the SMTP limit of 998 characters: links stay whole, «æøå» stay letters.
Real mail clients decode either form, so production's SMTP backend is left as Django made it.
"""

from __future__ import annotations

import email.policy
from typing import Any

from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend

#: RFC 5322's hard limit for a line; a body within it needs no transfer encoding but 8bit
READABLE = email.policy.default.clone(max_line_length=998)


class EmailBackend(DjangoConsoleBackend):
    def write_message(self, message: Any) -> None:
        msg = message.message(policy=READABLE)
        self.stream.write(msg.as_bytes().decode("utf-8") + "\n" + "-" * 79 + "\n")
