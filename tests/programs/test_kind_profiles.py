"""Issue 21: one profile per initiative kind holds all that differs between the kinds.

The last test proves the recipe in docs/architecture.md ("Adding an initiative kind"): a
fourth kind, added as nothing but a profile (and a row in the engine's own table), gets
its rules, words, pages, application form, surveys, spreadsheet import and matching
without any other code knowing it exists.
"""

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation
from tests.factories import CohortFactory, InitiativeFactory

from brobygger.api.schemas import KINDS  # before any test adds a kind
from brobygger.applications.io.importing import Lookups, build_preview
from brobygger.applications.services.forms import create_default_form
from brobygger.matching.engine import load_instance
from brobygger.matching.engine import model as engine_model
from brobygger.matching.engine import schema as engine_schema
from brobygger.matching.selectors.mailings import roles_asked_first
from brobygger.pairs.selectors.pairs import may_book
from brobygger.programs import kinds
from brobygger.programs.kinds import MENTEE, MENTOR, PROFILES, Kind, UnknownKind, profile
from brobygger.programs.selectors import apply_roles
from brobygger.surveys.defaults import MEASURES
from brobygger.surveys.services import create_survey

OSLO = ZoneInfo("Europe/Oslo")
CSS = Path(kinds.__file__).resolve().parents[1] / "static" / "brobygger" / "brobygger.css"


def test_every_kind_has_exactly_one_profile_under_its_own_value():
    assert {k: p.kind for k, p in PROFILES.items()} == {k: k for k in Kind.values}


def test_an_unknown_kind_is_an_error_never_another_kinds_rules():
    with pytest.raises(UnknownKind, match="'mentoring'"):
        profile("mentoring")
    with pytest.raises(UnknownKind):
        kinds.role_label("", "mentor")


def test_the_profiles_say_who_is_senior_asked_first_and_books_first():
    assert {
        k: (p.senior_role, p.asks_first, p.first_meeting_booked_by, p.shadowing_days)
        for k, p in PROFILES.items()
    } == {
        "reverse": ("mentee", "mentee", "mentee", False),
        "classic": ("mentor", None, None, False),
        "shadowing": ("mentor", None, None, True),
    }


def test_every_profiles_accent_is_a_class_of_the_stylesheet():
    classes = set(re.findall(r"\.accent-([a-z]+) \{ --accent:", CSS.read_text()))
    assert {p.accent for p in PROFILES.values()} <= classes
    assert {k: p.accent for k, p in PROFILES.items()} == {
        "reverse": "sun",
        "classic": "teal",
        "shadowing": "violet",
    }


def test_every_survey_measure_a_profile_names_is_a_question_for_that_role():
    wanted = {
        (role, key)
        for p in PROFILES.values()
        for role, keys in p.survey_measures.items()
        for key in keys
    }
    assert wanted <= set(MEASURES)


def test_the_generation_questions_are_reverse_mentorings_only():
    asked = {
        k: {key for keys in p.survey_measures.values() for key in keys} for k, p in PROFILES.items()
    }
    assert {k: "generation_understanding" in keys for k, keys in asked.items()} == {
        "reverse": True,
        "classic": False,
        "shadowing": False,
    }


def test_the_api_describes_every_kind_from_its_profile(client):
    schema = client.get("/api/v1/openapi.json").json()
    description = schema["components"]["schemas"]["Programme"]["properties"]["kind"]["description"]
    assert description == f"The initiative's kind: {KINDS}."
    assert description == (
        "The initiative's kind: "
        "reverse (reverse mentoring: a younger mentor, a senior mentee); "
        "classic (the mentor programme: a more experienced mentor); "
        "shadowing (executive shadowing: a talent follows a top leader of her own company)."
    )


# -- a fourth kind, added as a profile only ------------------------------------------------

BUDDY = replace(
    PROFILES[Kind.CLASSIC],
    kind="buddy",
    company_rule="any",
    direction_rule="none",
    min_gap_years=0,
    senior_role=MENTOR,
    asks_first=MENTOR,
    first_meeting_booked_by=MENTOR,
    import_role_aliases={"fadder": MENTOR, "nyansatt": MENTEE},
    import_unknown_role="Unknown role. Expected fadder or nyansatt.",
    form_question_words={
        "Hvorfor vil du være mentor?": ("Hvorfor vil du være fadder?", "Why be a buddy?")
    },
    survey_measures={MENTEE: ("career_direction",), MENTOR: ("sharing_experience",)},
    accent="ocean",
    api_description="buddy (a buddy for a newcomer)",
)


