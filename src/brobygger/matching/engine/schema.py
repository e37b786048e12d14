"""Schema check of an instance: jsonschema-rs says whether it is valid; a small walk over
the subset of JSON Schema used by ``schema.json`` words the errors of an invalid one, naming
the JSON path and what was expected, e.g.
``mentors[3].birth_year: expected an integer between 1930 and 2015``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

import jsonschema_rs

from .model import KIND_DEFAULTS

Json = Any
Check = Callable[[Json], bool]
_TYPE_NAMES = {
    "object": "an object",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


@cache
def instance_schema() -> dict[str, Json]:
    """The JSON Schema of the instance format, as shipped in the package, with the kinds
    of the engine's own table (``model.KIND_DEFAULTS``: a new kind is one row there)."""
    text = resources.files(__package__).joinpath("schema.json").read_text(encoding="utf-8")
    schema: dict[str, Json] = json.loads(text)
    schema["properties"]["kind"] = {"enum": list(KIND_DEFAULTS)}
    return schema


def validate_schema(data: Json) -> list[tuple[str, str]]:
    """Return ``(path, message)`` for every violation of the instance schema."""
    if _compiled()(data):
        return []  # the fast check accepts only documents the full walk finds no fault in
    errors: list[tuple[str, str]] = []
    root = instance_schema()
    _check(data, root, "", root, errors)
    return errors


# ----- fast path: a compiled validator that only answers "valid?" -----------------------------
#
# jsonschema-rs (a compiled JSON Schema validator, the same schema.json) answers whether a
# document is valid; only an invalid one goes through the walk below, which words the errors
# with their paths. Where the two differ on an edge case (a NaN, 1 and 1.0 as duplicate
# items), the fast check is the stricter one, so the messages always come from the one walk.


@cache
def _compiled() -> Check:
    validator = jsonschema_rs.validator_for(instance_schema())

    def check(value: Json) -> bool:
        try:
            return bool(validator.is_valid(value))
        except (ValueError, TypeError, OverflowError):  # not JSON-shaped (e.g. a key not a str)
            return False

    return check


def _is_type(value: Json, name: str) -> bool:
    if name == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer()
        )
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    kinds: dict[str, type | tuple[type, ...]] = {
        "object": dict,
        "array": list,
        "string": str,
        "boolean": bool,
        "null": type(None),
    }
    return isinstance(value, kinds[name])


def _expected(schema: dict[str, Json]) -> str:
    if "enum" in schema:
        return "one of " + ", ".join(json.dumps(v) for v in schema["enum"])
    types = schema.get("type", [])
    types = [types] if isinstance(types, str) else list(types)
    main = [t for t in types if t != "null"]
    text = " or ".join(_TYPE_NAMES[t] for t in main) or "null"
    lo, hi = schema.get("minimum"), schema.get("maximum")
    if lo is not None and hi is not None:
        text += f" between {lo} and {hi}"
    elif lo is not None:
        text += f" of at least {lo}"
    if "minLength" in schema and schema["minLength"] > 0:
        text = "a non-empty string"
    if "null" in types:
        text += " or null"
    return text


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _check(
    value: Json,
    schema: dict[str, Json],
    path: str,
    root: dict[str, Json],
    out: list[tuple[str, str]],
) -> None:
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        schema = root["$defs"][name]
    shown = path or "(instance)"
    if "enum" in schema and value not in schema["enum"]:
        out.append((shown, f"expected {_expected(schema)}, got {json.dumps(value)[:60]}"))
        return
    types = schema.get("type")
    if types is not None:
        names = [types] if isinstance(types, str) else types
        if not any(_is_type(value, t) for t in names):
            out.append((shown, f"expected {_expected(schema)}"))
            return
    if isinstance(value, int | float) and not isinstance(value, bool):
        lo, hi = schema.get("minimum"), schema.get("maximum")
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            out.append((shown, f"expected {_expected(schema)}, got {value}"))
    elif isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            out.append((shown, "expected a non-empty string"))
        if len(value) > schema.get("maxLength", len(value)):
            out.append((shown, f"expected at most {schema['maxLength']} characters"))
    elif isinstance(value, list):
        _check_array(value, schema, path, root, out)
    elif isinstance(value, dict):
        _check_object(value, schema, path, root, out)


def _check_array(
    value: list[Json],
    schema: dict[str, Json],
    path: str,
    root: dict[str, Json],
    out: list[tuple[str, str]],
) -> None:
    shown = path or "(instance)"
    lo, hi = schema.get("minItems"), schema.get("maxItems")
    if (lo is not None and len(value) < lo) or (hi is not None and len(value) > hi):
        size = f"exactly {lo}" if lo == hi else f"between {lo or 0} and {hi}"
        out.append((shown, f"expected a list of {size} items, got {len(value)}"))
        return
    if schema.get("uniqueItems") and len({json.dumps(v, sort_keys=True) for v in value}) < len(
        value
    ):
        out.append((shown, "expected unique items"))
    if "items" in schema:
        for i, item in enumerate(value):
            _check(item, schema["items"], f"{path}[{i}]", root, out)


def _check_object(
    value: dict[str, Json],
    schema: dict[str, Json],
    path: str,
    root: dict[str, Json],
    out: list[tuple[str, str]],
) -> None:
    props: dict[str, Json] = schema.get("properties", {})
    for key in schema.get("required", []):
        if key not in value:
            out.append((_join(path, key), "is required"))
    for key, item in value.items():
        if key in props:
            _check(item, props[key], _join(path, key), root, out)
        elif schema.get("additionalProperties", True) is False:
            known = ", ".join(sorted(props))
            out.append((_join(path, str(key)), f"unknown field (expected one of: {known})"))


# compiled when the engine loads (the app loads it on first use), not inside the first solve
_compiled()
