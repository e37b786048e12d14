"""The fictional demo network. No real company or person.

Dates are relative to the day the demo is loaded, so the demo always shows this
programme year: reverse mentoring open for applications, the mentor programme
running, executive shadowing in review, and last year's reverse mentoring closed.
"""

from __future__ import annotations

DEMO_PASSWORD = "brobygger-demo"  # noqa: S105 - printed by `make demo`, demo data only

CORPORATE_GROUPS = ["Havørn-konsernet"]

# name, industry, city, corporate group
COMPANIES = [
    ("Nordlys Kraft AS", "energy", "Bergen", None),
    ("Havørn Forsikring ASA", "finance", "Oslo", "Havørn-konsernet"),
    ("Havørn Bank AS", "finance", "Stavanger", "Havørn-konsernet"),
    ("Tindra Rådgivning AS", "consulting", "Oslo", None),
    ("Skarven Software AS", "software", "Trondheim", None),
    ("Fjellvind Telekom AS", "telecom", "Oslo", None),
    ("Kystlinje Maritim AS", "maritime", "Ålesund", None),
    ("Lyngheia Helseteknologi AS", "health", "Tromsø", None),
    ("Solvik Handel AS", "retail", "Oslo", None),
    ("Måkeskjær Data AS", "software", "Kristiansand", None),
    ("Nordvik kommune", "public", "Nordvik", None),
    ("Elvebredden Medier AS", "media", "Oslo", None),
]

