"""Personal API tokens as text: made, recognised and hashed. Pure: no database.

A token is ``bro_`` followed by 43 URL-safe characters (32 random bytes from ``secrets``).
Only its SHA-256 digest is stored; the first characters are kept as a visible prefix.
"""

from __future__ import annotations

import hashlib
import re

from brobygger.core.tokens import new_token as new_capability_token

TOKEN_PREFIX = "bro_"  # noqa: S105 - the public marker of a token, not a secret
VISIBLE_LENGTH = len(TOKEN_PREFIX) + 6
_SHAPE = re.compile(r"bro_[A-Za-z0-9_-]{43}")


def new_token() -> str:
    return TOKEN_PREFIX + new_capability_token()


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def visible_prefix(token: str) -> str:
    return token[:VISIBLE_LENGTH]


def is_well_formed(token: str) -> bool:
    return _SHAPE.fullmatch(token) is not None
