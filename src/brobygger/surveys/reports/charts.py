"""Server-rendered SVG charts. Pure: strings in, SVG markup out; no Django.

Colours and sizes of text come from classes in brobygger.css (the CSP forbids ``style=``);
geometry is in attributes. Every chart has a ``<title>`` and sits beside a data table
that carries the same numbers for screen readers and print. A missing value (too few
answers) draws no bar and the ``missing`` label instead.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 700
LABEL_W = 270
ROW_H = 30
PAD = 12

_ids = itertools.count(1)


def _fmt(value: float, decimals: int = 1) -> str:
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _short(label: str, limit: int = 30) -> str:
    """Labels longer than the label column end in an ellipsis; the table has them whole."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _open(height: int, title: str, css: str) -> list[str]:
    ident = f"chart-{next(_ids)}"
    return [
        f'<svg class="chart {css}" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
        f'height="{height}" role="img" aria-labelledby="{ident}" '
        f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}">{escape(title)}</title>',
    ]


def bar_chart(
    rows: Sequence[tuple[str, float | None]],
    *,
    title: str,
    maximum: float | None = None,
    missing: str | Sequence[str] = "–",
    suffix: str = "",
) -> str:
    """Horizontal bars, one row per label (funnel, response rates, counts). A row without a
    value says ``missing`` (one text, or one per row: "hidden", "not available yet")."""
    height = PAD * 2 + ROW_H * max(len(rows), 1)
    top = max([v for _, v in rows if v is not None] + [maximum or 0, 1])
    plot_w = WIDTH - LABEL_W - 70
    out = _open(height, title, "chart-bars")
    for i, (label, value) in enumerate(rows):
        y = PAD + i * ROW_H
        out.append(
            f'<text class="chart-label" x="{LABEL_W - 8}" y="{y + 19}" '
            f'text-anchor="end">{escape(_short(label))}</text>'
        )
        if value is None:
            text = missing if isinstance(missing, str) else missing[i]
            out.append(
                f'<text class="chart-missing" x="{LABEL_W + 4}" y="{y + 19}">{escape(text)}</text>'
            )
            continue
        w = max(plot_w * value / top, 1 if value else 0)
        out.append(
            f'<rect class="chart-bar chart-series-{i % 2}" x="{LABEL_W}" y="{y + 5}" '
            f'width="{w:.1f}" height="{ROW_H - 10}" rx="3"/>'
        )
        out.append(
            f'<text class="chart-value" x="{LABEL_W + w + 6:.1f}" y="{y + 19}">'
            f"{escape(_fmt(value) + suffix)}</text>"
        )
    out.append("</svg>")
    return "\n".join(out)


