"""Command line: ``python -m brobygger.matching.engine solve|explain|schema``.

Exit codes: 0 success, 2 invalid input (nothing is written), 1 unexpected failure.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .engine import explain, solve
from .errors import InstanceError
from .result import PairExplanation, Result
from .schema import instance_schema
from .validate import load_instance

_SHOW_UNMATCHED = 20


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "schema":
            print(json.dumps(instance_schema(), indent=2, ensure_ascii=False))
            return 0
        instance = load_instance(args.instance)
        if args.command == "solve":
            return _solve(args, instance_result=solve(instance))
        return _explain(args, explain(instance, args.mentee_id, args.mentor_id))
    except InstanceError as exc:
        print(
            f"error: {args.instance if 'instance' in args else ''}: invalid input", file=sys.stderr
        )
        for path, message in exc.errors:
            print(f"  {path}: {message}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m brobygger.matching.engine")
    sub = parser.add_subparsers(dest="command", required=True)
    p_solve = sub.add_parser("solve", help="find the optimal pairs")
    p_solve.add_argument("instance", help="instance JSON file")
    p_solve.add_argument("-o", "--output", help="write the result JSON to this file")
    p_solve.add_argument(
        "--no-timings", action="store_true", help="leave timings out of the JSON (byte-stable)"
    )
    p_solve.add_argument("--json", action="store_true", help="print the result JSON on stdout")
    p_explain = sub.add_parser("explain", help="score breakdown of one pair")
    p_explain.add_argument("instance")
    p_explain.add_argument("mentee_id")
    p_explain.add_argument("mentor_id")
    p_explain.add_argument("--json", action="store_true", help="print JSON instead of text")
    sub.add_parser("schema", help="print the JSON Schema of the instance format")
    return parser


def _solve(args: argparse.Namespace, *, instance_result: Result) -> int:
    result = instance_result
    text = result.to_json(timings=not args.no_timings)
    if args.output:
        _write_atomically(Path(args.output), text)
    if args.json:
        sys.stdout.write(text)
    else:
        print(summary(result))
    return 0


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or Path("."))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def summary(result: Result) -> str:
    o = result.objective
    worst = "-" if o.worst_score_micro is None else f"{o.worst_score_micro / 1e6:.6f}"
    free = "-" if o.worst_free_score_micro is None else f"{o.worst_free_score_micro / 1e6:.6f}"
    lines = [
        f"{'Optimal' if result.optimal else 'Not proven optimal'}: {o.pairs} pairs "
        f"({o.locked_pairs} locked; at most {o.max_pairs} possible"
        + (f"; target {o.target_pairs}" if o.target_pairs is not None else "")
        + ")",
        f"Worst score {worst} (unlocked pairs {free}); total score {o.total_score_micro / 1e6:.6f}",
    ]
    for p in result.pairs[:_SHOW_UNMATCHED]:
        lines.append(f"  {p.mentee} -> {p.mentor}  {p.score:.6f}{'  (locked)' if p.locked else ''}")
    if len(result.pairs) > _SHOW_UNMATCHED:
        lines.append(f"  ... and {len(result.pairs) - _SHOW_UNMATCHED} more pairs")
    lines.append(f"Unmatched: {len(result.unmatched)}")
    for u in result.unmatched[:_SHOW_UNMATCHED]:
        lines.append(f"  {u.side} {u.id}: {u.code}: {u.message}")
    if len(result.unmatched) > _SHOW_UNMATCHED:
        lines.append(f"  ... and {len(result.unmatched) - _SHOW_UNMATCHED} more")
    for path, message in result.warnings:
        lines.append(f"Warning: {path}: {message}")
    if result.timings:
        lines.append(f"Time: {result.timings.get('total', 0.0) * 1000:.1f} ms")
    return "\n".join(lines)


def _explain(args: argparse.Namespace, explanation: PairExplanation) -> int:
    if args.json:
        print(json.dumps(explanation.to_dict(), indent=2, ensure_ascii=False))
        return 0
    e = explanation
    status = "allowed" if e.allowed else "NOT allowed"
    print(
        f"{e.mentee} -> {e.mentor}: {status}; score {e.score:.6f}{' (locked)' if e.locked else ''}"
    )
    for b in e.broken_rules:
        print(f"  rule {b.rule}: {b.message}")
    for t in e.terms:
        print(f"  {t.name:<12} value {t.value:.4f} x weight {t.weight:g} -> {t.contribution:.6f}")
    return 0
