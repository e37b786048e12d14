"""Reading an applicant spreadsheet (CSV or XLSX) into a preview. Pure: writes nothing.

Everything a coordinator's spreadsheet program may produce is accepted: Norwegian Excel's
``;`` separator, a UTF-8 byte order mark, Windows-1252 text, English or Norwegian headings.
Every problem is reported with its row, column, value and what was expected; the database
is read only through the :class:`Lookups` passed in (built by
``applications.selectors.imports.import_lookups``). See docs/import.md.
"""

from __future__ import annotations

from brobygger.applications.importing.checking import (
    COLUMNS,
    HEADER_ALIASES,
    REQUIRED,
    check_table,
    count_changes,
    map_header,
)
from brobygger.applications.importing.model import (
    MAX_FILE_BYTES,
    Counts,
    FileProblem,
    Lookups,
    ParsedRow,
    Preview,
    Problem,
    failed,
    format_size,
    size_problem,
)
from brobygger.applications.importing.reading import decode, read_table, sniff_delimiter

__all__ = [
    "COLUMNS",
    "HEADER_ALIASES",
    "MAX_FILE_BYTES",
    "REQUIRED",
    "Counts",
    "Lookups",
    "ParsedRow",
    "Preview",
    "Problem",
    "build_preview",
    "count_changes",
    "decode",
    "format_size",
    "map_header",
    "read_table",
    "size_problem",
    "sniff_delimiter",
]


def build_preview(data: bytes, *, lookups: Lookups) -> Preview:
    """Parse and check a whole file; the preview lists every problem found."""
    too_large = size_problem(len(data))
    if too_large:
        return failed(too_large)
    try:
        table, file_format = read_table(data)
        rows = list(table)
    except FileProblem as error:
        return failed(error.problem)
    return check_table(rows, lookups=lookups, file_format=file_format)
