"""The one rule for what a company contact may be shown (docs/privacy.md, *Small groups*).

A company contact knows her colleagues by name: next to her reports she has the list of who
takes part. So every figure she gets obeys one rule, wherever it is shown (page, CSV, Excel,
API), and is applied here, where the report is built:

- a count of people (or of their goals, pairs, answers) is shown only if it is **0 or at least
  three**; a count of one or two is *hidden*;
- no hidden count can be worked out by **subtracting** shown ones: counts of the same people
  (invited → said yes → attended; accepted → matched → agreement signed …) are shown only
  if every difference between two of them is 0 or at least three, and when parts adding up to
  a total are shown, the hidden parts together are 0 or at least three (complementary
  suppression: a second part is hidden with the first).

A hidden count is :data:`HIDDEN`, never a number: it may be large (hidden to protect a
neighbour), so it is not shown as "fewer than three". Means and intervals over fewer than
three answers are suppressed where they are computed (``analytics``). Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

MIN_GROUP: Final = 3


class Hidden:
    """A count withheld to protect a small group (there is one: :data:`HIDDEN`)."""

    _instance: Hidden | None = None

    def __new__(cls) -> Hidden:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "HIDDEN"


HIDDEN: Final = Hidden()

#: a count as shown: a number, HIDDEN, or None for "not available yet"
Count = int | Hidden | None


def is_small(n: int) -> bool:
    """A group of one or two: what may never be shown or worked out."""
    return 0 < abs(n) < MIN_GROUP


def related(values: Sequence[int | None], *, hidden: Iterable[int] = ()) -> set[int]:
    """The indexes to hide among counts of the same people, taken in order (the first ones
    win): each shown count, and the difference between any two shown counts, is 0 or at least
    three. ``None`` (not available) is neither shown nor hidden; ``hidden`` stay hidden."""
    hide = set(hidden)
    shown: list[int] = []
    for i, value in enumerate(values):
        if value is None or i in hide:
            continue
        if is_small(value) or any(is_small(value - other) for other in shown):
            hide.add(i)
        else:
            shown.append(value)
    return hide


def partition(total: int, parts: Sequence[int]) -> set[int]:
    """The parts to hide of a ``total`` shown beside its disjoint ``parts`` (answers per
    option, pairs per number of meetings): the small parts, and, if those together would be
    small (so ``total`` minus the shown parts gives them away), the next smallest part too.
    A small ``total`` hides every part (the caller hides the total)."""
    if is_small(total):
        return {i for i, p in enumerate(parts) if p}
    hide = {i for i, p in enumerate(parts) if is_small(p)}
    if is_small(sum(parts[i] for i in hide)):
        rest = [i for i, p in enumerate(parts) if p and i not in hide]
        if rest:
            hide.add(min(rest, key=lambda i: (parts[i], i)))
    return hide


def subsets(total: int, parts: Sequence[int]) -> set[int]:
    """The parts to hide of a ``total`` beside overlapping ``parts`` (a multiple choice: how
    many ticked each option): a part is hidden when it, or ``total`` minus it, is small."""
    if is_small(total):
        return {i for i, p in enumerate(parts) if p}
    return {i for i, p in enumerate(parts) if is_small(p) or is_small(total - p)}


def shown(value: int | None, hide: bool) -> Count:
    """``value`` as shown: HIDDEN when ``hide``; None stays None (not available)."""
    if value is None:
        return None
    return HIDDEN if hide else value


def protect(values: Sequence[int | None]) -> list[Count]:
    """Counts of the same people in order, each shown or HIDDEN by :func:`related`."""
    hide = related(values)
    return [shown(v, i in hide) for i, v in enumerate(values)]
