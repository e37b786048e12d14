"""Statistics for the report: means with a 95 % confidence interval (Student's t), shares
with a Wilson interval, distributions. Pure: no Django, no database.

Every summary over fewer than ``MIN_GROUP`` values is suppressed: it carries ``n`` only
and no figure, so nothing about a group of one or two can be read from it.

Answers lie on a bounded scale (agree 1–5, 0–10, a goal's rating 1–10), and so does their
mean; a t interval over few answers can reach past the scale's ends (3.50 with 1.45–5.55 on
1–5). Given ``bounds``, the interval is cut at the ends and says so (``Interval.clipped``).
Cutting loses no coverage: the true mean lies on the scale, so every value cut away was
impossible anyway (docs/evaluation.md, *Intervals*).
"""

from __future__ import annotations

import functools
import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from brobygger.surveys.reports.disclosure import MIN_GROUP, is_small

CONFIDENCE = 0.95

Bounds = tuple[float, float]
LIKERT: Bounds = (1, 5)
SCALE10: Bounds = (0, 10)
GOAL_RATING: Bounds = (1, 10)


def change_bounds(scale: Bounds) -> Bounds:
    """The range of after − before on ``scale``: −4…+4 for agree 1–5."""
    width = scale[1] - scale[0]
    return (-width, width)


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    clipped: bool = False  # the t interval reached past the scale and was cut at its end

    def within(self, bounds: Bounds | None) -> Interval:
        """This interval cut to ``bounds``, marked ``clipped`` if that changed it."""
        if bounds is None:
            return self
        low, high = max(self.low, float(bounds[0])), min(self.high, float(bounds[1]))
        return Interval(low, high, self.clipped or (low, high) != (self.low, self.high))


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
    from scipy import stats  # here, not at import: scipy.stats costs a second at start-up

    return float(stats.t.ppf((1 + confidence) / 2, df))


@functools.cache
def z_critical(confidence: float) -> float:
    from scipy import stats

    return float(stats.norm.ppf((1 + confidence) / 2))


def mean_ci(
    values: Sequence[float], confidence: float = CONFIDENCE, bounds: Bounds | None = None
) -> Interval:
    """The t-distribution interval of the mean (a point when every value is the same), cut
    to ``bounds`` when given."""
    n = len(values)
    mean = statistics.fmean(values)
    sem = statistics.stdev(values) / math.sqrt(n) if n > 1 else 0.0
    if sem == 0:
        return Interval(mean, mean)
    half = t_critical(confidence, n - 1) * sem
    return Interval(mean - half, mean + half).within(bounds)


def wilson(successes: int, n: int, confidence: float = CONFIDENCE) -> Interval:
    """The Wilson score interval of a share (what ``scipy.stats.binomtest`` gives)."""
    z = z_critical(confidence)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return Interval(max(0.0, centre - half), min(1.0, centre + half))


def summarise_mean(values: Iterable[float], bounds: Bounds | None = None) -> MeanSummary:
    data = [float(v) for v in values]
    if len(data) < MIN_GROUP:
        return MeanSummary(n=len(data))
    return MeanSummary(n=len(data), mean=statistics.fmean(data), ci=mean_ci(data, bounds=bounds))


def summarise_change(changes: Iterable[float], bounds: Bounds | None = None) -> ChangeSummary:
    """``bounds``: the range a change can take (``change_bounds(scale)``)."""
    data = [float(c) for c in changes]
    n = len(data)
    if n < MIN_GROUP:
        return ChangeSummary(n=n)
    improved = sum(1 for c in data if c > 0)
    return ChangeSummary(
        n=n,
        mean=statistics.fmean(data),
        ci=mean_ci(data, bounds=bounds),
        improved=improved,
        share_improved=improved / n,
        share_ci=wilson(improved, n),
    )


def pooled_mean(summaries: Sequence[MeanSummary]) -> MeanSummary:
    """The mean of several groups together (both roles' answers to one measure), without its
    interval. Suppressed when any group is small: the pooled mean minus the shown ones would
    give the small group's answers away."""
    n = sum(s.n for s in summaries)
    if n < MIN_GROUP or any(is_small(s.n) for s in summaries):
        return MeanSummary(n=n)
    return MeanSummary(n=n, mean=sum(s.n * (s.mean or 0.0) for s in summaries) / n)


# -- frozen figures (surveys.PublishedResult stores summaries as JSON) -------------------
def _interval_data(interval: Interval | None) -> list[Any] | None:
    return None if interval is None else [interval.low, interval.high, interval.clipped]


def _interval(data: list[Any] | None) -> Interval | None:
    return None if data is None else Interval(data[0], data[1], bool(data[2]))


def mean_to_data(summary: MeanSummary) -> dict[str, Any]:
    return {"n": summary.n, "mean": summary.mean, "ci": _interval_data(summary.ci)}


def mean_from_data(data: dict[str, Any]) -> MeanSummary:
    return MeanSummary(n=data["n"], mean=data["mean"], ci=_interval(data["ci"]))


def change_to_data(summary: ChangeSummary) -> dict[str, Any]:
    return {
        "n": summary.n,
        "mean": summary.mean,
        "ci": _interval_data(summary.ci),
        "improved": summary.improved,
        "share_improved": summary.share_improved,
        "share_ci": _interval_data(summary.share_ci),
    }


def change_from_data(data: dict[str, Any]) -> ChangeSummary:
    return ChangeSummary(
        n=data["n"],
        mean=data["mean"],
        ci=_interval(data["ci"]),
        improved=data["improved"],
        share_improved=data["share_improved"],
        share_ci=_interval(data["share_ci"]),
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