def histogram(rows: Sequence[tuple[str, int | None]], *, title: str, missing: str = "–") -> str:
    """Vertical bars over categories (meetings per pair, answers per scale step). A category
    without a value (hidden) has no bar, only ``missing`` over its label."""
    height = 220
    base = height - 34
    n = max(len(rows), 1)
    slot = (WIDTH - 2 * PAD) / n
    top = max([v for _, v in rows if v is not None] + [1])
    out = _open(height, title, "chart-histogram")
    out.append(f'<line class="chart-axis" x1="{PAD}" y1="{base}" x2="{WIDTH - PAD}" y2="{base}"/>')
    for i, (label, value) in enumerate(rows):
        x = PAD + i * slot
        cx = x + slot / 2
        out.append(
            f'<text class="chart-label" x="{cx:.1f}" y="{base + 20}" '
            f'text-anchor="middle">{escape(_short(label, 12))}</text>'
        )
        if value is None:
            out.append(
                f'<text class="chart-missing" x="{cx:.1f}" y="{base - 6}" '
                f'text-anchor="middle">{escape(_short(missing, 12))}</text>'
            )
            continue
        h = (base - 30) * value / top
        out.append(
            f'<rect class="chart-bar chart-series-0" x="{x + slot * 0.15:.1f}" '
            f'y="{base - h:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" rx="2"/>'
        )
        out.append(
            f'<text class="chart-value" x="{cx:.1f}" y="{base - h - 6:.1f}" '
            f'text-anchor="middle">{value}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


@dataclass(frozen=True)
class IntervalRow:
    label: str
    mean: float | None
    low: float | None = None
    high: float | None = None


def interval_chart(
    rows: Sequence[IntervalRow],
    *,
    title: str,
    domain: tuple[float, float],
    missing: str = "–",
    zero: float | None = 0.0,
) -> str:
    """A dot per group at its mean with a line over its 95 % interval, on a common axis."""
    out, sx, axis_y = _rows_on_an_axis(len(rows), title=title, css="chart-intervals", domain=domain)
    if zero is not None and domain[0] <= zero <= domain[1]:
        out.append(
            f'<line class="chart-zero" x1="{sx(zero):.1f}" y1="{PAD}" x2="{sx(zero):.1f}" '
            f'y2="{axis_y}"/>'
        )
    for i, row in enumerate(rows):
        y = _row_label(out, i, row.label)
        if row.mean is None:
            _missing(out, y, missing)
            continue
        if row.low is not None and row.high is not None:
            out.append(
                f'<line class="chart-ci" x1="{sx(row.low):.1f}" y1="{y:.1f}" '
                f'x2="{sx(row.high):.1f}" y2="{y:.1f}"/>'
            )
        out.append(f'<circle class="chart-dot" cx="{sx(row.mean):.1f}" cy="{y:.1f}" r="6"/>')
    out.append("</svg>")
    return "\n".join(out)


@dataclass(frozen=True)
class BeforeAfterRow:
    label: str
    before: float | None
    after: float | None


def before_after_chart(
    rows: Sequence[BeforeAfterRow],
    *,
    title: str,
    domain: tuple[float, float],
    missing: str = "–",
) -> str:
    """A dumbbell per question: the baseline mean (hollow) joined to the closing mean (solid)."""
    out, sx, _axis_y = _rows_on_an_axis(
        len(rows), title=title, css="chart-before-after", domain=domain
    )
    for i, row in enumerate(rows):
        y = _row_label(out, i, row.label)
        if row.before is None or row.after is None:
            _missing(out, y, missing)
            continue
        out.append(
            f'<line class="chart-link" x1="{sx(row.before):.1f}" y1="{y:.1f}" '
            f'x2="{sx(row.after):.1f}" y2="{y:.1f}"/>'
        )
        out.append(
            f'<circle class="chart-dot-before" cx="{sx(row.before):.1f}" cy="{y:.1f}" r="6"/>'
        )
        out.append(f'<circle class="chart-dot" cx="{sx(row.after):.1f}" cy="{y:.1f}" r="6"/>')
    out.append("</svg>")
    return "\n".join(out)


def _rows_on_an_axis(
    count: int, *, title: str, css: str, domain: tuple[float, float]
) -> tuple[list[str], Callable[[float], float], int]:
    """The start of a chart of ``count`` labelled rows over one value axis: the SVG so far
    (its opening, the axis and its ticks), where a value lies on it, and the axis's height."""
    lo, hi = domain
    plot_w = WIDTH - LABEL_W - 30
    height = PAD * 2 + ROW_H * max(count, 1) + 24

    def sx(v: float) -> float:
        return LABEL_W + plot_w * (min(max(v, lo), hi) - lo) / (hi - lo)

    out = _open(height, title, css)
    axis_y = height - 24
    out.append(
        f'<line class="chart-axis" x1="{LABEL_W}" y1="{axis_y}" x2="{LABEL_W + plot_w}" '
        f'y2="{axis_y}"/>'
    )
    for tick in _ticks(lo, hi):
        out.append(
            f'<text class="chart-tick" x="{sx(tick):.1f}" y="{axis_y + 16}" '
            f'text-anchor="middle">{_fmt(tick)}</text>'
        )
    return out, sx, axis_y


def _row_label(out: list[str], index: int, label: str) -> float:
    """Writes row ``index``'s label; returns the row's middle."""
    y = PAD + index * ROW_H + ROW_H / 2
    out.append(
        f'<text class="chart-label" x="{LABEL_W - 8}" y="{y + 5:.1f}" '
        f'text-anchor="end">{escape(_short(label))}</text>'
    )
    return y


def _missing(out: list[str], y: float, missing: str) -> None:
    out.append(
        f'<text class="chart-missing" x="{LABEL_W + 4}" y="{y + 5:.1f}">{escape(missing)}</text>'
    )


def _ticks(lo: float, hi: float) -> list[float]:
    span = hi - lo
    step = 1.0 if span <= 10 else 2.0 if span <= 20 else 5.0
    first = math.ceil(lo / step) * step
    ticks = []
    value = first
    while value <= hi + 1e-9:
        ticks.append(value)
        value += step
    return ticks
