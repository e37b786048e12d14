"""The one spreadsheet writer: CSV by the reader's language, XLSX with real cells, every text
cell formula-safe."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from brobygger.core.spreadsheets import csv_dialect, csv_text, escape_formula, to_csv, to_xlsx

HEADER = ["Navn", "Poeng", "Snitt", "Sendt inn", "Dato"]
ROWS = [
    ['=HYPERLINK("x")', 4, Decimal("4.50"), dt.datetime(2027, 3, 26, 10, 30), dt.date(2027, 3, 1)],
    ["Åse Ø", -3, 0.1 + 0.2, None, None],
]


@pytest.mark.parametrize(
    ("language", "delimiter", "decimal"),
    [("nb", ";", ","), ("nn", ";", ","), ("en", ",", "."), (None, ",", ".")],
)
def test_the_dialect_follows_the_language(language, delimiter, decimal):
    dialect = csv_dialect(language)
    assert (dialect.delimiter, dialect.decimal) == (delimiter, decimal)


@pytest.mark.parametrize(
    ("value", "decimal", "text"),
    [
        (4.2, ",", "4,2"),
        (4.2, ".", "4.2"),
        (Decimal("4.50"), ",", "4,5"),
        (Decimal("10"), ",", "10"),
        (1e-05, ",", "0,000010"),
        (7, ",", "7"),
        (-3, ",", "-3"),
        (dt.date(2027, 3, 1), ",", "2027-03-01"),
        (dt.datetime(2027, 3, 26, 10, 30), ",", "2027-03-26 10:30"),
        ("-2", ",", "'-2"),
        ("@x", ",", "'@x"),
        (None, ",", ""),
    ],
)
def test_csv_text(value, decimal, text):
    assert csv_text(value, decimal=decimal) == text


def test_norwegian_csv_semicolons_decimal_comma_bom_and_crlf():
    content = to_csv(HEADER, ROWS, language="nb")
    assert content.startswith("\ufeff".encode())
    text = content.decode("utf-8-sig")
    assert text.split("\r\n")[0] == "Navn;Poeng;Snitt;Sendt inn;Dato"
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1] == ['\'=HYPERLINK("x")', "4", "4,5", "2027-03-26 10:30", "2027-03-01"]
    assert Decimal(rows[1][2].replace(",", ".")) == Decimal("4.5")
    assert Decimal(rows[2][2].replace(",", ".")) == Decimal(repr(0.1 + 0.2))
    assert rows[2][:2] == ["Åse Ø", "-3"]


def test_english_csv_commas_and_decimal_point():
    rows = list(csv.reader(io.StringIO(to_csv(HEADER, ROWS, language="en").decode("utf-8-sig"))))
    assert rows[1][1:3] == ["4", "4.5"]


def test_xlsx_real_numbers_dates_bold_frozen_header_widths_and_safe_text():
    sheet = load_workbook(io.BytesIO(to_xlsx(HEADER, ROWS, title="Søknader: 2027/28"))).active
    assert sheet.title == "Søknader  2027 28"
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == HEADER
    assert values[1] == [
        '\'=HYPERLINK("x")',
        4,
        4.5,
        dt.datetime(2027, 3, 26, 10, 30),
        dt.datetime(2027, 3, 1, 0, 0),
    ]
    assert (sheet["D2"].number_format, sheet["E2"].number_format) == (
        "yyyy-mm-dd hh:mm",
        "yyyy-mm-dd",
    )
    assert [c.font.bold for c in sheet[1]] == [True] * 5
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == len('=HYPERLINK("x")') + 2


def test_escape_formula_leaves_numbers_and_plain_text():
    assert [escape_formula(v) for v in ("=1+1", "+47", "Oslo", -3, 4.5)] == [
        "'=1+1",
        "'+47",
        "Oslo",
        -3,
        4.5,
    ]
