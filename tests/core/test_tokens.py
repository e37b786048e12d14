"""Every link that works without signing in carries a token of one strength, minted in one place."""

from __future__ import annotations

import re

from brobygger.core.tokens import new_token
from brobygger.matching.models import ProposalSide
from brobygger.pairs.models import CalendarFeed
from brobygger.surveys.models import Invitation


def test_a_token_is_43_url_safe_characters_and_never_repeats():
    tokens = {new_token() for _ in range(1000)}
    assert (len(tokens), {len(t) for t in tokens}) == (1000, {43})
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{43}", t) for t in tokens)


def test_every_token_field_is_minted_by_the_one_function():
    fields = [
        ProposalSide._meta.get_field("token"),
        CalendarFeed._meta.get_field("token"),
        Invitation._meta.get_field("token"),
    ]
    assert [field.default for field in fields] == [new_token] * 3
