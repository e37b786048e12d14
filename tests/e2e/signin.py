"""Signing in on a phone, as the browser journeys do."""

from __future__ import annotations

from typing import Any

PASSWORD = "correct horse battery staple"


def phone_sign_in(browser: Any, live_server: Any, email: str) -> tuple[Any, Any]:
    """A new 390 px browser context signed in as ``email``: (context, page). The page
    collects its console errors in ``page.console_errors``."""
    context = browser.new_context(
        base_url=live_server.url, locale="nb-NO", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.console_errors = errors
    page.goto("/accounts/login/")
    page.fill("[name=login]", email)
    page.fill("[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    return context, page
