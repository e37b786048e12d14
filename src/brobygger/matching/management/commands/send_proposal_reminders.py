"""Remind people who have not answered a proposed match (once per person and proposal)."""

from __future__ import annotations

from typing import Any

from brobygger.core.commands import ScheduledCommand
from brobygger.matching.services.proposals import send_proposal_reminders


class Command(ScheduledCommand):
    help = "Send one reminder per unanswered proposal side after the cohort's reminder delay."

    def handle(self, *args: Any, **options: Any) -> None:
        count = send_proposal_reminders()
        self.stdout.write(f"{count} proposal reminder(s) sent.")
