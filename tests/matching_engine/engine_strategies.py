"""Random small instances and an independent brute-force reference for the engine tests."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from hypothesis import strategies as st

from brobygger.matching.engine import Instance, load_instance
from brobygger.matching.engine.scoring import score_features

COMPANIES = ["Aker", "Bane", "Cora"]
WORDS = ["kunstig", "intelligens", "ledelse", "video", "sosiale", "medier", "data", "learning"]


def _person(draw: Any, pid: str, mentor: bool) -> dict[str, Any]:
    return {
        "id": pid,
        "company": draw(st.sampled_from(COMPANIES)),
        "group": draw(st.sampled_from([None, None, "G"])),
        "birth_year": draw(st.integers(1960, 2003)),
        "years_experience": draw(st.integers(0, 30)),
        "role_family": draw(st.sampled_from([None, "eng", "sales"])),
        "industry": draw(st.sampled_from([None, "energy", "bank"])),
        "languages": draw(
            st.lists(st.sampled_from(["nb", "en", "se"]), min_size=1, max_size=2, unique=True)
        ),
        "city": draw(st.sampled_from([None, "Oslo", "Bergen"])),
        "format": draw(st.sampled_from(["digital", "physical", "either", "either"])),
        "topics": draw(
            st.lists(st.sampled_from(["ai", "tiktok", "lead", "data"]), max_size=3, unique=True)
        ),
        "text": " ".join(draw(st.lists(st.sampled_from(WORDS), max_size=4))),
        "values": draw(
            st.lists(st.sampled_from(["open", "brave", "kind"]), max_size=2, unique=True)
        ),
        "availability": draw(
            st.lists(st.sampled_from(["early", "lunch", "evening"]), max_size=3, unique=True)
        ),
        "capacity": draw(st.integers(0, 3)) if mentor else 1,
    }


def allowed(
    data: dict[str, Any], e: dict[str, Any], m: dict[str, Any], rules: dict[str, Any]
) -> bool:
    """Hard rules, written independently of the engine."""
    if [e["id"], m["id"]] in data.get("forbidden", []):
        return False
    company = rules["company"]
    if company == "different" and (
        e["company"] == m["company"] or (e["group"] is not None and e["group"] == m["group"])
    ):
        return False
    if company == "same" and e["company"] != m["company"]:
        return False
    gap = rules["min_gap_years"]
    if rules["direction"] == "mentor_younger" and m["birth_year"] - e["birth_year"] < gap:
        return False
    if rules["direction"] == "mentor_more_experienced" and (
        m["years_experience"] - e["years_experience"] < gap
    ):
        return False
    if not set(e["languages"]) & set(m["languages"]):
        return False
    formats = {e["format"], m["format"]}
    if formats == {"physical", "digital"}:
        return False
    if "physical" in formats and "digital" not in formats:
        return e["city"] is not None and e["city"] == m["city"]
    return True


def effective_rules(data: dict[str, Any]) -> dict[str, Any]:
    defaults = {
        "reverse": {"company": "different", "direction": "mentor_younger", "min_gap_years": 10},
        "classic": {
            "company": "different",
            "direction": "mentor_more_experienced",
            "min_gap_years": 5,
        },
        "shadowing": {
            "company": "same",
            "direction": "mentor_more_experienced",
            "min_gap_years": 5,
        },
    }[data["kind"]]
    return {"target_pairs": None, **defaults, **data.get("rules", {})}


@st.composite
def instances(draw: Any, max_people: int = 7, max_leaves: int = 20_000) -> dict[str, Any]:
    n_e = draw(st.integers(0, max_people))
    n_m = draw(st.integers(0, max_people))
    mentees = [_person(draw, f"s{k}", False) for k in range(n_e)]
    mentors = [_person(draw, f"m{k}", True) for k in range(n_m)]
    kind = draw(st.sampled_from(["reverse", "classic", "shadowing"]))
    rules: dict[str, Any] = {
        "company": draw(st.sampled_from(["different", "same", "any"])),
        "direction": draw(st.sampled_from(["mentor_younger", "mentor_more_experienced", "none"])),
        "min_gap_years": draw(st.integers(0, 8)),
    }
    rules = {k: v for k, v in rules.items() if draw(st.booleans())}
    data: dict[str, Any] = {"kind": kind, "rules": rules, "mentees": mentees, "mentors": mentors}
    data["weights"] = {
        t: draw(st.integers(0, 3))
        for t in ("topics", "text", "values", "difference", "wishes", "availability")
    }
    if sum(data["weights"].values()) == 0:
        data["weights"]["topics"] = 1
    for p in mentees:
        p["prefer"] = draw(
            st.lists(st.sampled_from([m["id"] for m in mentors] or ["x"]), max_size=1)
        )
        p["prefer"] = [x for x in p["prefer"] if x != "x"]
    for p in mentors:
        p["avoid"] = draw(
            st.lists(st.sampled_from([e["id"] for e in mentees] or ["x"]), max_size=1)
        )
        p["avoid"] = [x for x in p["avoid"] if x != "x"]
    eff = effective_rules(data)
    pairs = [(e, m) for e in mentees for m in mentors]
    data["forbidden"] = [[e["id"], m["id"]] for e, m in pairs if draw(st.integers(0, 9)) == 0]
    # keep the brute force small: forbid more pairs until the search tree is bounded
    while _leaves(data, eff) > max_leaves:
        e, m = next((e, m) for e, m in pairs if allowed(data, e, m, eff))
        data["forbidden"].append([e["id"], m["id"]])
    locked: list[list[str]] = []
    load: dict[str, int] = {}
    for e, m in pairs:
        if (
            draw(st.integers(0, 11)) == 0
            and allowed(data, e, m, eff)
            and e["id"] not in {a for a, _ in locked}
            and load.get(m["id"], 0) < m["capacity"]
        ):
            locked.append([e["id"], m["id"]])
            load[m["id"]] = load.get(m["id"], 0) + 1
    data["locked"] = locked
    if draw(st.integers(0, 3)) == 0:
        data["rules"]["target_pairs"] = draw(st.integers(len(locked), len(locked) + 4))
    return data


def _leaves(data: dict[str, Any], eff: dict[str, Any]) -> int:
    total = 1
    for e in data["mentees"]:
        total *= 1 + sum(allowed(data, e, m, eff) and m["capacity"] > 0 for m in data["mentors"])
    return total


def score_table(instance: Instance) -> dict[tuple[str, str], int]:
    sf = score_features(instance)
    pairs = list(itertools.product(range(len(instance.mentees)), range(len(instance.mentors))))
    if not pairs:
        return {}
    e = np.array([p[0] for p in pairs], dtype=np.int64)
    m = np.array([p[1] for p in pairs], dtype=np.int64)
    micro = sf.combine(sf.pair_terms(e, m))
    return {
        (instance.mentees[a].id, instance.mentors[b].id): int(v)
        for (a, b), v in zip(pairs, micro, strict=True)
    }


def brute_force(data: dict[str, Any]) -> tuple[int, int | None, int]:
    """(pairs, worst unlocked score, total score) of the best matching, by enumeration."""
    instance = load_instance(data)
    scores = score_table(instance)
    eff = effective_rules(data)
    target = eff["target_pairs"]
    locked = dict(data["locked"])
    cap = {m["id"]: m["capacity"] for m in data["mentors"]}
    for b in locked.values():
        cap[b] -= 1
    options = []
    for e in data["mentees"]:
        if e["id"] in locked:
            continue
        ok = [m["id"] for m in data["mentors"] if allowed(data, e, m, eff)]
        options.append((e["id"], ok))
    base_total = sum(scores[(a, b)] for a, b in locked.items())
    best: list[tuple[int, int, int]] = []
    chosen: list[int] = []

    def visit(k: int) -> None:
        if k == len(options):
            pairs = len(chosen) + len(locked)
            if target is not None and pairs > target:
                return
            worst = min(chosen) if chosen else 0
            key = (pairs, worst, base_total + sum(chosen))
            if not best or key > best[0]:
                best[:] = [key]
            return
        visit(k + 1)
        mentee, ok = options[k]
        for mentor in ok:
            if cap[mentor] > 0:
                cap[mentor] -= 1
                chosen.append(scores[(mentee, mentor)])
                visit(k + 1)
                chosen.pop()
                cap[mentor] += 1

    visit(0)
    pairs, worst, total = best[0]
    return pairs, (worst if pairs > len(locked) else None), total
