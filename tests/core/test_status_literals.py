"""Statuses are compared with their enums, never with string literals.

A status written as a string (``pair.status == "active"``, ``.filter(status="held")``)
hides a dependency from the type checker, survives a renamed value and reads another app's
vocabulary by heart. The scan reads every module of ``src/`` (not migrations, not the demo
loader) and fails on a non-empty string literal that is compared with, or passed as, a
status, a decision, a nominee's answer or an invitation's response.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from brobygger.gatherings.selectors import PARTICIPATING
from brobygger.pairs.models import PairStatus

SRC = Path(__file__).resolve().parents[2] / "src" / "brobygger"
SKIPPED = {"migrations", "demo"}
WORDS = ("status", "decision", "answer", "response")
#: a lookup on one of them: ``status=``, ``pair__status__in=``, ``decision__exact=``
LOOKUP = re.compile(rf"^(?:\w+__)?(?:{'|'.join(WORDS)})(?:__(?:in|exact|iexact))?$")


def _is_vocabulary(node: ast.expr) -> bool:
    """``x.status``, a variable ``status``, ``x.nomination_status``."""
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", None)
    return isinstance(name, str) and (name in WORDS or name.endswith("_status"))


def _has_literal(node: ast.expr) -> bool:
    """A non-empty string, or a tuple, list or set holding one ("" means no value yet)."""
    items = node.elts if isinstance(node, ast.Tuple | ast.List | ast.Set) else [node]
    return any(
        isinstance(item, ast.Constant) and isinstance(item.value, str) and item.value
        for item in items
    )


def literal_statuses(source: str) -> list[tuple[int, str]]:
    """``(line, code)`` of each status written as a string literal in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(map(_is_vocabulary, sides)) and any(map(_has_literal, sides)):
                found.append((node.lineno, ast.unparse(node)))
        elif (
            isinstance(node, ast.keyword)
            and node.arg
            and LOOKUP.match(node.arg)
            and _has_literal(node.value)
        ):
            found.append((node.value.lineno, f"{node.arg}={ast.unparse(node.value)}"))
    return found


def test_no_status_is_compared_with_a_string_literal():
    offenders = [
        f"{path.relative_to(SRC)}:{line}: {code}"
        for path in sorted(SRC.rglob("*.py"))
        if not SKIPPED & set(path.relative_to(SRC).parts)
        for line, code in literal_statuses(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_scan_finds_the_forms_it_forbids_and_spares_the_enums():
    source = """
if pair.status == "active": ...
if status in ("held", "planned"): ...
Pair.objects.filter(status="ended_early")
Meeting.objects.filter(pair__status__in=["active"], decision="accepted")
Q(invitations__response="yes")
if nominee.answer != "pending": ...
if pair.status == PairStatus.ACTIVE: ...
Pair.objects.filter(status__in=(PairStatus.ACTIVE, PairStatus.COMPLETED))
gathering.invitations.exclude(response="")
label = "active" if ok else "done"
"""
    assert sorted(line for line, _code in literal_statuses(source)) == [2, 3, 4, 5, 5, 6, 7]


def test_the_gatherings_participating_statuses_are_the_pairs_own():
    """The gatherings app sits below the pairs app, so it spells the statuses out."""
    assert PARTICIPATING == (PairStatus.ACTIVE, PairStatus.COMPLETED)