# key, first, last, company, title, birth year, years exp., role family, languages, city
PEOPLE = [
    # Demo logins
    (
        "admin",
        "Ingrid",
        "Haugland",
        "Tindra Rådgivning AS",
        "Styreleder i nettverket",
        1971,
        28,
        "leadership",
        ["nb", "en"],
        "Oslo",
    ),
    (
        "coordinator",
        "Kari",
        "Nordby",
        "Skarven Software AS",
        "Programleder, frivillig koordinator",
        1984,
        16,
        "product",
        ["nb", "en"],
        "Trondheim",
    ),
    (
        "contact",
        "Hege",
        "Lunde",
        "Havørn Forsikring ASA",
        "HR-sjef",
        1976,
        24,
        "hr",
        ["nb", "en"],
        "Oslo",
    ),
    (
        "mentor",
        "Amina",
        "Hassan",
        "Skarven Software AS",
        "Utvikler",
        1999,
        3,
        "engineering",
        ["nb", "en"],
        "Trondheim",
    ),
    (
        "mentee",
        "Tone",
        "Kvalheim",
        "Nordlys Kraft AS",
        "Direktør HR og organisasjon",
        1966,
        34,
        "leadership",
        ["nb", "en"],
        "Bergen",
    ),
    # Seniors
    (
        "p06",
        "Randi",
        "Strand",
        "Havørn Bank AS",
        "Konserndirektør teknologi",
        1963,
        37,
        "leadership",
        ["nb", "en"],
        "Stavanger",
    ),
    (
        "p07",
        "Elisabeth",
        "Bakke",
        "Fjellvind Telekom AS",
        "Administrerende direktør",
        1961,
        39,
        "leadership",
        ["nb", "en", "sv"],
        "Oslo",
    ),
    (
        "p08",
        "Gro",
        "Myhre",
        "Kystlinje Maritim AS",
        "Finansdirektør",
        1968,
        31,
        "finance",
        ["nb", "en"],
        "Ålesund",
    ),
    (
        "p09",
        "Anne Lise",
        "Berg",
        "Nordvik kommune",
        "Kommunaldirektør digitalisering",
        1965,
        35,
        "leadership",
        ["nb"],
        "Nordvik",
    ),
    (
        "p10",
        "Marianne",
        "Sæther",
        "Solvik Handel AS",
        "Salgsdirektør",
        1970,
        29,
        "sales",
        ["nb", "en"],
        "Oslo",
    ),
    (
        "p11",
        "Heidi",
        "Johansen",
        "Lyngheia Helseteknologi AS",
        "Daglig leder",
        1972,
        27,
        "leadership",
        ["nb", "en"],
        "Tromsø",
    ),
    (
        "p12",
        "Siri",
        "Eide",
        "Elvebredden Medier AS",
        "Redaktør",
        1967,
        33,
        "leadership",
        ["nb", "en"],
        "Oslo",
    ),
    (
        "p13",
        "Vigdis",
        "Løken",
        "Tindra Rådgivning AS",
        "Partner",
        1969,
        30,
        "consulting",
        ["nb", "en", "de"],
        "Oslo",
    ),
    (
        "p14",
        "Bente",
        "Halvorsen",
        "Måkeskjær Data AS",
        "Teknologidirektør",
        1974,
        26,
        "engineering",
        ["nb", "en"],
        "Kristiansand",
    ),
    (
        "p15",
        "Camilla",
        "Brekke",
        "Havørn Forsikring ASA",
        "Direktør kundeopplevelse",
        1975,
        25,
        "product",
        ["nb", "en"],
        "Oslo",
    ),
    (
        "p16",
        "Kristin",
        "Aune",
        "Nordlys Kraft AS",
        "Direktør nettvirksomhet",
        1964,
        36,
        "operations",
        ["nb"],
        "Bergen",
    ),
    (
        "p17",
        "Merete",
        "Fossum",
        "Fjellvind Telekom AS",
        "Direktør sikkerhet",
        1973,
        27,
        "operations",
        ["nb", "en"],
        "Oslo",
    ),
    # Mid-career (mentors in the mentor programme, hosts)
    (
        "p18",
        "Linn",
        "Tveit",
        "Skarven Software AS",
        "Engineering manager",
        1986,
        14,
        "engineering",
        ["nb", "en"],
        "Trondheim",
    ),
    (
        "p19",
        "Maria",
        "Nguyen",
        "Tindra Rådgivning AS",
        "Seniorrådgiver",
        1985,
        15,
        "consulting",
        ["nb", "en"],
        "Oslo",
    ),
    (
        "p20",
        "Silje",
        "Karlsen",
        "Havørn Bank AS",
        "Leder dataplattform",
        1983,
        17,
        "data",
        ["nb", "en"],
        "Stavanger",
    ),
    (
        "p21",
        "Ida",
        "Solheim",
        "Kystlinje Maritim AS",
        "IT-sjef",
        1980,
        20,
        "operations",
        ["nb", "en"],
        "Ålesund",
    ),
    (
        "p22",
        "Ragnhild",
        "Moe",
        "Elvebredden Medier AS",
        "Produktleder",
        1987,
        13,
        "product",
        ["nb", "en"],
        "Oslo",
    ),
    (
        "p23",
        "Hanne",
        "Vik",
        "Solvik Handel AS",
        "Markedssjef",
        1982,
        18,
        "sales",
        ["nb", "en"],
        "Oslo",
    ),
    (
        "p24",
        "Nora",
        "Lie",
        "Lyngheia Helseteknologi AS",
        "Teamleder plattform",
        1988,
        12,
        "engineering",
        ["nb", "en"],
        "Tromsø",
    ),
    # Young professionals (reverse mentors, mentees, talents)
    (
        "p25",
        "Emma",
        "Andersen",
        "Fjellvind Telekom AS",
        "Dataanalytiker",
        2000,
        2,
        "data",
        ["nb", "en"],
        "Oslo",
    ),
    (
        "p26",
        "Sofie",
        "Pedersen",
        "Havørn Forsikring ASA",
        "UX-designer",
        1998,
        4,
        "product",
        ["nb", "en"],
        "Oslo",
    ),
    (
        "p27",
        "Thea",
        "Larsen",
        "Nordlys Kraft AS",
        "Skyarkitekt",
        1996,
        6,
        "engineering",
        ["nb", "en"],
        "Bergen",
    ),
    (
        "p28",
        "Julie",
        "Kristiansen",
        "Måkeskjær Data AS",
        "Fullstack-utvikler",
        2001,
        1,
        "engineering",
        ["nb", "en"],
        "Kristiansand",
    ),
    (
        "p29",
        "Ingeborg",
        "Dahl",
        "Tindra Rådgivning AS",
        "Konsulent",
        1997,
        5,
        "consulting",
        ["nb", "en"],
        "Oslo",
    ),
    (
        "p30",
        "Aisha",
        "Mohammed",
        "Elvebredden Medier AS",
        "Journalist og utvikler",
        1995,
        7,
        "engineering",
        ["nb", "en"],
        "Oslo",
    ),
    (
        "p31",
        "Vilde",
        "Hansen",
        "Solvik Handel AS",
        "Ansvarlig sosiale medier",
        2002,
        1,
        "sales",
        ["nb", "en"],
        "Oslo",
    ),
    (
        "p32",
        "Oda",
        "Nilsen",
        "Nordvik kommune",
        "Tjenestedesigner",
        1994,
        8,
        "product",
        ["nb"],
        "Nordvik",
    ),
    (
        "p33",
        "Marte",
        "Olsen",
        "Kystlinje Maritim AS",
        "Maskinlæringsingeniør",
        1997,
        4,
        "data",
        ["nb", "en"],
        "Ålesund",
    ),
    (
        "p34",
        "Helene",
        "Jakobsen",
        "Lyngheia Helseteknologi AS",
        "Produkteier",
        1993,
        8,
        "product",
        ["nb", "en"],
        "Tromsø",
    ),
    (
        "p35",
        "Selma",
        "Berntsen",
        "Havørn Forsikring ASA",
        "Utvikler",
        1999,
        3,
        "engineering",
        ["nb", "en", "pl"],
        "Stavanger",
    ),
    (
        "p36",
        "Frida",
        "Ruud",
        "Fjellvind Telekom AS",
        "Nettverksingeniør",
        1998,
        4,
        "operations",
        ["nb", "en"],
        "Oslo",
    ),
    (
        "p37",
        "Leah",
        "Wang",
        "Skarven Software AS",
        "Designer",
        2000,
        2,
        "product",
        ["en", "nb"],
        "Trondheim",
    ),
    (
        "p38",
        "Kaja",
        "Martinsen",
        "Nordlys Kraft AS",
        "Trainee",
        2002,
        1,
        "engineering",
        ["nb", "en"],
        "Bergen",
    ),
    (
        "p39",
        "Maja",
        "Isaksen",
        "Tindra Rådgivning AS",
        "Analytiker",
        1996,
        5,
        "data",
        ["nb", "en"],
        "Oslo",
    ),
    (
        "p40",
        "Tiril",
        "Holm",
        "Havørn Forsikring ASA",
        "Sikkerhetsanalytiker",
        1995,
        6,
        "operations",
        ["nb", "en"],
        "Oslo",
    ),
]

