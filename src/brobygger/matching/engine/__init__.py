"""Brobygger matching engine: pure Python (numpy, scipy, OR-Tools), no Django.

Public API::

    instance = load_instance("cohort.json")      # or a dict; raises InstanceError
    result = solve(instance)                     # Result; result.to_json(timings=False)
    why = explain(instance, "s1", "m1")          # PairExplanation

Command line: ``python -m brobygger.matching.engine solve INSTANCE.json [-o RESULT.json]``.
See docs/matching.md for the instance format, the objective and the guarantees.
"""

from .engine import explain, solve
from .errors import InstanceError
from .model import SCALE, TERMS, Instance, Person, Rules
from .reasons import MESSAGES as REASON_MESSAGES
from .result import BrokenRule, Objective, Pair, PairExplanation, Result, Term, Unmatched
from .schema import instance_schema
from .solver import SolverOptions
from .validate import load_instance

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
