"""One source for each rule's defaults: the engine's kind table equals the app's."""

from __future__ import annotations

from brobygger.matching.engine.model import KIND_DEFAULTS as ENGINE_DEFAULTS
from brobygger.programs.kinds import KIND_DEFAULTS as APP_DEFAULTS


def test_engine_kind_defaults_equal_the_apps_for_every_kind() -> None:
    engine = {
        kind: (d["company"], d["direction"], d["min_gap_years"])
        for kind, d in ENGINE_DEFAULTS.items()
    }
    app = {
        str(kind): (str(d.company_rule), str(d.direction_rule), d.min_gap_years)
        for kind, d in APP_DEFAULTS.items()
    }
    assert engine == app
    assert engine["shadowing"] == ("same", "mentor_more_experienced", 5)
