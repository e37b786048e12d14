"""One source for each rule's defaults: the engine's kind table equals the kinds' profiles."""

from __future__ import annotations

from brobygger.matching.engine.model import KIND_DEFAULTS as ENGINE_DEFAULTS
from brobygger.programs.kinds import PROFILES


def test_engine_kind_defaults_equal_the_profiles_for_every_kind() -> None:
    engine = {
        kind: (d["company"], d["direction"], d["min_gap_years"])
        for kind, d in ENGINE_DEFAULTS.items()
    }
    profiles = {
        kind: (str(p.company_rule), str(p.direction_rule), p.min_gap_years)
        for kind, p in PROFILES.items()
    }
    assert engine == profiles
    assert engine["shadowing"] == ("same", "mentor_more_experienced", 5)
