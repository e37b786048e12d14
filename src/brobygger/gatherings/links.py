"""Signed reply links: they work for one person, one gathering, once, and without signing in."""

from __future__ import annotations

from typing import Any

from django.core import signing

SALT = "brobygger.gatherings.rsvp"
MAX_AGE = 60 * 60 * 24 * 180  # half a year: longer than any invitation is useful


def make_token(*, person_code: Any, nonce: str) -> str:
    return signing.dumps({"p": str(person_code), "n": nonce}, salt=SALT, compress=True)


def read_token(token: str) -> tuple[str, str] | None:
    """``(person_code, nonce)``, or ``None`` when the token was altered or is too old."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not {"p", "n"} <= data.keys():
        return None
    return str(data["p"]), str(data["n"])
