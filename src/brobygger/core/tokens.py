"""Capability tokens: the random secret in a link that opens something without signing in
(a proposal answer, a survey, a calendar feed, a data export) or that names a stashed file.

One function mints them all, with one strength: 32 random bytes from ``secrets``, written as
43 URL-safe characters. (The gathering reply link is different: a signed value whose nonce
only revokes it, see ``gatherings/links.py``.)
"""

from __future__ import annotations

import secrets

TOKEN_BYTES = 32


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)
