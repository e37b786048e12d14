from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Export files go to a temporary directory."""
    settings.DATA_DIR = tmp_path


@pytest.fixture(autouse=True)
def _english_pages(english):  # type: ignore[no-untyped-def]
    """Pages in English."""
