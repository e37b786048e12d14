"""Reading an applicant spreadsheet (CSV or XLSX) into a preview. Pure: writes nothing.

Everything a coordinator's spreadsheet program may produce is accepted: Norwegian Excel's
``;`` separator, a UTF-8 byte order mark, Windows-1252 text, English or Norwegian headings.
Every problem is reported with its row, column, value and what was expected; the database
is read only through the :class:`Lookups` passed in (built by
``applications.selectors.imports.import_lookups``). See docs/import.md.
"""

from __future__ import annotations

from brobygger.applications.io.importing.checking import (
    COLUMNS,
    HEADER_ALIASES,
    REQUIRED,
    check_table,
    column_named,
    count_changes,
    map_header,
)
from brobygger.applications.io.importing.model import (
    MAX_FILE_BYTES,
    Counts,
    FileProblem,
    Lookups,
    ParsedRow,
    Preview,
    Problem,
    UnknownValue,
    failed,
    format_size,
    size_problem,
)
from brobygger.applications.io.importing.reading import decode, read_table, sniff_delimiter
from brobygger.applications.io.importing.vocabulary import (
    OTHER,
    VOCABULARY_COLUMNS,
    Mappings,
    Vocabulary,
    fold,
    vocabularies,
)

__all__ = [
    "COLUMNS",
    "HEADER_ALIASES",
    "MAX_FILE_BYTES",
    "OTHER",
    "REQUIRED",
    "VOCABULARY_COLUMNS",
    "Counts",
    "Lookups",
    "Mappings",
    "ParsedRow",
    "Preview",
    "Problem",
    "UnknownValue",
    "Vocabulary",
    "build_preview",
    "column_named",
    "count_changes",
    "decode",
    "fold",
    "format_size",
    "map_header",
    "read_table",
    "size_problem",
    "sniff_delimiter",
    "vocabularies",
]


def build_preview(
    data: bytes,
    *,
    lookups: Lookups,
    mappings: Mappings | None = None,
    unknown_to: str | None = None,
) -> Preview:
    """Parse and check a whole file; the preview lists every problem found, and every
    value outside a vocabulary once, mapped by ``mappings`` or else to ``unknown_to``."""
    too_large = size_problem(len(data))
    if too_large:
        return failed(too_large)
    try:
        table, file_format = read_table(data)
        rows = list(table)
    except FileProblem as error:
        return failed(error.problem)
    return check_table(
        rows, lookups=lookups, file_format=file_format, mappings=mappings, unknown_to=unknown_to
    )
