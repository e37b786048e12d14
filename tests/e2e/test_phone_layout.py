"""On a phone (390 px), no page of the demo network scrolls sideways and each has one <h1>:
the coordinator's pages of every cohort (linked from the coordination page and its tabs) and
a senior mentee's own pages."""

import datetime as dt
from typing import Any

import pytest
from tests.e2e.crawl import demo_pages

from brobygger.demo.loader import load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _measure(page: Any) -> dict[str, int]:
    return page.evaluate(  # type: ignore[no-any-return]
        """() => ({
          width: document.documentElement.scrollWidth,
          h1: document.querySelectorAll('h1').length,
        })"""
    )


def test_no_page_scrolls_sideways_on_a_phone(page):  # type: ignore[no-untyped-def]
    load_demo(today=dt.date.today())
    pages = demo_pages(page, _measure)

    assert len(pages) >= 40, sorted(pages)
    assert any(url.startswith("/pairs/") and len(url) > len("/pairs/") for url in pages)
    assert "/accounts/signup/" in pages
    assert any("/apply/" in url for url in pages)  # a visitor starting an application
    assert {url: m["width"] for url, m in pages.items() if m["width"] > 390} == {}
    assert {url: m["h1"] for url, m in pages.items() if m["h1"] != 1} == {}
    assert page.console_errors == []
