"""Tell token owners a week before a personal API token stops working (once per token)."""

from __future__ import annotations

from typing import Any

from brobygger.core.commands import ScheduledCommand
from brobygger.people.services import send_api_token_expiry_reminders


class Command(ScheduledCommand):
    help = "Email the owner of every API token that expires within a week (once per token)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = send_api_token_expiry_reminders()
        self.stdout.write(f"{count} API token reminder(s) sent.")
