"""Example-based tests: each hard rule, each reason code, Norwegian text, bad input."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from brobygger.matching.engine import InstanceError, explain, load_instance, solve


def person(pid: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": pid,
        "company": "Aker",
        "birth_year": 1965,
        "languages": ["nb"],
        "format": "digital",
    }
    return {**base, **fields}


def mentor(pid: str, **fields: Any) -> dict[str, Any]:
    return person(pid, **{"company": "Bane", "birth_year": 1999, **fields})


def instance(
    mentees: list[dict[str, Any]], mentors: list[dict[str, Any]], **extra: Any
) -> dict[str, Any]:
    return {"kind": "reverse", "mentees": mentees, "mentors": mentors, **extra}


def pairs(data: dict[str, Any]) -> list[tuple[str, str]]:
    return [(p.mentee, p.mentor) for p in solve(load_instance(data)).pairs]


def reasons(data: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any], str]]:
    return {u.id: (u.code, u.params, u.message) for u in solve(load_instance(data)).unmatched}


# ----- hard rules -----------------------------------------------------------------------------


def test_company_rule_different_excludes_same_company_and_same_group() -> None:
    data = instance(
        [person("s1", company="Aker", group="Konsern")],
        [mentor("m1", company="Aker"), mentor("m2", company="Cora", group="Konsern"), mentor("m3")],
    )
    assert pairs(data) == [("s1", "m3")]


def test_company_rule_same_for_shadowing() -> None:
    data = instance(
        [person("s1", company="Aker", years_experience=3)],
        [
            mentor("m1", company="Bane", years_experience=20),
            mentor("m2", company="Aker", years_experience=20),
        ],
        kind="shadowing",
    )
    assert pairs(data) == [("s1", "m2")]


def test_direction_rule_mentor_younger_by_gap() -> None:
    data = instance(
        [person("s1", birth_year=1990)],
        [mentor("m1", birth_year=1999), mentor("m2", birth_year=2000)],
    )
    assert pairs(data) == [("s1", "m2")]


def test_direction_rule_more_experienced_for_classic() -> None:
    data = instance(
        [person("s1", years_experience=5)],
        [mentor("m1", years_experience=9), mentor("m2", years_experience=10)],
        kind="classic",
    )
    assert pairs(data) == [("s1", "m2")]


def test_rules_override_kind_defaults() -> None:
    data = instance(
        [person("s1", birth_year=1990)], [mentor("m1", birth_year=1999)], rules={"min_gap_years": 5}
    )
    assert pairs(data) == [("s1", "m1")]


def test_shared_language_required() -> None:
    data = instance(
        [person("s1", languages=["nb"])],
        [mentor("m1", languages=["en"]), mentor("m2", languages=["en", "NB"])],
    )
    assert pairs(data) == [("s1", "m2")]


@pytest.mark.parametrize(
    ("mine", "theirs", "allowed"),
    [
        ({"format": "physical", "city": "Oslo"}, {"format": "digital", "city": "Oslo"}, False),
        ({"format": "physical", "city": "Oslo"}, {"format": "either", "city": "Bergen"}, False),
        ({"format": "physical", "city": "Oslo"}, {"format": "either", "city": "oslo"}, True),
        ({"format": "physical", "city": None}, {"format": "physical", "city": None}, False),
        ({"format": "either", "city": "Oslo"}, {"format": "either", "city": "Bergen"}, True),
        ({"format": "digital", "city": "Oslo"}, {"format": "either", "city": "Bergen"}, True),
    ],
)
def test_format_and_city(mine: dict[str, Any], theirs: dict[str, Any], allowed: bool) -> None:
    data = instance([person("s1", **mine)], [mentor("m1", **theirs)])
    assert pairs(data) == ([("s1", "m1")] if allowed else [])


def test_forbidden_pair_never_formed() -> None:
    data = instance([person("s1")], [mentor("m1")], forbidden=[["s1", "m1"]])
    assert pairs(data) == []


def test_capacity_respected_and_hosts_take_several() -> None:
    data = instance([person(f"s{k}") for k in range(3)], [mentor("m1", capacity=2)])
    assert [b for _, b in pairs(data)] == ["m1", "m1"]


def test_lock_is_kept_even_when_worse() -> None:
    data = instance(
        [person("s1", topics=["ai"]), person("s2", topics=["video"])],
        [mentor("m1", topics=["ai"]), mentor("m2", topics=["video"])],
        locked=[["s1", "m2"]],
    )
    result = solve(load_instance(data))
    assert [(p.mentee, p.mentor, p.locked) for p in result.pairs] == [
        ("s1", "m2", True),
        ("s2", "m1", False),
    ]


def test_worst_pair_is_maximised_before_total() -> None:
    # total-max would give s1-m1 (1.0) + s2-m2 (0.0); fairness prefers two decent pairs
    data = instance(
        [person("s1", topics=["a", "b"]), person("s2", topics=["a", "c"])],
        [
            mentor("m1", topics=["a", "b"]),
            mentor("m2", topics=["x"]),
            mentor("m3", topics=["b"]),
            mentor("m4", topics=["a"]),
        ],
        weights={
            "topics": 1,
            "text": 0,
            "values": 0,
            "difference": 0,
            "wishes": 0,
            "availability": 0,
        },
    )
    result = solve(load_instance(data))
    assert result.objective.worst_free_score_micro == 500_000
    assert result.objective.total_score_micro == 1_500_000


def test_target_pairs_chooses_the_best() -> None:
    data = instance(
        [person("s1", topics=["ai"]), person("s2", topics=["x"]), person("s3", topics=["ai"])],
        [mentor("m1", topics=["ai"], capacity=3)],
        rules={"target_pairs": 2},
        weights={
            "topics": 1,
            "text": 0,
            "values": 0,
            "difference": 0,
            "wishes": 0,
            "availability": 0,
        },
    )
    assert pairs(data) == [("s1", "m1"), ("s3", "m1")]
    assert reasons(data)["s2"][0] == "target_reached"


# ----- reason codes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mentee_fields", "mentor_fields", "extra", "code"),
    [
        ({"company": "Bane"}, {}, {}, "no_eligible_company_different"),
        ({"birth_year": 1995}, {}, {}, "no_eligible_direction_mentor_younger"),
        ({"languages": ["en"]}, {}, {}, "no_eligible_language"),
        ({"format": "physical", "city": "Oslo"}, {}, {}, "no_eligible_format"),
        ({}, {}, {"forbidden": [["s1", "m1"]]}, "no_eligible_forbidden"),
        ({"company": "Bane", "languages": ["en"]}, {}, {}, "no_eligible_combined"),
    ],
)
def test_reason_for_mentee_names_the_binding_rule(
    mentee_fields: dict[str, Any], mentor_fields: dict[str, Any], extra: dict[str, Any], code: str
) -> None:
    data = instance([person("s1", **mentee_fields)], [mentor("m1", **mentor_fields)], **extra)
    got = reasons(data)
    assert got["s1"][0] == code
    assert got["m1"][0] == code  # symmetric: the mentor has no eligible mentee for the same rule


def test_reason_messages_and_params() -> None:
    got = reasons(instance([person("s1", birth_year=1995)], [mentor("m1")]))
    assert got["s1"] == (
        "no_eligible_direction_mentor_younger",
        {
            "partner": "mentor",
            "count": 1,
            "min_gap_years": 10,
            "younger_older": "younger",
            "more_less": "more",
        },
        "every mentor who meets the other rules is less than 10 years younger",
    )


def test_capacity_full_and_outcompeted() -> None:
    data = instance([person("s1"), person("s2")], [mentor("m1")])
    assert [v[:2] for v in reasons(data).values()] == [("capacity_full", {"eligible": 1})]
    data = instance([person("s1")], [mentor("m1"), mentor("m2")])
    assert [v[:2] for v in reasons(data).values()] == [("outcompeted", {"eligible": 1})]


def test_no_capacity_and_no_partners() -> None:
    got = reasons(instance([person("s1")], [mentor("m1", capacity=0)]))
    assert got["m1"][0] == "no_capacity"
    assert got["s1"][0] == "no_partners"
    assert reasons(instance([], [mentor("m1")]))["m1"][0] == "no_partners"


# ----- text and explanations ------------------------------------------------------------------


def test_norwegian_text_similarity() -> None:
    data = instance(
        [person("s1", text="Jeg ønsker å lære mer om kunstig intelligens og dataanalyse.")],
        [
            mentor("m1", text="Jobber med kunstig intelligens, maskinlæring og analyse av data."),
            mentor("m2", text="Liker fotball, friluftsliv og matlaging."),
        ],
        weights={
            "topics": 0,
            "text": 1,
            "values": 0,
            "difference": 0,
            "wishes": 0,
            "availability": 0,
        },
    )
    inst = load_instance(data)
    good = {t.name: t.value for t in explain(inst, "s1", "m1").terms}["text"]
    bad = {t.name: t.value for t in explain(inst, "s1", "m2").terms}["text"]
    assert good > 0.3
    assert bad == 0.0
    assert pairs(data) == [("s1", "m1")]


def test_english_text_similarity() -> None:
    data = instance(
        [person("s1", text="I want to understand social media and short video")],
        [
            mentor("m1", text="Social media strategist; I make short videos"),
            mentor("m2", text="Accounting"),
        ],
    )
    inst = load_instance(data)
    assert explain(inst, "s1", "m1").terms[1].value > explain(inst, "s1", "m2").terms[1].value


def test_explain_names_broken_rules_and_matches_solver_score() -> None:
    data = instance(
        [person("s1", topics=["ai"]), person("s2", company="Bane")], [mentor("m1", topics=["ai"])]
    )
    inst = load_instance(data)
    why = explain(inst, "s2", "m1")
    assert (why.allowed, [b.rule for b in why.broken_rules]) == (False, ["company"])
    result = solve(inst)
    assert explain(inst, "s1", "m1").score_micro == result.pairs[0].score_micro
    assert sum(t.contribution for t in result.pairs[0].terms) == pytest.approx(
        result.pairs[0].score, abs=2e-6
    )


def test_mutual_wishes_raise_the_score() -> None:
    data = instance(
        [person("s1", prefer=["m1"])], [mentor("m1", prefer=["s1"]), mentor("m2", avoid=["s1"])]
    )
    inst = load_instance(data)
    assert {t.name: t.value for t in explain(inst, "s1", "m1").terms}["wishes"] == 1.0
    assert {t.name: t.value for t in explain(inst, "s1", "m2").terms}["wishes"] == 0.0


def test_availability_overlap_is_shared_slots_over_the_fewer_given() -> None:
    data = instance(
        [person("s1", availability=["early", "lunch"]), person("s2")],
        [
            mentor("m1", availability=["lunch", "after_work", "early"]),
            mentor("m2", availability=["after_work"]),
        ],
    )
    inst = load_instance(data)

    def term(e: str, m: str) -> float:
        return {t.name: t.value for t in explain(inst, e, m).terms}["availability"]

    assert term("s1", "m1") == 1.0  # both of her two slots suit him
    assert term("s1", "m2") == 0.0
    assert term("s2", "m1") == 0.5  # she gave none: unknown, neither good nor bad
    assert [t.name for t in explain(inst, "s1", "m1").terms][-1] == "availability"


def test_availability_decides_between_otherwise_equal_mentors() -> None:
    data = instance(
        [
            person("s1", availability=["early"], birth_year=1966),
            person("s2", availability=["after_work"], birth_year=1967),
        ],
        [
            mentor("m1", availability=["after_work"]),
            mentor("m2", availability=["early"]),
        ],
    )
    assert pairs(data) == [("s1", "m2"), ("s2", "m1")]
    data["weights"] = {"availability": 0}
    scores = {(p.mentee, p.mentor): p.score_micro for p in solve(load_instance(data)).pairs}
    inst = load_instance(data)
    assert explain(inst, "s1", "m1").score_micro == explain(inst, "s1", "m2").score_micro
    assert len(scores) == 2


# ----- bad input ------------------------------------------------------------------------------


def _errors(data: Any) -> list[tuple[str, str]]:
    with pytest.raises(InstanceError) as info:
        load_instance(data)
    return info.value.errors


def test_schema_errors_name_the_path() -> None:
    data = instance(
        [person("s1")], [mentor("m1"), mentor("m2", birth_year="1999"), mentor("m3", capacity=-1)]
    )
    data["mentors"][0]["birth_year"] = 1800
    assert _errors(data) == [
        ("mentors[0].birth_year", "expected an integer between 1930 and 2015, got 1800"),
        ("mentors[1].birth_year", "expected an integer between 1930 and 2015"),
        ("mentors[2].capacity", "expected an integer between 0 and 1000, got -1"),
    ]


def test_availability_must_be_a_list_of_labels() -> None:
    data = instance([person("s1", availability="lunch")], [mentor("m1", availability=[""])])
    errors = dict(_errors(data))
    assert set(errors) == {"mentees[0].availability", "mentors[0].availability[0]"}


def test_unknown_field_missing_field_and_bad_enum() -> None:
    data = instance([person("s1", colour="red")], [mentor("m1", format="video")])
    del data["mentees"][0]["company"]
    errors = dict(_errors(data))
    assert errors["mentees[0].company"] == "is required"
    assert errors["mentees[0].colour"].startswith("unknown field")
    assert (
        errors["mentors[0].format"]
        == 'expected one of "digital", "physical", "either", got "video"'
    )


def test_semantic_errors() -> None:
    data = instance(
        [person("s1"), person("s1"), person("x", topics=["nope"])],
        [mentor("x"), mentor("m1")],
        topics_vocabulary=["ai"],
        strict=True,
        locked=[["s1", "m1"]],
        forbidden=[["s1", "m1"]],
    )
    errors = _errors(data)
    assert ("mentees[1].id", "duplicate id 's1'") in errors
    assert ("mentees[2].id", "'x' is listed both as mentee and as mentor") in errors
    assert ("mentees[2].topics[0]", "unknown topic 'nope'") in errors


def test_lock_on_forbidden_pair_and_lock_breaking_a_rule() -> None:
    data = instance(
        [person("s1"), person("s2", company="Bane")],
        [mentor("m1", capacity=2)],
        locked=[["s1", "m1"], ["s2", "m1"]],
        forbidden=[["s1", "m1"]],
    )
    assert _errors(data) == [
        ("locked[0]", "the pair is also forbidden (forbidden[0])"),
        ("locked[1]", "locked pair 's2'-'m1': breaks the company rule"),
    ]


def test_lock_over_capacity_and_target_below_locks() -> None:
    data = instance(
        [person("s1"), person("s2")],
        [mentor("m1")],
        locked=[["s1", "m1"], ["s2", "m1"]],
        rules={"target_pairs": 1},
    )
    assert _errors(data) == [
        ("locked[1]", "mentor 'm1' is locked more often than the capacity 1"),
        ("rules.target_pairs", "expected at least the 2 locked pairs, got 1"),
    ]


def test_unknown_wish_is_a_warning_unless_strict() -> None:
    data = instance([person("s1", prefer=["ghost"])], [mentor("m1")])
    assert load_instance(data).warnings == (("mentees[0].prefer[0]", "'ghost' is not a mentor"),)
    strict = copy.deepcopy(data) | {"strict": True}
    assert _errors(strict) == [("mentees[0].prefer[0]", "'ghost' is not a mentor")]
