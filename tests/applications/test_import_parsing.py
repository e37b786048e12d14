"""Reading applicant spreadsheets: encodings, separators, headings and every bad input.

Pure: the preview is built from bytes and plain lookups, without a database.
"""

import codecs
import io

import pytest
import time_machine
from django.utils import translation
from openpyxl import Workbook

from brobygger.applications.io.importing import (
    MAX_FILE_BYTES,
    Counts,
    Lookups,
    ParsedRow,
    Problem,
    build_preview,
    map_header,
    sniff_delimiter,
)

LOOKUPS = Lookups(
    kind="reverse",
    companies={
        "nordlys kraft as": "Nordlys Kraft AS",
        "skarven software as": "Skarven Software AS",
    },
    topics={
        "ai": "ai",
        "kunstig intelligens": "ai",
        "artificial intelligence": "ai",
        "ledelse": "leadership",
        "leadership": "leadership",
    },
    topic_names=["Kunstig intelligens", "Ledelse"],
    people=frozenset({"anne@a.example"}),
    applications=frozenset({("anne@a.example", "mentee")}),
)
HEADER = "email;name;company;role;birth_year"


@pytest.fixture(autouse=True)
def _english_in_2026():
    with translation.override("en"), time_machine.travel("2026-03-26 12:00 +01:00", tick=False):
        yield


def preview(text: str, *, encoding: str = "utf-8", lookups: Lookups = LOOKUPS):
    return build_preview(text.encode(encoding), lookups=lookups)


def problems(text: str, **kwargs) -> list[Problem]:
    return preview(text, **kwargs).problems


def test_a_clean_norwegian_excel_file_with_bom_and_semicolons():
    data = (
        codecs.BOM_UTF8
        + (
            "E-post;Navn;Virksomhet;Rolle;Fødselsår;Stilling;Års erfaring;Språk;Møteform;"
            "Temaer;Mål;Kapasitet\r\n"
            "ANNE@a.example;Anne Marie Aas;nordlys kraft AS;Mentee;1966;Direktør HR;35;"
            'norsk, engelsk;fysisk;"Kunstig intelligens; Ledelse";Forstå TikTok;\r\n'
            "ola@ny.example;Ola Nordmann;Ny Bedrift AS;mentor;1999;Utvikler;4;en;digitalt;"
            "ai;;2\r\n"
        ).encode()
    )
    result = build_preview(data, lookups=LOOKUPS)
    assert result.problems == []
    assert result.rows == [
        ParsedRow(
            row=2,
            email="anne@a.example",
            first_name="Anne Marie",
            last_name="Aas",
            company="Nordlys Kraft AS",
            role="mentee",
            birth_year=1966,
            job_title="Direktør HR",
            years_experience=35,
            languages=["nb", "en"],
            meeting_format="physical",
            topics=["ai", "leadership"],
            text="Forstå TikTok",
        ),
        ParsedRow(
            row=3,
            email="ola@ny.example",
            first_name="Ola",
            last_name="Nordmann",
            company="Ny Bedrift AS",
            role="mentor",
            birth_year=1999,
            job_title="Utvikler",
            years_experience=4,
            languages=["en"],
            meeting_format="digital",
            topics=["ai"],
            capacity=2,
        ),
    ]
    assert result.new_companies == ["Ny Bedrift AS"]
    assert result.counts == Counts(
        rows=2, new_people=1, updated_people=1, new_applications=1, updated_applications=1
    )
    assert result.file_format == "csv"


def test_windows_1252_file_is_read():
    text = f"{HEADER};by\nsiri@x.example;Siri Ødegård;Nordlys Kraft AS;mentee;1970;Tromsø\n"
    result = preview(text, encoding="cp1252")
    assert result.problems == []
    assert (result.rows[0].last_name, result.rows[0].city) == ("Ødegård", "Tromsø")


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [("a;b,c;d", ";"), ("a,b,c", ","), ("a\tb\tc", "\t"), ("\n\na;b\n", ";"), ("abc", ",")],
)
def test_sniff_delimiter(text, delimiter):
    assert sniff_delimiter(text) == delimiter


