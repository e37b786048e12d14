"""Statistics for the report: means with a 95 % confidence interval (Student's t), shares
with a Wilson interval, distributions. Pure: no Django, no database.

Every summary over fewer than ``MIN_GROUP`` values is suppressed: it carries ``n`` only
and no figure, so nothing about a group of one or two can be read from it.
"""

from __future__ import annotations

import functools
import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from scipy import stats

MIN_GROUP = 3
CONFIDENCE = 0.95


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


@dataclass(frozen=True)
class MeanSummary:
    """A mean with its 95 % interval; ``suppressed`` when fewer than three values."""

    n: int
    mean: float | None = None
    ci: Interval | None = None

    @property
    def suppressed(self) -> bool:
        return self.mean is None


@dataclass(frozen=True)
class ChangeSummary:
    """Change (after − before) per unit: mean with interval, share improved with interval."""

    n: int
    mean: float | None = None
    ci: Interval | None = None
    improved: int | None = None
    share_improved: float | None = None
    share_ci: Interval | None = None

    @property
    def suppressed(self) -> bool:
        return self.mean is None


@functools.cache
def t_critical(confidence: float, df: int) -> float:
    """Student's t quantile for a two-sided ``confidence`` interval (scipy; cached, since a
    scipy distribution call costs about a millisecond and a report needs dozens)."""
    return float(stats.t.ppf((1 + confidence) / 2, df))


@functools.cache
def z_critical(confidence: float) -> float:
    return float(stats.norm.ppf((1 + confidence) / 2))


def mean_ci(values: Sequence[float], confidence: float = CONFIDENCE) -> Interval:
    """The t-distribution interval of the mean (a point when every value is the same)."""
    n = len(values)
    mean = statistics.fmean(values)
    sem = statistics.stdev(values) / math.sqrt(n) if n > 1 else 0.0
    if sem == 0:
        return Interval(mean, mean)
    half = t_critical(confidence, n - 1) * sem
    return Interval(mean - half, mean + half)


def wilson(successes: int, n: int, confidence: float = CONFIDENCE) -> Interval:
    """The Wilson score interval of a share (what ``scipy.stats.binomtest`` gives)."""
    z = z_critical(confidence)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return Interval(max(0.0, centre - half), min(1.0, centre + half))


def summarise_mean(values: Iterable[float]) -> MeanSummary:
    data = [float(v) for v in values]
    if len(data) < MIN_GROUP:
        return MeanSummary(n=len(data))
    return MeanSummary(n=len(data), mean=statistics.fmean(data), ci=mean_ci(data))


def summarise_change(changes: Iterable[float]) -> ChangeSummary:
    data = [float(c) for c in changes]
    n = len(data)
    if n < MIN_GROUP:
        return ChangeSummary(n=n)
    improved = sum(1 for c in data if c > 0)
    return ChangeSummary(
        n=n,
        mean=statistics.fmean(data),
        ci=mean_ci(data),
        improved=improved,
        share_improved=improved / n,
        share_ci=wilson(improved, n),
    )


def paired_changes(before: dict[int, float], after: dict[int, float]) -> list[float]:
    """After − before for every unit (person, goal) present in both."""
    return [after[key] - before[key] for key in sorted(before.keys() & after.keys())]


def distribution(values: Iterable[int], buckets: Sequence[int]) -> list[int]:
    """How many values fall on each bucket; the last bucket also takes everything above it."""
    counts = Counter(min(v, buckets[-1]) for v in values)
    return [counts.get(b, 0) for b in buckets]


def choice_counts(values: Iterable[object], n_options: int) -> list[int]:
    """How many answers picked each option; answers are option indexes (lists for multiple)."""
    counts: Counter[int] = Counter()
    for value in values:
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, int) and 0 <= item < n_options:
                counts[item] += 1
    return [counts.get(i, 0) for i in range(n_options)]