DEMO_LOGINS = [
    ("admin", "Network admin", "Nettverksadministrator"),
    (
        "coordinator",
        "Coordinator (all three initiatives; shadowing is ready to match)",
        "Koordinator",
    ),
    ("contact", "Company contact (Havørn Forsikring)", "Virksomhetskontakt"),
    ("mentor", "Young mentor (Reverse Mentoring)", "Ung mentor"),
    ("mentee", "Senior mentee (Reverse Mentoring)", "Senior mentee"),
]


def email_for(key: str) -> str:
    for row in PEOPLE:
        if row[0] == key:
            first, last = row[1], row[2]
            local = f"{first}.{last}".lower().replace(" ", "")
            for a, b in (("æ", "ae"), ("ø", "o"), ("å", "a")):
                local = local.replace(a, b)
            return f"{local}@bolge.example"
    raise KeyError(key)


INITIATIVES = [
    {
        "slug": "reverse-mentoring",
        "kind": "reverse",
        "order": 1,
        "name": "Bølge Reverse Mentoring",
        "name_en": "Bølge Reverse Mentoring",
        "description": (
            "Omvendt mentorskap: den yngste i relasjonen er mentor. Programmet går på tvers "
            "av virksomheter og kobler sammen ulike generasjoner, roller og karrierer. "
            "Seniorens utfordringer og mål står i fokus – å holde seg oppdatert, bruke "
            "erfaringen sin godt og ta gode beslutninger i et arbeidsliv i stadig endring."
        ),
        "description_en": (
            "Reverse mentoring: the younger person is the mentor. The programme crosses "
            "companies and connects generations, roles and careers. The senior's challenges "
            "and goals are in focus – staying current, using one's experience well and making "
            "good decisions in a working life that keeps changing."
        ),
    },
    {
        "slug": "mentorprogram",
        "kind": "classic",
        "order": 2,
        "name": "Ordinært mentorprogram",
        "name_en": "Mentor Programme",
        "description": (
            "Erfarne mentorer følger en yngre kollega fra en annen virksomhet gjennom et "
            "programår med individuelle møter og felles samlinger."
        ),
        "description_en": (
            "Experienced mentors follow a younger colleague from another company through a "
            "programme year of one-to-one meetings and joint gatherings."
        ),
    },
    {
        "slug": "executive-shadowing",
        "kind": "shadowing",
        "order": 3,
        "name": "Executive Shadowing",
        "name_en": "Executive Shadowing",
        "description": (
            "Et talent følger en toppleder i egen virksomhet og ser hvordan beslutninger tas. "
            "Virksomheten nominerer både toppleder og talent."
        ),
        "description_en": (
            "A talent shadows a top leader in her own company and sees how decisions are "
            "made. The company nominates both the leader and the talent."
        ),
    },
]

