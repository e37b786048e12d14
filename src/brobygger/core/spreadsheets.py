"""Spreadsheets the site writes: safe cells, and files that open right in Norwegian Excel.

Formula safety: a name, a comment or an answer someone typed can start with ``=``, ``+``,
``-`` or ``@`` (``=HYPERLINK(...)``); Excel and LibreOffice would run it. Every CSV or XLSX
the site writes (applications, survey results, "Our participants") passes its text cells
through :func:`escape_formula`, which puts an apostrophe in front; the importer takes it off
again. :func:`to_csv` and :func:`to_xlsx` do it for every text cell they write.

One table, two files:

- **XLSX** (the primary download): numbers and dates are real numeric cells, the header row
  is bold and frozen, the columns are as wide as their content (within limits).
- **CSV** follows the reader's language, the way Excel reads CSV by the Windows region:
  in Norwegian (``nb``) ``;`` between cells and a decimal comma (``4,2``); in English ``,``
  and a decimal point (``4.2``). Both are UTF-8 with a byte order mark (so æ, ø and å show)
  and CRLF line ends. Dates are ISO 8601 (``2027-03-26 10:00``), which Excel reads as a date
  in every region.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

#: what a spreadsheet reads as the start of a formula (tab and CR too: OWASP's list)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

#: one cell: text, a number, a date or a time, or nothing
Cell = str | int | float | Decimal | dt.date | dt.datetime | None

_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
_DATE_FORMAT = "yyyy-mm-dd"
_MIN_WIDTH, _MAX_WIDTH = 8, 60


def escape_formula[T](value: T) -> T:
    """``"=1+1"`` → ``"'=1+1"``; numbers, dates and ordinary text unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value  # type: ignore[return-value]
    return value


@dataclass(frozen=True)
class CsvDialect:
    delimiter: str
    decimal: str


def csv_dialect(language: str | None) -> CsvDialect:
    """What Excel expects in the reader's region: Norwegian ``;`` and ``,``; else ``,``
    and ``.``."""
    if (language or "").split("-")[0] in ("nb", "nn", "no"):
        return CsvDialect(delimiter=";", decimal=",")
    return CsvDialect(delimiter=",", decimal=".")


def csv_text(value: Cell, *, decimal: str = ".") -> str:
    """One cell as CSV text: a number with the region's decimal mark, a date in ISO 8601,
    text formula-safe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float | Decimal):
        if isinstance(value, Decimal):
            text = format(value.normalize(), "f")  # 4.50 → 4.5
        else:
            text = repr(value)  # the shortest text that reads back as the same number
            text = format(value, "f") if "e" in text else text
        return text.replace(".", decimal)
    if isinstance(value, int):
        return str(value)
    return escape_formula(value)


def to_csv(header: Sequence[str], rows: Sequence[Sequence[Cell]], *, language: str | None) -> bytes:
    """UTF-8 with BOM and CRLF; delimiter and decimal mark by :func:`csv_dialect`."""
    dialect = csv_dialect(language)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=dialect.delimiter, lineterminator="\r\n")
    writer.writerow([escape_formula(str(h)) for h in header])
    for row in rows:
        writer.writerow([csv_text(cell, decimal=dialect.decimal) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(header: Sequence[str], rows: Sequence[Sequence[Cell]], *, title: str) -> bytes:
    """One sheet: a bold, frozen header row, real numbers and dates, sensible widths."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=sheet_title(title))
    for index, width in enumerate(_widths(header, rows), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for heading in header:
        cell = WriteOnlyCell(sheet, value=_xlsx_value(str(heading)))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet: object, value: Cell) -> object:
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, dt.datetime):
        cell = WriteOnlyCell(sheet, value=value.replace(tzinfo=None))
        cell.number_format = _DATETIME_FORMAT
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = _DATE_FORMAT
        return cell
    return _xlsx_value(value)


def _xlsx_value(value: Cell) -> Cell:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str):
        return escape_formula(_ILLEGAL_XML.sub("", value))
    return value


def _widths(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> list[int]:
    """Each column as wide as its longest line (header bold: a little wider), 8–60."""
    widths = [len(str(h)) + 2 for h in header]
    for row in rows[:1000]:  # a sample is enough to size a column
        for index, value in enumerate(row[: len(widths)]):
            if value is None:
                continue
            text = csv_text(value)
            longest = max((len(line) for line in text.splitlines()), default=0)
            widths[index] = max(widths[index], longest + 1)
    return [min(max(w, _MIN_WIDTH), _MAX_WIDTH) for w in widths]


def sheet_title(title: str) -> str:
    """What Excel allows as a sheet name: no ``\\ / * ? : [ ]``, at most 31 characters."""
    cleaned = re.sub(r"[\\/*?:\[\]]", " ", title).strip()
    return cleaned[:31] or "Sheet"