@pytest.fixture
def buddy_kind(monkeypatch):
    monkeypatch.setitem(PROFILES, "buddy", BUDDY)
    monkeypatch.setitem(
        engine_model.KIND_DEFAULTS,
        "buddy",
        {"company": "any", "direction": "none", "min_gap_years": 0},
    )
    engine_schema.instance_schema.cache_clear()
    engine_schema._compiled.cache_clear()
    yield
    engine_schema.instance_schema.cache_clear()
    engine_schema._compiled.cache_clear()


@pytest.fixture
def buddy_year(db, buddy_kind, coordinator_cora, time_machine):
    time_machine.move_to(dt.datetime(2027, 3, 10, 12, tzinfo=OSLO), tick=False)
    initiative = InitiativeFactory(kind="buddy", slug="fadder", name="Fadderordningen")
    initiative.coordinators.add(coordinator_cora.user)
    return CohortFactory(
        initiative=initiative,
        title="2027",
        status="open",
        applications_open_at=dt.datetime(2027, 3, 1, 9, tzinfo=OSLO),
        applications_close_at=dt.datetime(2027, 4, 1, 23, tzinfo=OSLO),
        matching_on=dt.date(2027, 4, 20),
        kickoff_on=dt.date(2027, 5, 3),
        closing_on=dt.date(2028, 3, 1),
    )


def test_a_fourth_kind_is_one_profile_and_a_row_in_the_engines_table(
    client, buddy_year, coordinator_cora
):
    cohort = buddy_year
    # the rules, the roles and the year's rhythm
    assert (
        cohort.effective_company_rule(),
        cohort.effective_direction_rule(),
        cohort.effective_min_gap_years(),
    ) == ("any", "none", 0)
    with translation.override("en"):
        assert apply_roles(cohort) == [("mentee", "Mentee"), ("mentor", "Mentor")]
    assert roles_asked_first(cohort) == ("mentor",)

    class Pair:  # may_book reads the pair's kind only
        pass

    pair = Pair()
    pair.cohort = cohort  # type: ignore[attr-defined]
    assert (
        may_book(pair, "mentor", has_meetings=False),  # type: ignore[arg-type]
        may_book(pair, "mentee", has_meetings=False),  # type: ignore[arg-type]
    ) == (True, False)

    # the pages: the home page in the kind's colour, the programme year's page
    home = client.get(reverse("programs:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'class="card initiative accent-ocean"' in home
    page = client.get(reverse("programs:cohort-detail", args=[cohort.code]))
    assert (page.status_code, "Fadderordningen" in page.content.decode()) == (200, True)

    # the application form in the kind's words, and the surveys' measures
    questions = create_default_form(cohort=cohort, by=None)
    assert "Hvorfor vil du være fadder?" in [q.label for q in questions if q.role == "mentor"]
    survey = create_survey(cohort=cohort, kind="baseline", role="mentee", by=coordinator_cora.user)
    assert [q.key for q in survey.questions.order_by("order")] == [
        "career_direction",
        "expectations",
    ]

    # the spreadsheet import takes the kind's own role names
    text = (
        "email;name;company;role;birth_year\n"
        "a@x.example;A A;Nordlys Kraft AS;Fadder;1960\n"
        "b@x.example;B B;Nordlys Kraft AS;gjest;1990\n"
    )
    with translation.override("en"):
        result = build_preview(text.encode(), lookups=Lookups(kind="buddy"))
        clean = build_preview(text.rsplit("b@", 1)[0].encode(), lookups=Lookups(kind="buddy"))
    assert [(p.row, p.value, p.message) for p in result.problems] == [
        (3, "gjest", "Unknown role. Expected fadder or nyansatt.")
    ]
    assert [r.role for r in clean.rows] == ["mentor"]

    # the matching engine takes the kind and its defaults
    instance = load_instance({"kind": "buddy", "mentors": [], "mentees": []})
    assert (instance.rules.company, instance.rules.direction, instance.rules.min_gap_years) == (
        "any",
        "none",
        0,
    )
