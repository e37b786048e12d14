"""Crawling the demo network in the browser: sign in as a demo persona, then follow the links
of the main content under a prefix (downloads, exports, feeds and sign-out left out)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from brobygger.demo import data

SKIP = ("export", "download", "json", ".csv", ".xlsx", ".ics", "/feed", "logout", "/admin")


def sign_in(page: Any, key: str) -> None:
    """Sign in as the demo persona ``key`` (admin, coordinator, contact, mentor, mentee)."""
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("[name=login]", data.email_for(key))
    page.fill("[name=password]", data.DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def crawl(
    page: Any, start: str, prefix: str, limit: int, measure: Callable[[Any], Any]
) -> dict[str, Any]:
    """``measure(page)`` of every HTML page under ``prefix`` reachable from ``start``."""
    queue: list[str] = [start]
    found: dict[str, Any] = {}
    while queue and len(found) < limit:
        url = queue.pop(0)
        if url in found:
            continue
        response = page.goto(url)
        if response is None or not response.headers["content-type"].startswith("text/html"):
            continue
        found[url] = measure(page)
        for link in page.locator(f"main a[href^='{prefix}']").all():
            href = (link.get_attribute("href") or "").split("#")[0]
            if href and href not in found and not any(part in href for part in SKIP):
                queue.append(href)
    return found


def demo_pages(page: Any, measure: Callable[[Any], Any]) -> dict[str, Any]:
    """A visitor's pages (home, the programmes, applying, signing in), the coordinator's
    pages of every cohort (with the set-up pages, the network's year and one form's question
    editor), a senior mentee's own pages and a company contact's pages."""
    page.context.clear_cookies()
    pages: dict[str, Any] = {}
    for start in ("/", "/accounts/login/", "/accounts/signup/", "/accounts/login/code/"):
        pages |= crawl(page, start, "/programs/", 8, measure)
    sign_in(page, "coordinator")
    pages |= crawl(page, "/coordinate/", "/coordinate/", 80, measure)
    # the question editor of one programme year's application form (deep in the crawl above)
    page.goto("/coordinate/")
    form = (page.locator("main a[href$='/setup/']").first.get_attribute("href") or "").replace(
        "/setup/", "/form/"
    )
    pages |= crawl(page, form, form, 6, measure)
    sign_in(page, "mentee")
    for start in ("/", "/applications/", "/profile/", "/account/privacy/", "/pairs/"):
        pages |= crawl(page, start, start, 10, measure)
    sign_in(page, "contact")
    pages |= crawl(page, "/company/participants/", "/company/", 12, measure)
    return pages