def test_commas_and_quoted_cells_with_commas():
    text = (
        "email,name,company,role,birth_year,topics\n"
        'kari@x.example,Kari Nordmann,Nordlys Kraft AS,mentee,1968,"ai, ledelse"\n'
    )
    assert preview(text).rows[0].topics == ["ai", "leadership"]


def test_unknown_columns_are_ignored_and_listed():
    result = preview(
        f"{HEADER};Kommentar\nkari@x.example;Kari N;Nordlys Kraft AS;mentee;1968;hei\n"
    )
    assert (result.problems, result.ignored_columns) == ([], ["Kommentar"])


def test_empty_file():
    assert problems("") == [Problem(None, "", "", "The file is empty.")]
    assert problems(" \r\n ; ;\n") == [Problem(None, "", "", "The file is empty.")]


def test_file_without_header():
    assert problems("kari@x.example;Kari Nordmann;Nordlys Kraft AS;mentee;1968\n") == [
        Problem(
            1,
            "",
            "kari@x.example; Kari Nordmann; Nordlys Kraft AS; mentee; 1968",
            "The first row must name the columns (for example email, name, company, role, "
            "birth_year), but none of its cells is a known column name.",
        )
    ]


def test_header_without_rows():
    assert problems(HEADER + "\n") == [
        Problem(None, "", "", "The file has column names but no applicants.")
    ]


def test_missing_required_column():
    assert problems("email;name;company;role\nkari@x.example;Kari N;Nordlys Kraft AS;mentee\n") == [
        Problem(
            1,
            "birth_year",
            "",
            "The required column “birth_year” is missing. Accepted headings: birth_year, "
            "birth year, year of birth, fødselsår, fodselsar.",
        )
    ]


def test_two_columns_with_the_same_meaning():
    assert problems(
        f"{HEADER};e-post\nk@x.example;K N;Nordlys Kraft AS;mentee;1968;k@x.example"
    ) == [Problem(1, "e-post", "e-post", "Two columns mean “email”; keep only one of them.")]


def test_malformed_email():
    assert problems(f"{HEADER}\nkari(at)x.example;Kari N;Nordlys Kraft AS;mentee;1968\n") == [
        Problem(
            2,
            "email",
            "kari(at)x.example",
            "Expected an email address such as kari.nordmann@example.no.",
        )
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1925", "Birth year must be between 1930 and 2011."),
        ("2015", "Birth year must be between 1930 and 2011."),
        ("66", "Expected a four-digit birth year such as 1985."),
        ("nittenåtti", "Expected a four-digit birth year such as 1985."),
    ],
)
def test_birth_year_out_of_range_or_not_a_year(value, message):
    text = f"{HEADER}\nkari@x.example;Kari N;Nordlys Kraft AS;mentee;{value}\n"
    assert problems(text) == [Problem(2, "birth_year", value, message)]


def test_unknown_role():
    text = (
        "E-post;Navn;Virksomhet;Rolle;Fødselsår\nkari@x.example;Kari N;Nordlys Kraft AS;sjef;1968\n"
    )
    assert problems(text) == [
        Problem(2, "Rolle", "sjef", "Unknown role. Expected mentor or mentee.")
    ]


def test_shadowing_roles_in_norwegian():
    lookups = Lookups(kind="shadowing", companies=LOOKUPS.companies)
    text = (
        f"{HEADER}\n"
        "a@x.example;A A;Nordlys Kraft AS;Vert/toppleder;1960\n"
        "b@x.example;B B;Nordlys Kraft AS;talent;1990\n"
        "c@x.example;C C;Nordlys Kraft AS;gjest;1990\n"
    )
    result = preview(text, lookups=lookups)
    assert result.problems == [
        Problem(4, "role", "gjest", "Unknown role. Expected host (vert/toppleder) or talent.")
    ]
    assert preview(text.rsplit("c@", 1)[0], lookups=lookups).rows[0].role == "mentor"


