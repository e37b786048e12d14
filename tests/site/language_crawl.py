"""Crawling the demo network with Django's test client to read what a person sees, in one
language: every page a persona reaches by following links (downloads, exports, feeds,
sign-out and destructive links left out) and the text of every email.

What a person reads of a page: the text outside <script>/<style>/<template>, the visible
attribute texts (placeholder, aria-label, title, alt, a button's value) and the options of
a <select>. Not read: what is marked ``lang="en"`` (an English name or text, on purpose) and a
form's data (a textarea, the admin's read-only values)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser
from typing import Any

from brobygger.demo import data

SKIP = (
    "export",
    "download",
    "json",
    ".csv",
    ".xlsx",
    ".ics",
    "/feed",
    "logout",
    "/static/",
    "/media/",
    "delete",
    "/api/",
    "/i18n/",
    "/history/",
    "/password/",  # the admin's "change this user's password" form
)
#: not read: code, and a form's data (a textarea holds what somebody wrote, or an English text)
HIDDEN = ("script", "style", "template", "textarea")
VOID = ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr")
SHOWN_ATTRIBUTES = ("placeholder", "aria-label", "title", "alt")


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0
        self._english: list[str] = []  # open elements marked lang="en" (and their nesting)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in HIDDEN:
            self._hidden += 1
        if tag not in VOID and (
            (self._english and tag == self._english[0])
            or (tag != "html" and values.get("lang", "").startswith("en"))
            or "readonly" in values.get("class", "").split()
        ):
            self._english.append(tag)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        if self._english:
            return
        self.parts.extend(values[name] for name in SHOWN_ATTRIBUTES if values.get(name))
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.parts.append(values["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        if self._english and tag == self._english[0]:
            self._english.pop()

    def handle_data(self, data: str) -> None:
        if not self._hidden and not self._english:
            self.parts.append(data)


def read(html: str) -> tuple[str, list[str]]:
    """The visible text of a page (whitespace collapsed, parts split by " ¦ ") and its links."""
    reader = _Reader()
    reader.feed(html)
    parts = [" ".join(part.split()) for part in reader.parts]
    return " ¦ ".join(part for part in parts if part), reader.links


_VARYING = re.compile(r"[0-9a-f]{8}-[0-9a-f-]{27}|\d+")
#: how many pages of one shape (the same URL but for ids and numbers) are read
PER_SHAPE = 2


def crawl(client: Any, starts: Iterable[str], language: str, limit: int = 400) -> dict[str, str]:
    """The visible text of every HTML page reachable from ``starts``, by URL (what is marked
    ``lang="en"`` left out: an English name or text, on purpose). Pages of one shape share
    their strings: ``PER_SHAPE`` of each are read (two applications, two years, …)."""
    queue = list(dict.fromkeys(starts))
    pages: dict[str, str] = {}
    seen: set[str] = set(queue)
    shapes: dict[str, int] = {}
    while queue and len(pages) < limit:
        url = queue.pop(0)
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        if response.status_code in (301, 302):
            location = response["Location"]
            if location.startswith("/") and location not in seen:
                seen.add(location)
                queue.append(location)
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        text, links = read(response.content.decode())
        pages[url] = text
        for link in links:
            href = link.split("#")[0]
            if not href.startswith("/") or href in seen or any(s in href for s in SKIP):
                continue
            if href.startswith("/admin/") and "?" in href:
                continue  # the admin's sortings and filters: the same strings again
            shape = _VARYING.sub("*", href)
            if shapes.get(shape, 0) >= PER_SHAPE:
                continue
            shapes[shape] = shapes.get(shape, 0) + 1
            seen.add(href)
            queue.append(href)
    return pages


#: the personas whose pages are read, and where each starts
PERSONAS: dict[str, tuple[str, ...]] = {
    "visitor": ("/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"),
    "admin": ("/", "/admin/"),
    "coordinator": ("/", "/coordinate/"),
    "contact": ("/", "/company/participants/"),
    "mentor": ("/",),
    "mentee": ("/",),
}
#: pages every signed-in persona has (reached from the header menu too)
ACCOUNT_PAGES = (
    "/profile/",
    "/account/privacy/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
)


def email_for(key: str) -> str:
    return data.email_for(key)
