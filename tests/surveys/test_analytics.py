"""Statistics of the report: t intervals, Wilson intervals, suppression under three."""

import math
import statistics

import pytest
from scipy import stats

from brobygger.surveys.reports import analytics


def test_mean_ci_is_the_t_interval():
    values = [1.0, 2.0, 2.0, 3.0, 5.0]
    interval = analytics.mean_ci(values)
    mean = sum(values) / 5
    sem = stats.sem(values)
    half = stats.t.ppf(0.975, 4) * sem
    assert interval.low == pytest.approx(mean - half)
    assert interval.high == pytest.approx(mean + half)


def test_equal_values_give_a_point_interval():
    assert analytics.mean_ci([2.0, 2.0, 2.0]) == analytics.Interval(2.0, 2.0)


@pytest.mark.parametrize("values", [[], [4.0], [1.0, 3.0]])
def test_fewer_than_three_values_are_suppressed(values):
    summary = analytics.summarise_change(values)
    assert summary.suppressed
    assert (summary.n, summary.mean, summary.ci, summary.share_improved) == (
        len(values),
        None,
        None,
        None,
    )
    assert analytics.summarise_mean(values).mean is None


def test_change_summary_counts_improvements_with_a_wilson_interval():
    summary = analytics.summarise_change([2, 1, 0, -1, 3])
    assert (summary.n, summary.improved, summary.share_improved) == (5, 3, 0.6)
    assert summary.mean == pytest.approx(1.0)
    assert 0 < summary.share_ci.low < 0.6 < summary.share_ci.high < 1
    assert not math.isnan(summary.ci.low)


def test_paired_changes_use_only_units_present_in_both():
    assert analytics.paired_changes({1: 2, 2: 3, 3: 4}, {2: 5, 3: 4, 4: 1}) == [2, 0]


def test_distribution_caps_at_the_last_bucket_and_choice_counts_lists():
    assert analytics.distribution([0, 1, 1, 9, 12], [0, 1, 2, 8]) == [1, 2, 0, 2]
    assert analytics.choice_counts([0, [0, 2], [2], 7], 3) == [2, 0, 2]


@pytest.mark.parametrize(("k", "n"), [(0, 3), (3, 5), (5, 5), (17, 40)])
def test_wilson_matches_scipy(k, n):
    expected = stats.binomtest(k, n).proportion_ci(0.95, method="wilson")
    interval = analytics.wilson(k, n)
    assert interval.low == pytest.approx(expected.low)
    assert interval.high == pytest.approx(expected.high)


def test_mean_ci_matches_scipy_t_interval():
    values = [3.0, 4.0, 5.0, 9.0]
    low, high = stats.t.interval(0.95, 3, loc=statistics.fmean(values), scale=stats.sem(values))
    assert analytics.mean_ci(values) == analytics.Interval(pytest.approx(low), pytest.approx(high))


def test_an_interval_past_the_scale_is_cut_at_its_ends_and_says_so():
    """3.50 (95 % 0.74–6.26) on agree 1–5 was shown as it came; the true mean lies on the
    scale, so the cut loses no coverage."""
    values = [2.0, 5.0, 2.0, 5.0]
    raw = analytics.mean_ci(values)
    assert (round(raw.low, 2), round(raw.high, 2), raw.clipped) == (0.74, 6.26, False)
    assert analytics.mean_ci(values, bounds=analytics.LIKERT) == analytics.Interval(
        1.0, 5.0, clipped=True
    )
    summary = analytics.summarise_mean(values, bounds=analytics.LIKERT)
    assert (summary.mean, summary.ci) == (3.5, analytics.Interval(1.0, 5.0, clipped=True))


def test_an_interval_inside_the_scale_is_not_marked():
    interval = analytics.mean_ci([3.0, 4.0, 4.0, 4.0, 3.0, 4.0], bounds=analytics.LIKERT)
    assert (interval.clipped, 1 < interval.low < interval.high < 5) == (False, True)


def test_a_change_is_bounded_by_the_width_of_the_scale():
    assert analytics.change_bounds(analytics.LIKERT) == (-4, 4)
    assert analytics.change_bounds(analytics.GOAL_RATING) == (-9, 9)
    summary = analytics.summarise_change([4.0, 4.0, -4.0], bounds=(-4, 4))
    assert summary.ci is not None
    assert (summary.ci.low, summary.ci.high, summary.ci.clipped) == (-4.0, 4.0, True)
    assert (summary.share_ci.low >= 0, summary.share_ci.high <= 1) == (True, True)


def test_a_pooled_mean_hides_when_one_group_is_small():
    three = analytics.summarise_mean([4.0, 5.0, 3.0])
    assert analytics.pooled_mean([three, analytics.MeanSummary(n=0)]).mean == 4.0
    assert analytics.pooled_mean([three, analytics.MeanSummary(n=2)]).mean is None
    four = analytics.summarise_mean([1.0, 1.0, 1.0, 1.0])
    assert analytics.pooled_mean([three, four]).mean == pytest.approx(16 / 7)
