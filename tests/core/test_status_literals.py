"""Statuses are compared with their enums, never with string literals.

A status written as a string (``pair.status == "active"``, ``.filter(status="held")``)
hides a dependency from the type checker, survives a renamed value and reads another app's
vocabulary by heart. The scan reads every module of ``src/`` (not migrations, not the demo
loader) and fails on a non-empty string literal that is compared with, or passed as, a
status, a decision, a nominee's answer or an invitation's response.

Templates ask the model instead (``{% if pair.has_ended_early %}``, ``application.is_withdrawn``,
``status.is_answered``): a second scan reads every template of ``src/`` and fails on an
``{% if %}`` or ``{% elif %}`` that compares a string literal with a status, a state, a role,
a kind, a side, a phase, an audience, an outcome or a rule.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.utils.text import smart_split

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


#: the template words beside ``WORDS``: what a template branched on by heart before
TEMPLATE_WORDS = (
    *WORDS,
    "state",
    "role",
    "kind",
    "side",
    "phase",
    "audience",
    "outcome",
    "forbidden",
    "asks_first",
)
TEMPLATE_SUFFIXES = ("_status", "_state", "_role", "_kind", "_rule", "_after_end")
IF_TAG = re.compile(r"\{%\s*(?:if|elif)\s+(.*?)\s*%\}", re.DOTALL)
OPERATORS = {"==", "!=", "in"}


def _is_literal(token: str) -> bool:
    return len(token) > 2 and token[0] == token[-1] and token[0] in "\"'"


def _is_template_vocabulary(token: str) -> bool:
    """``pair.status``, ``row.state``, ``n.role``, ``cohort.effective_company_rule``,
    ``status|lower`` (its filters aside)."""
    name = token.split("|")[0].rsplit(".", 1)[-1]
    return name in TEMPLATE_WORDS or name.endswith(TEMPLATE_SUFFIXES)


def template_literals(source: str) -> list[tuple[int, str]]:
    """``(line, condition)`` of each ``{% if %}``/``{% elif %}`` in ``source`` that compares
    a non-empty string literal with a status, a role or another code of the vocabulary."""
    found = []
    for tag in IF_TAG.finditer(source):
        tokens = list(smart_split(tag.group(1)))
        for i, token in enumerate(tokens[1:-1], start=1):
            if token not in OPERATORS:
                continue
            left, right = tokens[i - 1], tokens[i + 1]
            if (_is_literal(left) and _is_template_vocabulary(right)) or (
                _is_literal(right) and _is_template_vocabulary(left)
            ):
                found.append((source.count("\n", 0, tag.start()) + 1, tag.group(1)))
                break
    return found


def test_no_template_compares_a_status_with_a_string_literal():
    offenders = [
        f"{path.relative_to(SRC)}:{line}: {condition}"
        for path in sorted(SRC.rglob("templates/**/*"))
        if path.suffix in {".html", ".txt"}
        for line, condition in template_literals(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_template_scan_finds_the_forms_it_forbids_and_spares_the_properties():
    source = """
{% if cohort.status == "published" %}
{% elif status.state != 'draft' and status.accepting_changes %}
{% if "mentee" == n.role %}{% endif %}
{% if p.status|lower in "pending withdrawn" %}
{% if row.pair.mentee_after_end == "next_round" %}
{% if joining.company_rule == "same" or cohort.effective_company_rule == "any" %}
{% if pair.has_ended_early %}{% elif status.is_answered and not nomination.is_settled %}
{% if nomination.status in editable %}{% if attrs.type == "checkbox" %}
{% if row.state == "" %}{% if label == "status" %}
"""
    assert [line for line, _condition in template_literals(source)] == [2, 3, 4, 5, 6, 7]
