"""Cells a spreadsheet opens safely: text that starts like a formula is shown, never run.

A name, a comment or an answer someone typed can start with ``=``, ``+``, ``-`` or ``@``
(``=HYPERLINK(...)``); Excel and LibreOffice would run it. Every CSV or XLSX the site writes
(applications, survey results, a person's own data export) passes its text cells through
:func:`escape_formula`, which puts an apostrophe in front; the importer takes it off again.
"""

from __future__ import annotations

#: what a spreadsheet reads as the start of a formula (tab and CR too: OWASP's list)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula[T](value: T) -> T:
    """``"=1+1"`` → ``"'=1+1"``; numbers, dates and ordinary text unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value  # type: ignore[return-value]
    return value
