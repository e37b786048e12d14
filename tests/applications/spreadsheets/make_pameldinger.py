"""Writes ``pameldinger_2027.csv`` and ``.xlsx``: a network's own sign-up sheet.

Run ``uv run python tests/applications/spreadsheets/make_pameldinger.py`` to write them
again (the test data of ``test_import_mapping.py``; its expected counts follow from
this). The CSV is as Norwegian Excel saves it (UTF-8 with a byte order mark, ``;``,
CRLF); the workbook has numbers as numbers. Sixty applicants, the network's own words for
industries and fields, and three real errors (row 15: no email; rows 31 and 48:
impossible birth years).
"""

import codecs
import csv
import io
from pathlib import Path

from openpyxl import Workbook

FIRST = [
    "Kari",
    "Ingrid",
    "Sigrid",
    "Marte",
    "Hanne",
    "Tone",
    "Line",
    "Ragnhild",
    "Solveig",
    "Astrid",
    "Nora",
    "Emma",
    "Sara",
    "Ida",
    "Maja",
    "Thea",
    "Julie",
    "Ingeborg",
    "Aisha",
    "Mari",
    "Camilla",
    "Silje",
    "Hilde",
    "Anette",
    "Kristin",
    "Guro",
    "Vilde",
    "Selma",
    "Olivia",
    "Frida",
]
LAST = [
    "Nordmann",
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Kristiansen",
    "Jensen",
    "Karlsen",
    "Berg",
    "Haugen",
    "Hagen",
    "Eriksen",
    "Bakken",
    "Lie",
    "Dahl",
    "Lund",
    "Solberg",
    "Strand",
    "Moen",
    "Aas",
    "Ødegård",
    "Sæther",
    "Brekke",
    "Vik",
    "Holm",
    "Rønning",
    "Amundsen",
]
COMPANIES = [
    ("Nordlys Kraft AS", "nordlys.example"),
    ("Skarven Software AS", "skarven.example"),
    ("Fjordtrygd Forsikring AS", "fjordtrygd.example"),
    ("Havlandet Sjømat AS", "havlandet.example"),
    ("Nordvei Logistikk AS", "nordvei.example"),
    ("Studio Bølge AS", "bolge.example"),
]
HEADER = [
    "Tidsstempel",
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
    "Når kan du møtes",
]
# per company: industry as the network writes it
INDUSTRY = {
    "Nordlys Kraft AS": ["Energi", "energi"],
    "Skarven Software AS": ["IT", "Programvare og SaaS"],
    "Fjordtrygd Forsikring AS": ["forsikring", "Forsikring"],
    "Havlandet Sjømat AS": ["havbruk"],
    "Nordvei Logistikk AS": ["logistikk"],
    "Studio Bølge AS": ["Medier"],
}
FAMILY_MENTEE = [
    "Ledelse og styring",
    "ledelse og styring",
    "HR og personal",
    "markedsføring",
    "Økonomi og administrasjon",
    "okonomi og administrasjon",
]
FAMILY_MENTOR = [
    "Teknologi og utvikling",
    "design",
    "IT",
    "Data og analyse",
    "engineering",
    "markedsføring",
]
LANG = [
    "norsk, engelsk",
    "Norsk",
    "norsk; engelsk",
    "engelsk",
    "norsk, svensk",
    "English",
    "norsk, ukrainsk",
]
CITY = ["Bergen", "Oslo", "Trondheim", "Stavanger", "Ålesund", "Tromsø"]
FORMAT = ["digitalt", "fysisk", "begge deler", "Begge", "hybrid", "Digitalt"]
TOPICS_MENTEE = [
    "Kunstig intelligens; Sosiale medier",
    "sosiale medier",
    "Kunstig intelligens, cybersikkerhet",
    "BÆREKRAFT; Karriere",
]
TOPICS_MENTOR = [
    "Ledelse, Karriere",
    "Karriere",
    "Baerekraft",
    "Ledelse; Kunstig intelligens",
    "cybersikkerhet",
]
TIMES = ["lunsj", "etter jobb", "morgen; lunsj", "Ettermiddag", "lunsj, helg", "Tidlig"]
GOALS = [
    "Forstå hvordan unge bruker sosiale medier",
    "Lære å bruke KI i hverdagen",
    "Bli tryggere på digitale verktøy",
    "Forstå hva som motiverer nyutdannede",
]
STRENGTHS = [
    "Forklarer teknologi enkelt",
    "Erfaring med maskinlæring",
    "Lager innhold for TikTok",
    "Kjenner spillbransjen",
]
TITLE_MENTEE = [
    "Direktør",
    "Avdelingsleder",
    "HR-sjef",
    "Økonomisjef",
    "Daglig leder",
    "Kommunikasjonssjef",
]
TITLE_MENTOR = [
    "Utvikler",
    "Dataanalytiker",
    "UX-designer",
    "Lærling",
    "Markedskoordinator",
    "Junior konsulent",
]

rows = []
for i in range(60):
    first, last = FIRST[i % 30], LAST[(i * 7 + i // 30) % 30]
    company, domain = COMPANIES[i % 6]
    mentee = i % 2 == 0
    role = "mentee" if mentee else ("Mentor" if i % 4 == 1 else "mentor")
    email = (
        f"{first}.{last}@{domain}".lower().replace("ø", "o").replace("æ", "ae").replace("å", "a")
    )
    birth = (1962 + (i * 3) % 14) if mentee else (1996 + (i * 5) % 8)
    inds = INDUSTRY[company]
    row = {
        "Tidsstempel": f"2027-01-{1 + i % 28:02d} 09:{i % 60:02d}",
        "E-post": email,
        "Navn": f"{first} {last}",
        "Virksomhet": company,
        "Rolle": role,
        "Fødselsår": str(birth),
        "Stilling": (TITLE_MENTEE if mentee else TITLE_MENTOR)[(i // 2) % 6],
        "Års erfaring": str(20 + i % 15 if mentee else 1 + i % 5),
        "Fagområde": (FAMILY_MENTEE[(i // 2) % 6] if mentee else FAMILY_MENTOR[(i // 2) % 6]),
        "Bransje": inds[(i // 6) % len(inds)],
        "Språk": LANG[i % 7],
        "By": CITY[i % 6],
        "Møteform": FORMAT[i % 6],
        "Temaer": (TOPICS_MENTEE[(i // 2) % 4] if mentee else TOPICS_MENTOR[i % 5]),
        "Mål": GOALS[(i // 2) % 4] if mentee else "",
        "Styrker": "" if mentee else STRENGTHS[(i // 2) % 4],
        "Kapasitet": "" if mentee else str(1 + i % 2),
        "Når kan du møtes": TIMES[i % 6],
    }
    rows.append(row)
# three real errors
rows[13]["E-post"] = ""  # spreadsheet row 15: no email
rows[29]["Fødselsår"] = "1899"  # row 31: impossible birth year
rows[46]["Fødselsår"] = "2019"  # row 48: too young


def write(base: Path) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow([row[h] for h in HEADER])
    base.with_suffix(".csv").write_bytes(codecs.BOM_UTF8 + out.getvalue().encode("utf-8"))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Påmeldinger"
    sheet.append(HEADER)
    numeric = {"Fødselsår", "Års erfaring", "Kapasitet"}
    for row in rows:
        sheet.append([int(row[h]) if h in numeric and row[h] else (row[h] or None) for h in HEADER])
    workbook.save(base.with_suffix(".xlsx"))


if __name__ == "__main__":
    write(Path(__file__).with_name("pameldinger_2027"))
