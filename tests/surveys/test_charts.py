"""The SVG charts are pure functions: geometry in attributes, labels escaped, no style."""

import re

from brobygger.surveys.reports import charts


def test_bar_chart_draws_one_bar_per_value_and_marks_missing_ones():
    svg = charts.bar_chart(
        [("Søknader", 10), ("Matchet", 4), ("Avtale", None)],
        title="Trakt",
        missing="ikke tilgjengelig",
    )
    assert svg.startswith("<svg")
    assert svg.endswith("</svg>")
    assert len(re.findall(r"<rect ", svg)) == 2
    assert "ikke tilgjengelig" in svg
    assert re.search(r'<title id="chart-\d+">Trakt</title>', svg)
    assert 'role="img"' in svg


def test_bar_lengths_are_proportional():
    svg = charts.bar_chart([("a", 10), ("b", 5)], title="t")
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]
    assert widths[0] == 2 * widths[1]


def test_labels_are_escaped_and_no_style_attribute_is_written():
    svg = charts.bar_chart([('<script>alert("x")</script>', 1)], title="<b>")
    assert "<script>" not in svg
    assert "&lt;" in svg
    assert " style=" not in svg
    assert "<style" not in svg


def test_long_labels_are_shortened_with_an_ellipsis():
    svg = charts.bar_chart([("x" * 80, 1)], title="t")
    assert "x" * 29 + "…" in svg
    assert "x" * 30 not in svg


def test_interval_chart_draws_a_dot_and_an_interval_and_the_zero_line():
    rows = [charts.IntervalRow("Mentee", 1.5, 0.5, 2.5), charts.IntervalRow("Mentor", None)]
    svg = charts.interval_chart(rows, title="Endring", domain=(-4, 4), missing="for få")
    assert len(re.findall(r'class="chart-dot"', svg)) == 1
    assert len(re.findall(r'class="chart-ci"', svg)) == 1
    assert 'class="chart-zero"' in svg
    assert "for få" in svg


def test_interval_positions_follow_the_domain():
    svg = charts.interval_chart(
        [charts.IntervalRow("g", 0.0, -4.0, 4.0)], title="t", domain=(-4, 4)
    )
    x1, x2 = (
        float(v)
        for v in re.search(r'chart-ci" x1="([\d.]+)" y1="[\d.]+" x2="([\d.]+)"', svg).groups()
    )
    cx = float(re.search(r'chart-dot" cx="([\d.]+)"', svg).group(1))
    assert x1 == charts.LABEL_W
    assert cx == (x1 + x2) / 2


def test_histogram_and_before_after():
    hist = charts.histogram([("0", 1), ("1", 3), ("2+", 0)], title="Møter")
    assert len(re.findall(r"<rect ", hist)) == 3
    dumbbell = charts.before_after_chart(
        [charts.BeforeAfterRow("Endringsvilje", 2.5, 4.0), charts.BeforeAfterRow("x", None, 3.0)],
        title="Før og etter",
        domain=(1, 5),
        missing="for få",
    )
    assert dumbbell.count('class="chart-dot-before"') == 1
    assert dumbbell.count('class="chart-dot"') == 1
    assert "for få" in dumbbell
