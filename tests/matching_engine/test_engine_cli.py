"""The command line: exit codes, output file, byte-stable JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from brobygger.matching.engine.cli import main

INSTANCE = {
    "kind": "reverse",
    "mentees": [
        {"id": "s1", "company": "Aker", "birth_year": 1965, "languages": ["nb"], "topics": ["ai"]},
        {"id": "s2", "company": "Cora", "birth_year": 1995, "languages": ["nb"]},
    ],
    "mentors": [
        {"id": "m1", "company": "Bane", "birth_year": 1999, "languages": ["nb"], "topics": ["ai"]}
    ],
}


@pytest.fixture
def instance_file(tmp_path: Path) -> Path:
    path = tmp_path / "cohort.json"
    path.write_text(json.dumps(INSTANCE), encoding="utf-8")
    return path


def test_solve_writes_result(
    instance_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "result.json"
    assert main(["solve", str(instance_file), "-o", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert [(p["mentee"], p["mentor"]) for p in result["pairs"]] == [("s1", "m1")]
    assert result["unmatched"][0]["code"] == "no_eligible_direction_mentor_younger"
    assert result["optimal"] is True
    assert "timings_ms" in result
    assert capsys.readouterr().out.startswith("Optimal: 1 pairs")


def test_no_timings_output_is_byte_identical(instance_file: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert main(["solve", str(instance_file), "-o", str(a), "--no-timings"]) == 0
    assert main(["solve", str(instance_file), "-o", str(b), "--no-timings"]) == 0
    assert a.read_bytes() == b.read_bytes()
    assert "timings_ms" not in json.loads(a.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "not valid JSON at line 1 column 2"),
        (json.dumps({**INSTANCE, "kind": "mystery"}), 'kind: expected one of "reverse"'),
        (json.dumps({**INSTANCE, "locked": [["s2", "m1"]]}), "locked[0]: locked pair 's2'-'m1'"),
    ],
)
def test_bad_input_exits_2_without_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, expected: str
) -> None:
    path, out = tmp_path / "bad.json", tmp_path / "result.json"
    path.write_text(content, encoding="utf-8")
    assert main(["solve", str(path), "-o", str(out)]) == 2
    assert expected in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [path]


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve", str(tmp_path / "nope.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_explain(instance_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(instance_file), "s2", "m1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["allowed"], [b["rule"] for b in data["broken_rules"]]) == (False, ["direction"])
    assert main(["explain", str(instance_file), "s1", "ghost"]) == 2


def test_module_entry_point(instance_file: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [
            sys.executable,
            "-m",
            "brobygger.matching.engine",
            "solve",
            str(instance_file),
            "--json",
            "--no-timings",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert json.loads(done.stdout)["objective"]["pairs"] == 1
