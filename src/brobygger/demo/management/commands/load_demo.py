from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from brobygger.demo import data
from brobygger.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the fictional demo network (safe to run again)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print logins.")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = load_demo()
        summary = ", ".join(f"{n} {what}" for what, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo network ready: {summary}."))
        if options["quiet_logins"]:
            return
        self.stdout.write("")
        self.stdout.write(f"  Open {settings.SITE_URL}/  (admin: {settings.SITE_URL}/admin/)")
        self.stdout.write(f"  Demo logins, password “{data.DEMO_PASSWORD}” for all,")
        self.stdout.write("  or “Send me a sign-in code” (the code is printed in this console):")
        for key, role, _nb in data.DEMO_LOGINS:
            self.stdout.write(f"    {role:<52} {data.email_for(key)}")
        self.stdout.write("")
