"""Brobygger matching engine: pure Python (numpy, scipy, OR-Tools), no Django.

Public API::

    instance = load_instance("cohort.json")      # or a dict; raises InstanceError
    result = solve(instance)                     # Result; result.to_json(timings=False)
    why = explain(instance, "s1", "m1")          # PairExplanation

Command line: ``python -m brobygger.matching.engine solve INSTANCE.json [-o RESULT.json]``.
See docs/matching.md for the instance format, the objective and the guarantees.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import InstanceError
from .model import SCALE, TERMS, Instance, Person, Rules
from .result import BrokenRule, Objective, Pair, PairExplanation, Result, Term, Unmatched

if TYPE_CHECKING:
    from .engine import explain, solve
    from .reasons import MESSAGES as REASON_MESSAGES
    from .schema import instance_schema
    from .solver import SolverOptions
    from .validate import load_instance

#: the names whose modules import numpy, scipy, OR-Tools or the schema validator: loaded
#: when first used, so that importing the app (every web worker's URLconf, every management
#: command) does not pay for the numerical libraries until a run or an explanation needs them
_LAZY = {
    "explain": ".engine",
    "solve": ".engine",
    "REASON_MESSAGES": ".reasons",
    "instance_schema": ".schema",
    "SolverOptions": ".solver",
    "load_instance": ".validate",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(_LAZY[name], __name__)
    value = getattr(module, "MESSAGES" if name == "REASON_MESSAGES" else name)
    globals()[name] = value
    return value


__all__ = [
    "REASON_MESSAGES",
    "SCALE",
    "TERMS",
    "BrokenRule",
    "Instance",
    "InstanceError",
    "Objective",
    "Pair",
    "PairExplanation",
    "Person",
    "Result",
    "Rules",
    "SolverOptions",
    "Term",
    "Unmatched",
    "explain",
    "instance_schema",
    "load_instance",
    "solve",
]
