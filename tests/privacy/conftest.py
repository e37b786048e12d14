from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Export files go to a temporary directory."""
    settings.DATA_DIR = tmp_path


@pytest.fixture(autouse=True)
def _english_pages(client, settings):  # type: ignore[no-untyped-def]
    """Pages in English: the tests ask for English (Accept-Language), and the cookie makes
    that win over a signed-in person's saved preference (the nb default)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
