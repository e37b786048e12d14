"""Reading a file into rows of text: encodings, CSV dialects, XLSX."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from brobygger.applications.io.importing.model import MAX_XLSX_UNPACKED_BYTES, FileProblem, Problem

# A well-formed UTF-8 multi-byte sequence (RFC 3629). A file that has these *and* bytes
# that are not UTF-8 was saved in two encodings: guessing would garble one half.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]"
    rb"|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_DELIMITERS = (";", "\t", ",")
ESCAPED_STARTS = ("=", "+", "-", "@")


def read_table(data: bytes) -> tuple[Iterator[list[str]], str]:
    """The file's rows as lists of stripped strings, and ``"xlsx"`` or ``"csv"``."""
    if not data.strip():
        raise FileProblem(Problem(None, "", "", _("The file is empty.")))
    if data.startswith(b"PK\x03\x04"):
        return _xlsx_rows(data), "xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem(
            Problem(
                None,
                "",
                "",
                _(
                    "This is an old Excel file (.xls). Save it as “Excel workbook (.xlsx)” "
                    "or “CSV UTF-8” and upload it again."
                ),
            )
        )
    text = decode(data)
    return _csv_rows(text), "csv"


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252; never a mix."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise _unreadable() from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if _UTF8_MULTIBYTE.search(data):
            line = data.count(b"\n", 0, error.start) + 1
            bad = data[error.start : error.start + 1]
            raise FileProblem(
                Problem(
                    line,
                    "",
                    bad.decode("cp1252", errors="replace"),
                    _(
                        "The file mixes character encodings: most of it is UTF-8, but this "
                        "row has a character saved in another encoding. Save the file again "
                        "as “CSV UTF-8” and upload it again."
                    ),
                )
            ) from error
    if b"\x00" in data:
        raise _unreadable()
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise _unreadable() from error


def _unreadable() -> FileProblem:
    return FileProblem(
        Problem(
            None,
            "",
            "",
            _(
                "The file is neither a CSV text file (UTF-8 or Windows-1252) nor an Excel "
                "workbook (.xlsx). Save it as “CSV UTF-8” or “Excel workbook” and try again."
            ),
        )
    )


def sniff_delimiter(text: str) -> str:
    """The separator of the first line: ``;`` (Norwegian Excel), tab or ``,``."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: first.count(delimiter) for delimiter in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])  # ties: the order of _DELIMITERS
    return best if counts[best] else ","


def _csv_rows(text: str) -> Iterator[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    for record in reader:
        yield [_unescape(cell.strip()) for cell in record]


def _unescape(cell: str) -> str:
    """Undo our export's formula escaping (``'=x`` → ``=x``), so an export imports again."""
    if cell[:1] == "'" and cell[1:2] in ESCAPED_STARTS:
        return cell[1:]
    return cell


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_XLSX_UNPACKED_BYTES:
            raise FileProblem(
                Problem(None, "", "", _("The workbook unpacks to more than we accept."))
            )
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except FileProblem:
        raise
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise _unreadable() from error
    sheet = workbook.worksheets[0]

    def rows() -> Iterator[list[str]]:
        try:
            for values in sheet.iter_rows(values_only=True):
                yield [_cell_text(value) for value in values]
        finally:
            workbook.close()

    return rows()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    return _unescape(str(value).strip())
