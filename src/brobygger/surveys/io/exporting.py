"""The report's numbers as CSV or XLSX. Reads the built report only, so an export holds
exactly what the page may show: suppressed and hidden figures are empty with a note, figures
not published yet are a note, free text never.

The files are written by :mod:`brobygger.core.spreadsheets`: XLSX with real numbers; CSV in
the reader's language (Norwegian: ``;`` and a decimal comma; English: ``,`` and a point),
UTF-8 with a byte order mark; text cells that start like a formula get a leading ``'``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from brobygger.core import spreadsheets
from brobygger.core.spreadsheets import Cell
from brobygger.surveys.models import QuestionKind
from brobygger.surveys.reports.analytics import ChangeSummary, MeanSummary
from brobygger.surveys.reports.cohort import (
    Report,
    clipped_text,
    hidden_note,
    not_available,
    outcomes_pending,
    survey_pending,
    too_few,
)
from brobygger.surveys.reports.disclosure import HIDDEN, Count

CONTENT_TYPES = spreadsheets.CONTENT_TYPES

Number = int | float | None


@dataclass(frozen=True)
class Row:
    section: str
    group: str
    measure: str
    n: Number = None
    value: Number = None
    low: Number = None
    high: Number = None
    note: str = ""


def header() -> list[str]:
    return [
        _("Section"),
        _("Group"),
        _("Measure"),
        _("Number"),
        _("Value"),
        _("95 % interval, low"),
        _("95 % interval, high"),
        _("Note"),
    ]


def report_rows(report: Report) -> list[Row]:
    rows: list[Row] = []
    section = _("Funnel")
    for step in report.funnel:
        for role, label in report.roles:
            rows.append(_count_row(section, label, step.label, getattr(step, role)))
    if not report.for_company:
        rows.extend(_meeting_rows(report))
    rows.extend(_attendance_rows(report))
    section = _("Response rates")
    for r in report.responses:
        name = f"{r.survey.get_kind_display()} · {r.survey.role_label}"
        if not r.published:
            rows.append(Row(section, name, _("Answered"), note=survey_pending()))
            continue
        rows.append(_count_row(section, name, _("Answered"), r.answered, n=r.invited))
    section = _("Goal change (end minus start)")
    if report.goal_change is None:  # a company's, until the programme year has closed
        rows.append(Row(section, "", "", note=outcomes_pending()))
    for group in report.goal_change or []:
        rows.extend(_change_rows(section, group.label, group.summary, group.n, group.share_hidden))
    section = _("Baseline vs closing")
    for p in report.paired:
        name = f"{p.role_label}: {p.label}"
        rows.append(_mean_row(section, name, _("Baseline mean"), p.before, p.n))
        rows.append(_mean_row(section, name, _("Closing mean"), p.after, p.n))
        rows.extend(_change_rows(section, name, p.change, p.n))
    rows.extend(_answer_rows(report))
    return rows


def _answer_rows(report: Report) -> Iterable[Row]:
    section = _("Survey answers")
    for result in report.surveys:
        name = f"{result.survey.get_kind_display()} · {result.survey.role_label}"
        if not result.published:
            yield Row(section, name, "", note=survey_pending())
            continue
        for q in result.questions:
            label = q.question.display_label
            if q.question.kind == QuestionKind.LONG_TEXT:
                continue
            if q.suppressed:
                yield Row(section, name, label, n=_number(q.n), note=too_few())
                continue
            if q.mean is not None:
                yield _mean_row(section, name, label, q.mean, q.n)
            for option, count in q.counts or []:
                yield _count_row(section, name, f"{label}: {option}", count, n=q.n)


def _number(count: Count) -> Number:
    return count if isinstance(count, int) else None


def _count_row(section: str, group: str, measure: str, count: Count, n: Count = None) -> Row:
    """A count (of ``n``) as shown: a number, or empty with why (hidden, not available)."""
    if HIDDEN in (count, n):
        return Row(section, group, measure, n=_number(n), value=_number(count), note=hidden_note())
    if count is None:
        return Row(section, group, measure, note=not_available())
    return Row(section, group, measure, n=_number(n), value=_number(count))


def _meeting_rows(report: Report) -> Iterable[Row]:
    section = _("Meetings held per pair")
    m = report.meetings
    if m is None:  # a company's report: never the pairs' own activity
        return
    if m.suppressed:
        yield Row(section, "", _("Pairs"), n=m.n_pairs, note=too_few())
        return
    yield Row(section, "", _("Mean"), n=m.n_pairs, value=round(m.mean or 0, 2))
    yield Row(section, "", _("Median"), n=m.n_pairs, value=m.median)
    for label, count in m.buckets:
        yield Row(section, _("Meetings"), label, value=count)


def _attendance_rows(report: Report) -> Iterable[Row]:
    section = _("Gathering attendance")
    for a in report.attendance:
        yield _count_row(section, a.title, _("Invited"), a.invited)
        yield _count_row(section, a.title, _("Said yes"), a.coming)
        yield _count_row(section, a.title, _("Attended"), a.attended)


def _mean_row(section: str, group: str, measure: str, summary: MeanSummary, n: Count = None) -> Row:
    shown_n = _number(n) if n is not None else summary.n
    if summary.suppressed or summary.mean is None or summary.ci is None:
        return Row(section, group, measure, n=shown_n, note=too_few())
    return Row(
        section,
        group,
        measure,
        n=shown_n,
        value=round(summary.mean, 3),
        low=round(summary.ci.low, 3),
        high=round(summary.ci.high, 3),
        note=clipped_text() if summary.ci.clipped else "",
    )


def _change_rows(
    section: str, group: str, s: ChangeSummary, n: Count = None, share_hidden: bool = False
) -> list[Row]:
    shown_n = _number(n) if n is not None else s.n
    if s.suppressed or s.mean is None or s.ci is None:
        return [Row(section, group, _("Mean change"), n=shown_n, note=too_few())]
    rows = [
        Row(
            section,
            group,
            _("Mean change"),
            n=shown_n,
            value=round(s.mean, 3),
            low=round(s.ci.low, 3),
            high=round(s.ci.high, 3),
            note=clipped_text() if s.ci.clipped else "",
        )
    ]
    if share_hidden or s.share_ci is None:
        rows.append(Row(section, group, _("Share improved"), n=shown_n, note=hidden_note()))
    else:
        rows.append(
            Row(
                section,
                group,
                _("Share improved"),
                n=shown_n,
                value=round(s.share_improved or 0, 3),
                low=round(s.share_ci.low, 3),
                high=round(s.share_ci.high, 3),
            )
        )
    return rows


def _cells(row: Row) -> list[Cell]:
    return [row.section, row.group, row.measure, row.n, row.value, row.low, row.high, row.note]


def as_csv(rows: list[Row], *, language: str | None) -> bytes:
    """``;`` and decimal comma in Norwegian (``4,333``), ``,`` and ``4.333`` in English."""
    return spreadsheets.to_csv(header(), [_cells(row) for row in rows], language=language)


def as_xlsx(rows: list[Row], *, title: str) -> bytes:
    """Numbers as numbers; the header bold and frozen."""
    return spreadsheets.to_xlsx(header(), [_cells(row) for row in rows], title=title or "Report")