TOPICS = [
    ("digital-tools", "Digitale verktøy", "Digital tools"),
    ("ai", "Kunstig intelligens", "Artificial intelligence"),
    ("social-media", "Sosiale medier", "Social media"),
    ("personal-branding", "Personlig branding", "Personal branding"),
    ("value-based-leadership", "Verdibasert ledelse", "Value-based leadership"),
    ("scenario-thinking", "Scenariotenkning", "Scenario thinking"),
    ("generations", "Generasjonsperspektiver", "Generational perspectives"),
    ("diversity-inclusion", "Mangfold og inkludering", "Diversity and inclusion"),
    ("career-change", "Karriereskifte", "Career change"),
    ("technical-leadership", "Teknisk ledelse", "Technical leadership"),
]

PRIVACY_NOTICE_NB = """Bølge – kvinner i tech behandler opplysningene du gir i søknaden for å vurdere søknaden, sette sammen mentorpar og gjennomføre programmet.

Vi lagrer navn, e-post, arbeidsgiver, stilling, fødselsår (aldri fødselsdato), erfaring og svarene dine. Vi ber ikke om sensitive personopplysninger.

Koordinatorene ser søknaden din. Det dere snakker om i mentorparet er bare synlig for dere to.

Avslåtte og trukne søknader slettes etter matching; øvrige opplysninger anonymiseres når programåret er avsluttet. Du kan når som helst be om innsyn, eksport eller sletting."""

PRIVACY_NOTICE_EN = """Bølge – women in tech processes the information in your application to review it, form mentoring pairs and run the programme.

We store your name, email, employer, job title, birth year (never your birth date), experience and your answers. We do not ask for special-category personal data.

The coordinators see your application. What you talk about in your pair is visible to the two of you only.

Rejected and withdrawn applications are erased after matching; other data is anonymised when the programme year has closed. You can ask for access, export or erasure at any time."""

# (person key, role, status, goals or strengths, topics, values, meeting format)
REVERSE_APPLICATIONS = [
    (
        "mentee",
        "mentee",
        "submitted",
        "Jeg vil forstå hvordan yngre kolleger bruker KI og sosiale medier, og bli tryggere på digitale verktøy i ledelse.",
        ["ai", "social-media", "digital-tools"],
        ["openness", "learning", "courage"],
        "digital",
    ),
    (
        "p06",
        "mentee",
        "submitted",
        "Holde meg oppdatert på teknologi og utfordre egne vedtatte sannheter.",
        ["ai", "generations", "scenario-thinking"],
        ["curiosity", "integrity"],
        "either",
    ),
    (
        "p07",
        "mentee",
        "submitted",
        "Forstå hvordan neste generasjon ser på ledelse, verdier og arbeidsliv.",
        ["generations", "value-based-leadership"],
        ["inclusion", "balance", "impact"],
        "digital",
    ),
    (
        "p08",
        "mentee",
        "submitted",
        "Bli bedre på personlig branding og synlighet på LinkedIn.",
        ["personal-branding", "social-media"],
        ["courage", "openness"],
        "either",
    ),
    (
        "p09",
        "mentee",
        "submitted",
        "Lede digital omstilling i kommunen med et blikk fra yngre innbyggere.",
        ["digital-tools", "diversity-inclusion"],
        ["impact", "collaboration"],
        "digital",
    ),
    ("p10", "mentee", "draft", "", ["social-media"], [], "either"),
    (
        "p12",
        "mentee",
        "submitted",
        "Forstå nye medievaner og hvordan vi når unge lesere.",
        ["social-media", "ai"],
        ["curiosity", "integrity", "impact"],
        "physical",
    ),
    (
        "mentor",
        "mentor",
        "submitted",
        "Jeg er født digital, glad i å forenkle og utfordre, og jobber daglig med KI-verktøy.",
        ["ai", "digital-tools", "generations"],
        ["openness", "curiosity", "learning"],
        "digital",
    ),
    (
        "p25",
        "mentor",
        "submitted",
        "Dataanalyse og visualisering; jeg forklarer gjerne hvordan vi bruker data i hverdagen.",
        ["ai", "digital-tools"],
        ["curiosity", "collaboration"],
        "either",
    ),
    (
        "p26",
        "mentor",
        "submitted",
        "Brukeropplevelse og sosiale medier; jeg liker å stille de dumme spørsmålene.",
        ["social-media", "personal-branding"],
        ["inclusion", "courage"],
        "digital",
    ),
    (
        "p28",
        "mentor",
        "submitted",
        "Fullstack-utvikler som elsker nye verktøy og å lære bort.",
        ["digital-tools", "technical-leadership"],
        ["learning", "openness"],
        "digital",
    ),
    (
        "p30",
        "mentor",
        "submitted",
        "Journalist og utvikler: historiefortelling, sosiale medier og KI.",
        ["social-media", "ai", "personal-branding"],
        ["impact", "integrity", "courage"],
        "physical",
    ),
    (
        "p31",
        "mentor",
        "submitted",
        "Jeg lever av sosiale medier og vet hva som fungerer for min generasjon.",
        ["social-media", "personal-branding", "generations"],
        ["openness", "balance"],
        "either",
    ),
    (
        "p33",
        "mentor",
        "submitted",
        "Maskinlæring i praksis, forklart uten sjargong.",
        ["ai", "scenario-thinking"],
        ["curiosity", "sustainability"],
        "digital",
    ),
    (
        "p37",
        "mentor",
        "withdrawn",
        "Design og mangfold.",
        ["diversity-inclusion"],
        ["inclusion"],
        "digital",
    ),
]