def test_host_is_not_a_role_in_reverse_mentoring():
    text = f"{HEADER}\na@x.example;A A;Nordlys Kraft AS;vert;1960\n"
    assert problems(text) == [
        Problem(2, "role", "vert", "Unknown role. Expected mentor or mentee.")
    ]


def test_duplicate_emails_inside_the_file_case_insensitive():
    text = (
        f"{HEADER}\n"
        "kari@x.example;Kari N;Nordlys Kraft AS;mentee;1968\n"
        "ola@x.example;Ola N;Nordlys Kraft AS;mentor;1998\n"
        "Kari@X.example;Kari N;Nordlys Kraft AS;mentor;1968\n"
    )
    assert problems(text) == [
        Problem(
            4,
            "email",
            "Kari@X.example",
            "This email address is also on row 2; each person may appear once.",
        )
    ]


def test_mixed_encodings_are_refused():
    data = (
        f"{HEADER}\nsiri@x.example;Siri Ødegård;Nordlys Kraft AS;mentee;1970\n".encode()
        + "per@x.example;Per Ås;Nordlys Kraft AS;mentor;1998\n".encode("cp1252")
    )
    assert build_preview(data, lookups=LOOKUPS).problems == [
        Problem(
            3,
            "",
            "Å",
            "The file mixes character encodings: most of it is UTF-8, but this row has a "
            "character saved in another encoding. Save the file again as “CSV UTF-8” and "
            "upload it again.",
        )
    ]


def test_every_problem_is_listed_and_no_row_is_kept():
    text = (
        f"{HEADER};topics;capacity;meeting_format\n"
        "ok@x.example;Ok Person;Nordlys Kraft AS;mentee;1968;ai;;\n"
        ";Kari N;Nordlys Kraft AS;mentee;1968;blockchain;11;teams\n"
    )
    result = preview(text)
    assert [(p.row, p.column, p.value) for p in result.problems] == [
        (3, "email", ""),
        (3, "capacity", "11"),
    ]
    assert result.problems[1].message == "Expected a whole number from 1 to 10."
    # values outside a list are not problems: they wait to be mapped
    assert [(u.heading, u.value, u.rows, u.target) for u in result.unknown_values] == [
        ("meeting_format", "teams", (3,), None),
        ("topics", "blockchain", (3,), None),
    ]
    assert (result.rows, result.counts) == ([], Counts())


def test_case_and_accent_variants_of_known_values_need_no_mapping():
    text = (
        f"{HEADER};industry;role_family;languages;meeting_format;topics;availability\n"
        "kari@x.example;Kari N;Nordlys Kraft AS;mentee;1968;IT-radgivning;"
        "OKONOMI OG ADMINISTRASJON;Norsk, ENGLISH, bokmal;Begge Deler;KUNSTIG-INTELLIGENS;"
        "Etter jobb\n"
    )
    result = preview(text)
    assert (result.problems, result.unknown_values) == ([], [])
    row = result.rows[0]
    assert (
        row.industry,
        row.role_family,
        row.languages,
        row.meeting_format,
        row.topics,
        row.availability,
    ) == ("consulting", "finance", ["nb", "en"], "either", ["ai"], ["after_work"])


def test_headings_without_accents_are_recognised():
    columns, problems, ignored = map_header(
        ["E-POST", "Navn", "Firma", "Rolle", "Fodselsar", "Sprak", "Moteform", "Fagomrade"]
    )
    assert (list(columns), problems, ignored) == (
        [
            "email",
            "name",
            "company",
            "role",
            "birth_year",
            "languages",
            "meeting_format",
            "role_family",
        ],
        [],
        [],
    )


