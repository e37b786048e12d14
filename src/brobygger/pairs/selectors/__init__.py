"""Reads of pairs. Members read their pair's content; coordinators read metadata only."""

from brobygger.pairs.selectors.pairs import get_pair_for, pairs_of

__all__ = ["get_pair_for", "pairs_of"]
