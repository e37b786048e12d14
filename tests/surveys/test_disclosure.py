"""The small-group rule (surveys/reports/disclosure.py): shown counts are 0 or at least three, and
no hidden count can be worked out by subtracting shown ones."""

from __future__ import annotations

import itertools

import pytest

from brobygger.surveys.reports.disclosure import HIDDEN, partition, protect, related, subsets


@pytest.mark.parametrize(
    ("values", "shown"),
    [
        ([1, 1, 1], [HIDDEN, HIDDEN, HIDDEN]),
        ([2, 2, 0], [HIDDEN, HIDDEN, 0]),
        ([3, 3, 3], [3, 3, 3]),
        ([4, 3, 4], [4, HIDDEN, 4]),  # 4 − 3 is one person
        ([4, 4, 1], [4, 4, HIDDEN]),
        ([6, 3, 0], [6, 3, 0]),
        ([5, None, 5], [5, None, 5]),  # not available stays None
    ],
)
def test_counts_of_the_same_people(values, shown):
    assert protect(values) == shown


@pytest.mark.parametrize("values", list(itertools.product(range(7), repeat=3)))
def test_no_shown_count_or_difference_is_one_or_two(values):
    hide = related(values)
    shown = [v for i, v in enumerate(values) if i not in hide]
    assert all(v == 0 or v >= 3 for v in shown)
    assert all(abs(a - b) == 0 or abs(a - b) >= 3 for a, b in itertools.combinations(shown, 2))


@pytest.mark.parametrize(
    ("total", "parts", "hidden"),
    [
        (4, [0, 0, 0, 3, 1], {3, 4}),  # the 1, and the 3 with it: 4 − 3 would be the 1
        (6, [3, 3, 0, 0, 0], set()),
        (7, [3, 2, 2, 0, 0], {1, 2}),  # the two 2s together are four
        (5, [5, 0, 0], set()),
        (2, [1, 1, 0], {0, 1}),
    ],
)
def test_parts_of_a_total(total, parts, hidden):
    assert partition(total, parts) == hidden


@pytest.mark.parametrize("parts", list(itertools.product(range(5), repeat=3)))
def test_hidden_parts_never_add_up_to_one_or_two(parts):
    total = sum(parts)
    hide = partition(total, list(parts))
    if 0 < total < 3:
        assert hide == {i for i, p in enumerate(parts) if p}
    else:
        assert sum(parts[i] for i in hide) not in (1, 2)
        assert all(parts[i] == 0 or parts[i] >= 3 for i in range(3) if i not in hide)


def test_overlapping_parts_hide_one_or_two_and_their_complement():
    # 1 ticked; 4 ticked leaves 1 who did not; 3 leaves 2; all five, or none, may show
    assert subsets(5, [1, 4, 5, 3, 0]) == {0, 1, 3}
    assert subsets(2, [2, 1, 0]) == {0, 1}
