"""The fictional demo network, read from the files in ``demo/data/``: no real company or person.

- ``network.toml``: the demo password and logins, the companies (and their HR contacts),
  the initiatives and the topics;
- ``people.csv``: the people, one a line, with their profile;
- ``programme.toml``: the programme years and what happened in them (gatherings, pairs,
  meetings, executive shadowing), every date relative to the day the demo is loaded;
- ``applications/*.csv``: each programme year's applicants, in the format of the product's
  own import (docs/import.md);
- ``privacy-notice.nb.txt`` and ``privacy-notice.en.txt``: the notice applicants accept.

``brobygger.demo.loader`` loads them through the product's services.
"""

from __future__ import annotations

import csv
import io
import tomllib
from pathlib import Path
from typing import Any

FILES = Path(__file__).resolve().parent / "data"


def _toml(name: str) -> dict[str, Any]:
    return tomllib.loads((FILES / name).read_text(encoding="utf-8"))


def read_csv(text: str) -> list[dict[str, str]]:
    """The rows of a CSV text as dictionaries keyed by the heading row."""
    return list(csv.DictReader(io.StringIO(text)))


def split(cell: str) -> list[str]:
    """A list cell ("nb, en") as its items."""
    return [item.strip() for item in cell.split(",") if item.strip()]


NETWORK = _toml("network.toml")
PROGRAMME = _toml("programme.toml")
PEOPLE = read_csv((FILES / "people.csv").read_text(encoding="utf-8"))

DEMO_PASSWORD: str = NETWORK["password"]
#: (person key, role in English, role in bokmål) of the logins ``make demo`` prints
DEMO_LOGINS: list[tuple[str, str, str]] = [
    (login["person"], login["role"], login["role_nb"]) for login in NETWORK["logins"]
]
PRIVACY_NOTICE_NB = (FILES / "privacy-notice.nb.txt").read_text(encoding="utf-8").strip()
PRIVACY_NOTICE_EN = (FILES / "privacy-notice.en.txt").read_text(encoding="utf-8").strip()


def email_for(key: str) -> str:
    """The email address (the login) of the person ``key`` of ``people.csv``."""
    for row in PEOPLE:
        if row["key"] == key:
            return row["email"]
    raise KeyError(key)


def applications_file(name: str) -> bytes:
    """An applications spreadsheet of ``applications/``, as a coordinator would upload it."""
    return (FILES / "applications" / name).read_bytes()
