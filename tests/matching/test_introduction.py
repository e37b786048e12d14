"""A proposal that introduces a person: her own words (with her consent), and the pair in
sentences built from the very terms of its score (tested against the engine's explain())."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core import mail
from django.utils import timezone, translation

from brobygger.matching.engine import explain, load_instance
from brobygger.matching.models import ProposalSide
from brobygger.matching.selectors.introduction import (
    PairFacts,
    common_sentences,
    difference_sentence,
    pair_facts,
)
from brobygger.matching.services.constraints import lock_pair
from brobygger.privacy.models import Consent, PrivacyNotice

from .helpers import link_of, run, send

CAP = 30  # the engine's default difference_gap_cap_years

MENTEES = [
    {
        "id": "e1",
        "topics": ["ai", "data", "cloud"],
        "values": ["openness", "courage"],
        "availability": ["early", "lunch"],
        "role_family": "leadership",
        "industry": "energy",
        "birth_year": 1962,
        "prefer": ["m1"],
    },
    {
        "id": "e2",
        "topics": ["social"],
        "values": [],
        "availability": [],
        "role_family": None,
        "industry": "finance",
        "birth_year": 1970,
    },
    {
        "id": "e3",
        "topics": ["ai"],
        "values": ["integrity", "learning", "impact"],
        "availability": ["after_work"],
        "role_family": "data",
        "industry": "software",
        "birth_year": 1990,
        "avoid": ["m2"],
    },
]
MENTORS = [
    {
        "id": "m1",
        "topics": ["ai", "cloud"],
        "values": ["courage"],
        "availability": ["lunch"],
        "role_family": "engineering",
        "industry": "energy",
        "birth_year": 1998,
        "prefer": ["e1"],
    },
    {
        "id": "m2",
        "topics": ["social", "ai"],
        "values": ["integrity", "learning"],
        "availability": ["after_work", "early"],
        "role_family": "data",
        "industry": "finance",
        "birth_year": 2001,
    },
    {
        "id": "m3",
        "topics": [],
        "values": [],
        "availability": [],
        "role_family": None,
        "industry": None,
        "birth_year": 1994,
    },
]


def _instance():
    def person(raw, company):
        return {
            "name": raw["id"],
            "company": company,
            "languages": ["nb"],
            "format": "digital",
            "text": "",
            "capacity": 1,
            **raw,
        }

    return load_instance(
        {
            "kind": "reverse",
            "rules": {"company": "any", "direction": "none", "min_gap_years": 0},
            "weights": {
                "topics": 3,
                "text": 1,
                "values": 1,
                "difference": 1,
                "wishes": 1,
                "availability": 1,
            },
            "mentees": [person(p, f"A{k}") for k, p in enumerate(MENTEES)],
            "mentors": [person(p, f"B{k}") for k, p in enumerate(MENTORS)],
        }
    )


def _shared(a, b):
    return [x for x in a if x in b]


@pytest.mark.parametrize(("mentee", "mentor"), list(itertools.product(MENTEES, MENTORS)))
def test_the_facts_are_the_terms_of_explain(mentee, mentor):
    why = explain(_instance(), mentee["id"], mentor["id"])
    terms = {t.name: (t.weight, t.value) for t in why.terms}

    facts = pair_facts(mentee, mentor, terms)

    value = {name: v for name, (_w, v) in terms.items()}
    assert facts.topics == tuple(_shared(mentee["topics"], mentor["topics"]))
    assert value["topics"] == pytest.approx(len(facts.topics) / len(mentee["topics"]))
    assert facts.values == tuple(_shared(mentee["values"], mentor["values"]))
    if facts.values:  # the engine: shared out of the longer list (the smaller ratio)
        longest = max(len(mentee["values"]), len(mentor["values"]))
        assert value["values"] == pytest.approx(len(facts.values) / longest)
    else:
        assert value["values"] == 0
    if mentee["availability"] and mentor["availability"]:
        fewest = min(len(mentee["availability"]), len(mentor["availability"]))
        assert facts.availability == tuple(_shared(mentee["availability"], mentor["availability"]))
        assert value["availability"] == pytest.approx(len(facts.availability) / fewest)
    else:  # neutral 0.5: nobody can say what they share
        assert (facts.availability, value["availability"]) == ((), 0.5)
    difference = (
        facts.other_role_family + facts.other_industry + min(facts.age_gap, CAP) / CAP
    ) / 3
    assert value["difference"] == pytest.approx(difference, abs=1e-6)
    assert facts.age_gap == abs(mentee["birth_year"] - mentor["birth_year"])
    both = mentor["id"] in mentee.get("prefer", []) and mentee["id"] in mentor.get("prefer", [])
    assert facts.both_wished is both
    assert (value["wishes"] == 1.0) is both


def test_a_term_weighted_zero_says_nothing():
    mentee, mentor = MENTEES[0], MENTORS[0]
    terms = {"topics": (0.0, 0.67), "difference": (0.0, 0.9), "values": (1.0, 1.0)}
    assert pair_facts(mentee, mentor, terms) == PairFacts(values=("courage",))


def test_sentences_in_norwegian_and_english():
    facts = PairFacts(topics=("ai", "tools"), other_industry=True, age_gap=24, values=("openness",))
    names = {"ai": "Kunstig intelligens", "tools": "Digitale verktøy"}
    with translation.override("nb"):
        assert common_sentences(facts, names) == [
            "Dere deler interessen for kunstig intelligens og digitale verktøy.",
            "Dere setter begge pris på åpenhet.",
        ]
        assert difference_sentence(facts) == (
            "Dere jobber i ulike bransjer, og aldersforskjellen er 24 år."
        )
    with translation.override("en"):
        assert common_sentences(facts, {"ai": "Artificial intelligence", "tools": "AI tools"}) == [
            "You share an interest in artificial intelligence and AI tools.",
            "You both value openness.",
        ]
        assert difference_sentence(facts) == (
            "You work in different industries and the age difference is 24 years."
        )
    assert difference_sentence(PairFacts()) == ""


# -- the proposal page and email -------------------------------------------------------------

BO_WORDS = "jobber med kunstig intelligens"


@pytest.fixture
def notice(db):
    return PrivacyNotice.objects.create(version=1, text="Tekst", published_at=timezone.now())


def _consent(application, notice):
    Consent.objects.create(person=application.person, notice=notice, purpose="partner")


@pytest.fixture
def sent(review_cohort, cohort_people, notice, django_capture_on_commit_callbacks, time_machine):
    time_machine.move_to(dt.datetime(2027, 1, 11, 9, 0, tzinfo=dt.UTC))
    _consent(cohort_people["bo"], notice)
    lock_pair(
        cohort=review_cohort, mentee=cohort_people["anne"], mentor=cohort_people["bo"], by=None
    )
    run(review_cohort)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send(review_cohort)
    return review_cohort


def _side(email):
    return ProposalSide.objects.get(person__user__email=email)


def test_the_senior_reads_the_young_mentor_in_her_own_words(client, sent):
    side = _side("anne@a.example")
    assert side.proposal.mentor_application.person.user.first_name == "Bo"

    page = client.get(link_of(side)).content.decode()

    assert "In Bo Berg's own words" in page
    assert BO_WORDS in page
    assert "You share an interest in artificial intelligence and data." in page
    assert "You work in different industries and the age difference is 33 years." in page
    assert "Please answer by 16 January 2027." in page  # asked + the 5 reminder days
    assert "Weight" not in page


def test_without_consent_her_words_stay_hers(client, sent):
    Consent.objects.filter(purpose="partner").update(withdrawn_at=timezone.now())
    page = client.get(link_of(_side("anne@a.example"))).content.decode()
    assert BO_WORDS not in page
    assert "own words" not in page
    assert "You share an interest in artificial intelligence and data." in page


def test_the_young_mentor_without_the_seniors_consent_reads_no_words(client, sent):
    """Anne never agreed: when Bo is asked, her goals stay out of his page."""
    side = _side("anne@a.example")
    client.post(link_of(side), {"answer": "approved", "reason": ""})
    page = client.get(link_of(_side("bo@b.example"))).content.decode()
    assert "lære kunstig intelligens" not in page
    assert "You share an interest in artificial intelligence and data." in page


def test_the_proposal_email_introduces_the_partner(sent):
    [message] = [m for m in mail.outbox if m.to == ["anne@a.example"]]
    assert "Med Bo Berg sine egne ord:" in message.body
    assert f"«{BO_WORDS}»" in message.body
    assert "Dere deler interessen for kunstig intelligens og data." in message.body
    assert "Dere jobber i ulike bransjer, og aldersforskjellen er 33 år." in message.body
    assert "Svar innen 16. januar 2027." in message.body