# When each applicant can usually meet (slot codes of applications.choices.AVAILABILITY_SLOTS).
# Seniors guard their calendars (early mornings, after work); the young mentors are freer in
# the day. Tone and Amina share early mornings and after work; p33 ticked nothing (neutral).
REVERSE_AVAILABILITY = {
    "mentee": ["early", "after_work"],
    "p06": ["early", "lunch"],
    "p07": ["lunch", "afternoon"],
    "p08": ["after_work"],
    "p09": ["morning", "lunch"],
    "p10": [],
    "p12": ["early", "morning"],
    "mentor": ["early", "lunch", "after_work"],
    "p25": ["morning", "lunch"],
    "p26": ["afternoon", "after_work"],
    "p28": ["lunch", "afternoon"],
    "p30": ["early", "morning"],
    "p31": ["after_work"],
    "p33": [],
    "p37": ["afternoon"],
}

# Executive shadowing, in review: accepted hosts (top leaders, some take two) and talents in
# the same company, ready for the coordinator to run the matching. Oda's municipality has no
# host this year, so the matching shows her with its reason.
# (person key, role, text, topics, values, availability, capacity)
SHADOWING_APPLICATIONS = [
    (
        "p07",
        "mentor",
        "Jeg viser gjerne hvordan en konsernledelse prioriterer, og hvordan styremøter faktisk foregår.",
        ["value-based-leadership", "scenario-thinking"],
        ["integrity", "courage"],
        ["early", "morning"],
        1,
    ),
    (
        "p17",
        "mentor",
        "Sikkerhet på ledernivå: beredskap, krisehåndtering og samarbeid med myndighetene.",
        ["technical-leadership", "scenario-thinking"],
        ["integrity", "collaboration"],
        ["lunch", "afternoon"],
        1,
    ),
    (
        "p11",
        "mentor",
        "Hverdagen som gründer og daglig leder: investorer, team og produkt på én gang.",
        ["value-based-leadership", "technical-leadership"],
        ["courage", "impact"],
        ["morning", "lunch"],
        1,
    ),
    (
        "p15",
        "mentor",
        "Kundeopplevelse i et stort selskap, og hvordan jeg leder gjennom andre ledere.",
        ["diversity-inclusion", "value-based-leadership"],
        ["inclusion", "collaboration"],
        ["early", "lunch"],
        2,
    ),
    (
        "p16",
        "mentor",
        "Nettvirksomhet og det grønne skiftet: store investeringsbeslutninger med lang horisont.",
        ["scenario-thinking", "technical-leadership"],
        ["sustainability", "impact"],
        ["morning", "afternoon"],
        2,
    ),
    (
        "p36",
        "mentee",
        "Se hvordan toppledelsen tar beslutninger, og hva jeg bør lære for å lede selv.",
        ["value-based-leadership"],
        ["courage", "learning"],
        ["early", "morning"],
        1,
    ),
    (
        "p24",
        "mentee",
        "Lære hvordan en daglig leder balanserer produkt, team og investorer.",
        ["technical-leadership", "value-based-leadership"],
        ["impact", "collaboration"],
        ["lunch"],
        1,
    ),
    (
        "p40",
        "mentee",
        "Forstå hvordan sikkerhet og kundeopplevelse veies mot hverandre i ledergruppen.",
        ["diversity-inclusion", "scenario-thinking"],
        ["integrity", "inclusion"],
        ["early", "lunch", "afternoon"],
        1,
    ),
    (
        "p27",
        "mentee",
        "Bli med på beslutninger om store investeringer i nettet, og lære å argumentere for dem.",
        ["scenario-thinking", "technical-leadership"],
        ["sustainability", "curiosity"],
        ["morning"],
        1,
    ),
    (
        "p38",
        "mentee",
        "Som trainee vil jeg se hvordan en direktør planlegger uken og prioriterer.",
        ["value-based-leadership"],
        ["learning", "balance"],
        ["afternoon", "after_work"],
        1,
    ),
    (
        "p32",
        "mentee",
        "Forstå hvordan en kommunaldirektør leder digitalisering på tvers av etater.",
        ["digital-tools", "value-based-leadership"],
        ["impact", "inclusion"],
        ["lunch"],
        1,
    ),
]

