"""Benchmark of the applicant import, from upload to preview (not a test).

    uv run python bench/applications_import.py [--rows 5000] [--repeat 3] [--no-write]

Builds a throw-away SQLite database in a temporary directory (migrated from scratch), a
network of 20 companies, 30 topics and 1,000 existing people (so a fifth of the rows update
instead of create), and a seeded file of N applicants as Norwegian Excel saves it: CSV with
a UTF-8 BOM and ``;`` separators, and the same rows as an XLSX workbook. For each format it
posts the file to the coordinator's upload view through Django's test client and times the
response: multipart upload, lookups, decoding, parsing, checking every row, the preview
page and keeping the file for confirmation. The target is under 10 seconds for 5,000 rows.

Baselines measured in the same run: ``csv.reader`` alone over the same text, and openpyxl
alone iterating the same workbook (read-only); the ratio says how much the checks cost.
With writing on (the default), it also confirms the CSV import once and times the write.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import io
import random
import statistics
import tempfile
import time
from typing import Any

from _django import setup_django  # bench/_django.py, next to this script

TOPICS = [f"Tema {k:02d}" for k in range(30)]
COMPANIES = [f"Virksomhet {k:02d} AS" for k in range(20)]
CITIES = ["Oslo", "Bergen", "Trondheim", "Stavanger", "Tromsø", "Ålesund"]
HEADER = [
    "E-post",
    "Navn",
    "Virksomhet",
    "Rolle",
    "Fødselsår",
    "Stilling",
    "Års erfaring",
    "Fagområde",
    "Bransje",
    "Språk",
    "By",
    "Møteform",
    "Temaer",
    "Mål",
    "Styrker",
    "Kapasitet",
]


def _seed_network() -> tuple[Any, Any]:
    import datetime as dt

    from django.utils import timezone

    from brobygger.applications.models import Topic
    from brobygger.people.models import Company, Person, User
    from brobygger.programs.models import Cohort, Initiative

    for order, name in enumerate(TOPICS):
        Topic.objects.create(slug=f"tema-{order:02d}", name=name, name_en=f"Topic {order:02d}")
    companies = [Company.objects.create(name=name) for name in COMPANIES]
    users = User.objects.bulk_create(
        User(email=f"person{k}@example.org", first_name="Eksisterende", last_name=f"{k}")
        for k in range(1000)
    )
    Person.objects.bulk_create(
        Person(user=user, company=companies[k % 20], birth_year=1980)
        for k, user in enumerate(users)
    )
    initiative = Initiative.objects.create(kind="reverse", slug="reverse", name="Reverse")
    now = timezone.now()
    cohort = Cohort.objects.create(
        initiative=initiative,
        title="2027",
        status="open",
        applications_open_at=now - dt.timedelta(days=1),
        applications_close_at=now + dt.timedelta(days=30),
        matching_on=(now + dt.timedelta(days=40)).date(),
        kickoff_on=(now + dt.timedelta(days=60)).date(),
        closing_on=(now + dt.timedelta(days=300)).date(),
    )
    admin = User.objects.create_superuser("bench@example.org", "bench-password")
    return cohort, admin


def _rows(count: int, seed: int) -> list[list[Any]]:
    rng = random.Random(seed)
    rows = []
    for k in range(count):
        mentor = k % 2 == 0
        rows.append(
            [
                f"Person{k}@Example.org",  # the first 1,000 exist (other case)
                f"Fornavn{k} Etternavn{k}",
                rng.choice(COMPANIES),
                "mentor" if mentor else "mentee",
                rng.randint(1995, 2004) if mentor else rng.randint(1958, 1980),
                "Utvikler" if mentor else "Direktør",
                rng.randint(1, 8) if mentor else rng.randint(15, 40),
                rng.choice(["engineering", "data", "leadership", "hr", "sales"]),
                rng.choice(["energy", "finance", "software", "public"]),
                "norsk, engelsk",
                rng.choice(CITIES),
                rng.choice(["digital", "fysisk", "begge"]),
                "; ".join(rng.sample(TOPICS, 3)),
                "" if mentor else "Forstå sosiale medier og lede digital endring",
                "Forklarer enkelt og utfordrer vaner" if mentor else "",
                rng.randint(1, 3) if mentor else "",
            ]
        )
    return rows


def _csv_bytes(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows([HEADER, *rows])
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def _xlsx_bytes(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Søkere")
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _baseline(data: bytes, file_format: str) -> float:
    start = time.perf_counter()
    if file_format == "csv":
        text = data.decode("utf-8-sig")
        sum(1 for _row in csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    else:
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sum(1 for _row in workbook.worksheets[0].iter_rows(values_only=True))
        workbook.close()
    return time.perf_counter() - start


def _upload(client: Any, url: str, data: bytes, name: str) -> tuple[float, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(name, data)
    start = time.perf_counter()
    response = client.post(url, {"file": upload})
    elapsed = time.perf_counter() - start
    preview = response.context["preview"]
    if preview.problems:
        raise SystemExit(f"unexpected problems: {preview.problems[:3]}")
    return elapsed, response


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-write", action="store_true", help="skip timing the confirm")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="brobygger-bench-") as directory:
        setup_django(directory)
        from django.test import Client
        from django.urls import reverse

        cohort, admin = _seed_network()
        client = Client()
        client.force_login(admin)
        url = reverse("applications:import-upload", args=[cohort.code])
        rows = _rows(args.rows, args.seed)
        files = {"csv": _csv_bytes(rows), "xlsx": _xlsx_bytes(rows)}

        print(
            f"{'format':<6} {'rows':>6} {'size':>8} {'best s':>8} {'median s':>9} "
            f"{'rows/s':>8} {'baseline s':>11} {'ratio':>6}"
        )
        last_response = None
        for file_format, data in files.items():
            times = []
            for _ in range(args.repeat):
                elapsed, response = _upload(client, url, data, f"søkere.{file_format}")
                times.append(elapsed)
                if file_format == "csv":
                    last_response = response
            baseline = min(_baseline(data, file_format) for _ in range(args.repeat))
            best = min(times)
            print(
                f"{file_format:<6} {args.rows:>6} {len(data) / 1e6:>6.2f}MB {best:>8.2f} "
                f"{statistics.median(times):>9.2f} {args.rows / best:>8.0f} "
                f"{baseline:>11.3f} {best / baseline:>6.1f}"
            )
        if not args.no_write and last_response is not None:
            form = last_response.context["form"]
            token = form.initial["token"]
            start = time.perf_counter()
            response = client.post(
                reverse("applications:import-confirm", args=[cohort.code]),
                {"token": token},
            )
            elapsed = time.perf_counter() - start
            if response.status_code != 302:
                raise SystemExit("the confirm did not import")
            print(
                f"confirm (write {args.rows} rows, csv): {elapsed:.2f} s, "
                f"{args.rows / elapsed:.0f} rows/s"
            )


if __name__ == "__main__":
    main()
