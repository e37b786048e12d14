"""Universal design (WCAG 2.1 AA, required by Norwegian law): axe-core finds no violation of
the WCAG 2.0/2.1 A and AA rules on the demo network's pages, on a desktop and on a phone."""

import datetime as dt
from pathlib import Path
from typing import Any

import axe_playwright_python
import pytest
from tests.e2e.crawl import demo_pages

from brobygger.demo.loader import load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
RULES = "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}"


def _violations(page: Any) -> list[str]:
    """axe-core's findings on the page as 'rule (impact): first element'."""
    page.evaluate(AXE)  # through the browser's debugging protocol: the page's CSP still holds
    result = page.evaluate(f"async () => await axe.run(document, {RULES})")
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in result["violations"]]


@pytest.mark.parametrize("width", [1280, 390])
def test_demo_pages_have_no_wcag_violations(page, width):  # type: ignore[no-untyped-def]
    load_demo(today=dt.date.today())
    page.set_viewport_size({"width": width, "height": 900})
    pages = demo_pages(page, _violations)

    assert len(pages) >= 40
    assert {url: found for url, found in pages.items() if found} == {}