# (mentor key, mentee key, weeks since last held meeting, held meetings)
CLASSIC_PAIRS = [
    ("p18", "p35", 1, 5),
    ("p19", "p34", 2, 4),
    ("p20", "p36", 3, 4),
    ("p21", "p38", 7, 2),  # quiet for seven weeks: shows as at risk
    ("p22", "p39", 1, 6),
]
# Last year's reverse mentoring: the demo senior and the demo mentor were a pair.
LAST_YEAR_PAIRS = [("mentor", "mentee", 6)]

# Executive shadowing as the network runs it (issue 19): the companies nominate the pairs.
# A running year: each pair a top leader and a talent from the same company, approved by the
# coordinator; the talent has logged shadowing days.
# (leader key, talent key, the reason, what the talent wants to learn, the talent's goal,
#  shadowing days as (days ago, what happened, the talent's reflection))
SHADOWING_RUNNING_PAIRS = [
    (
        "p06",
        "p20",
        "Silje skal bygge opp dataplattformen og trenger å se hvordan konsernledelsen prioriterer.",
        "Hvordan investeringer i teknologi besluttes og forankres i ledelsen.",
        "Forstå hvordan konsernledelsen veier teknologi mot andre investeringer.",
        [
            (
                70,
                "Konsernledelsens ukemøte og budsjettgjennomgang for teknologi.",
                "Raskere beslutninger enn jeg trodde – forarbeidet er alt.",
            ),
            (
                12,
                "Styremøte med presentasjon av skystrategien.",
                "Styret spurte mest om risiko, ikke om teknologi.",
            ),
        ],
    ),
    (
        "p08",
        "p33",
        "Marte leder maskinlæringsarbeidet vårt og bør se hvordan økonomistyringen tar beslutninger.",
        "Hvordan en finansdirektør vurderer risiko og lønnsomhet.",
        "Lære hvordan økonomiske analyser brukes når ledelsen beslutter.",
        [
            (
                20,
                "Investeringskomiteen behandlet to nye skip.",
                "Tallene avgjør, men magefølelsen teller.",
            ),
        ],
    ),
    (
        "p10",
        "p31",
        "Vilde har vist stort engasjement i sosiale medier og bør se hvordan salgsledelsen jobber.",
        "Hvordan salgsmål settes og følges opp.",
        "",
        [],
    ),
]

# -- When the plan changes: people without a partner (issue "When the plan changes") ----
# The mentor programme has a mentor accepted after its pairs were published (Hanne: no
# mentee yet, so a second round can pair her, e.g. with a mentee whose pair ended), and
# the reverse mentoring year has an applicant on the waitlist (Vilde, a place may open).
CLASSIC_UNMATCHED_MENTORS = [
    ("p23", "Erfaren leder i handel: vil følge en yngre kollega gjennom første lederår.")
]
REVERSE_WAITLISTED = ["p31"]
