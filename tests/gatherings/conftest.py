from __future__ import annotations

import pytest

from tests.pairs.helpers import make_pair, other_people, running_cohort


@pytest.fixture
def cohort(reverse_initiative):
    return running_cohort(reverse_initiative)


@pytest.fixture
def pair(cohort, mentee_anne, mentor_bo):
    return make_pair(cohort, mentee_anne, mentor_bo)


@pytest.fixture
def other_pair(cohort):
    senior, junior = other_people("eva")
    return make_pair(cohort, senior, junior)


@pytest.fixture
def en(english):  # type: ignore[no-untyped-def]
    return english
