"""On a phone (390 px), no page of the demo network scrolls sideways and each has one <h1>:
the coordinator's pages of every cohort (linked from the coordination page and its tabs) and
a senior mentee's own pages."""

import datetime as dt

import pytest

from brobygger.demo import data
from brobygger.demo.loader import load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SKIP = ("export", "download", "json", ".csv", ".xlsx", ".ics", "/feed", "logout", "/admin")
MEASURE = """() => ({
  width: document.documentElement.scrollWidth,
  h1: document.querySelectorAll('h1').length,
})"""


def _sign_in(page, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/accounts/login/")
    page.fill("[name=login]", email)
    page.fill("[name=password]", data.DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def _crawl(page, start: str, prefix: str, limit: int) -> dict[str, dict[str, int]]:  # type: ignore[no-untyped-def]
    """Pages under ``prefix`` reachable from ``start`` through links in the main content."""
    queue: list[str] = [start]
    found: dict[str, dict[str, int]] = {}
    while queue and len(found) < limit:
        url = queue.pop(0)
        if url in found:
            continue
        response = page.goto(url)
        if response is None or not response.headers["content-type"].startswith("text/html"):
            continue
        found[url] = page.evaluate(MEASURE)
        for link in page.locator(f"main a[href^='{prefix}']").all():
            href = (link.get_attribute("href") or "").split("#")[0]
            if href and href not in found and not any(part in href for part in SKIP):
                queue.append(href)
    return found


def test_no_page_scrolls_sideways_on_a_phone(page):  # type: ignore[no-untyped-def]
    load_demo(today=dt.date.today())
    _sign_in(page, data.email_for("coordinator"))
    pages = _crawl(page, "/coordinate/", "/coordinate/", limit=60)
    page.context.clear_cookies()
    _sign_in(page, data.email_for("mentee"))
    for start in ("/", "/applications/", "/profile/", "/account/privacy/"):
        pages |= _crawl(page, start, start, limit=8)
    pages |= _crawl(page, "/pairs/", "/pairs/", limit=10)

    assert len(pages) >= 40, sorted(pages)
    assert any(url.startswith("/pairs/") and len(url) > len("/pairs/") for url in pages)
    wide = {url: m["width"] for url, m in pages.items() if m["width"] > 390}
    assert wide == {}
    assert {url: m["h1"] for url, m in pages.items() if m["h1"] != 1} == {}
    assert page.console_errors == []