def test_mapped_values_apply_and_other_is_not_given_where_a_list_has_no_other():
    text = (
        f"{HEADER};industry;languages;meeting_format\n"
        "kari@x.example;Kari N;Nordlys Kraft AS;mentee;1968;havbruk;ukrainsk;hybrid\n"
        "ola@x.example;Ola N;Nordlys Kraft AS;mentor;1999;Havbruk;norsk, Ukrainsk;digitalt\n"
    )
    result = build_preview(
        text.encode(),
        lookups=LOOKUPS,
        mappings={("industry", "havbruk"): "maritime"},
        unknown_to="other",
    )
    assert [(u.column, u.value, u.rows, u.target) for u in result.unknown_values] == [
        ("industry", "havbruk", (2, 3), "maritime"),
        ("meeting_format", "hybrid", (2,), "other"),
        ("languages", "ukrainsk", (2, 3), "other"),
    ]
    assert (result.problems, result.unmapped) == ([], [])
    # an empty result is "not given", so an import never erases what is stored
    assert [(r.industry, r.languages, r.meeting_format) for r in result.rows] == [
        ("maritime", None, None),
        ("maritime", ["nb"], "digital"),
    ]


def test_without_a_mapping_the_preview_is_not_clean_but_has_no_problem():
    result = preview(f"{HEADER};industry\nkari@x.example;Kari N;Nordlys Kraft AS;mentee;1968;IT\n")
    assert (result.problems, [u.value for u in result.unmapped]) == ([], ["IT"])
    assert (result.rows[0].industry, result.counts.rows) == (None, 1)


def test_a_value_too_long_to_map_is_a_problem():
    long = "x" * 201
    result = preview(
        f"{HEADER};industry\nkari@x.example;Kari N;Nordlys Kraft AS;mentee;1968;{long}\n"
    )
    assert [(p.row, p.column, p.message) for p in result.problems] == [
        (
            2,
            "industry",
            "Not a known value, and too long to be mapped to one (at most 200 characters).",
        )
    ]
    assert result.unknown_values == []


def test_too_large_file_is_refused_before_parsing():
    data = b"x" * (MAX_FILE_BYTES + 1)
    assert build_preview(data, lookups=LOOKUPS).problems == [
        Problem(None, "", "", "The file is 5.0 MB; files may be at most 5.0 MB.")
    ]


def test_old_xls_and_binary_files_are_refused():
    assert build_preview(b"\xd0\xcf\x11\xe0" + b"\x00" * 50, lookups=LOOKUPS).problems[
        0
    ].message == (
        "This is an old Excel file (.xls). Save it as “Excel workbook (.xlsx)” or “CSV UTF-8” "
        "and upload it again."
    )
    assert (
        build_preview(b"\x00\x01\x02\x81", lookups=LOOKUPS)
        .problems[0]
        .message.startswith("The file is neither a CSV text file")
    )


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_numbers_as_numbers():
    data = xlsx_bytes(
        [
            ["E-post", "Navn", "Selskap", "Rolle", "Fødselsår", "Kapasitet", None],
            ["kari@x.example", "Kari Nordmann", "Nordlys Kraft AS", "mentor", 1998.0, 2, None],
            [None, None, None, None, None, None, None],
            ["ola@x.example", "Ola Nordmann", "Nordlys Kraft AS", "mentee", 1965, None, None],
        ]
    )
    result = build_preview(data, lookups=LOOKUPS)
    assert result.problems == []
    assert result.file_format == "xlsx"
    assert [(r.row, r.email, r.birth_year, r.capacity) for r in result.rows] == [
        (2, "kari@x.example", 1998, 2),
        (4, "ola@x.example", 1965, None),
    ]


def test_xlsx_problems_name_the_row():
    data = xlsx_bytes(
        [["email", "name", "company", "role", "birth_year"], ["x", "X Y", "Z", "mentor", 1999]]
    )
    assert [(p.row, p.column, p.value) for p in build_preview(data, lookups=LOOKUPS).problems] == [
        (2, "email", "x")
    ]


def test_damaged_xlsx_is_refused():
    data = xlsx_bytes([["email"]])[:200]
    assert (
        build_preview(data, lookups=LOOKUPS)
        .problems[0]
        .message.startswith("The file is neither a CSV text file")
    )
