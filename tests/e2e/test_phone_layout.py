"""On a phone (390 px), no page of the demo network scrolls sideways and each has one <h1>:
the coordinator's pages of every cohort (linked from the coordination page and its tabs) and
a senior mentee's own pages."""

import datetime as dt
from typing import Any

import pytest
from tests.e2e.crawl import demo_pages

from brobygger.demo.loader import load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _measure(page: Any) -> dict[str, Any]:
    return page.evaluate(  # type: ignore[no-any-return]
        """() => ({
          width: document.documentElement.scrollWidth,
          h1: document.querySelectorAll('h1').length,
          // a box that scrolls sideways inside the page hides columns off-screen just as well
          hidden: [...document.querySelectorAll('main *')].filter((el) => {
            const overflow = getComputedStyle(el).overflowX
            const scrolls = overflow === 'auto' || overflow === 'scroll'
            return scrolls && el.scrollWidth > el.clientWidth + 1
          }).map((el) => el.className || el.tagName).join(' '),
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
    assert {url: m["hidden"] for url, m in pages.items() if m["hidden"]} == {}
    assert {url: m["h1"] for url, m in pages.items() if m["h1"] != 1} == {}
    assert page.console_errors == []


def test_a_coordinator_table_becomes_labelled_cards_on_a_phone(page):  # type: ignore[no-untyped-def]
    """The applications list keeps every column on screen: each row is a card whose cells
    carry their column's name (and an empty actions cell shows no label over nothing)."""
    from tests.e2e.crawl import sign_in

    load_demo(today=dt.date.today())
    sign_in(page, "coordinator")
    page.goto("/coordinate/")
    page.goto(page.locator("main a[href$='/applications/']").first.get_attribute("href"))
    first_row = page.locator("table.stack > tbody > tr").first
    cells = first_row.evaluate(
        """(row) => [...row.children].map((cell) => [
             cell.getAttribute('role'),
             getComputedStyle(cell, '::before').content,
             cell.getBoundingClientRect().right <= window.innerWidth,
           ])"""
    )
    assert cells == [
        ["cell", '"Velg"', True],
        ["rowheader", "none", True],
        ["cell", '"Arbeidsgiver"', True],
        ["cell", '"Rolle"', True],
        ["cell", '"Temaer"', True],
        ["cell", '"Snittpoeng"', True],
        ["cell", '"Dine poeng"', True],
        ["cell", '"Status"', True],
    ]
