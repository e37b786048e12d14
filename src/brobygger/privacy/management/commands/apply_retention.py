"""Erase and anonymise what has outlived its retention (run daily from cron; see
docs/privacy.md). Idempotent: a second run the same day changes nothing."""

from __future__ import annotations

from typing import Any

from brobygger.core.commands import ScheduledCommand
from brobygger.privacy.services import apply_retention


class Command(ScheduledCommand):
    help = "Apply the retention policy: purge rejected applications, anonymise old cohorts."

    def handle(self, *args: Any, **options: Any) -> None:
        report = apply_retention()
        purged = report["purged"]
        if purged:
            for label, count in sorted(purged.items()):
                self.stdout.write(f"Erased {count} {label}")
        for item in report["anonymised_cohorts"]:
            total = sum(item["counts"].values())
            self.stdout.write(f"Anonymised cohort {item['cohort']} ({total} values)")
        if report["expired_exports"]:
            self.stdout.write(f"Deleted {report['expired_exports']} expired export(s)")
        if not (purged or report["anonymised_cohorts"] or report["expired_exports"]):
            self.stdout.write("Nothing to do.")
