"""A small JSON Schema validator for the subset used by ``schema.json``.

It exists so that error messages name the JSON path and say what was expected, e.g.
``mentors[3].birth_year: expected an integer between 1930 and 2015``.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable
from functools import cache
from importlib import resources
from itertools import chain, repeat
from typing import Any

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
    """The JSON Schema of the instance format, as shipped in the package."""
    text = resources.files(__package__).joinpath("schema.json").read_text(encoding="utf-8")
    schema: dict[str, Json] = json.loads(text)
    return schema


def validate_schema(data: Json) -> list[tuple[str, str]]:
    """Return ``(path, message)`` for every violation of the instance schema."""
    if _compiled()(data):
        return []  # the fast check accepts only documents the full walk finds no fault in
    errors: list[tuple[str, str]] = []
    root = instance_schema()
    _check(data, root, "", root, errors)
    return errors


# ----- fast path: the schema compiled to closures that only answer "valid?" -------------------
#
# Each closure is conservative: it may reject a valid document (the full walk below then runs
# and finds no error), but it accepts only documents in which the full walk finds nothing. So
# the messages always come from the one walk, and valid input (the common case) skips it.


@cache
def _compiled() -> Check:
    root = instance_schema()
    node = _compile(root, root)

    def check(value: Json) -> bool:
        f = node.get(type(value))
        return f is not None and f(value)

    return check


#: per schema node: the Python type of a value -> the check of a value of that type (a type
#: missing from the map is rejected)
Node = dict[type, Check]


def _ok(value: Json) -> bool:
    return True


def _compile(schema: dict[str, Json], root: dict[str, Json]) -> Node:
    if "$ref" in schema:
        schema = root["$defs"][schema["$ref"].removeprefix("#/$defs/")]
    if "enum" in schema:
        options = schema["enum"]
        rest = set(schema) - {"enum", "description"}
        if rest or not all(type(v) is str for v in options):
            return {}  # not used by the schema: leave it to the full walk
        allowed = frozenset(options)
        return {str: allowed.__contains__}
    types = schema.get("type")
    names = None if types is None else ({types} if isinstance(types, str) else set(types))

    def allows(name: str) -> bool:
        return names is None or name in names

    lo, hi = schema.get("minimum"), schema.get("maximum")
    lo_n = float("-inf") if lo is None else lo
    hi_n = float("inf") if hi is None else hi
    min_len, max_len = schema.get("minLength", 0), schema.get("maxLength")
    max_len_n = float("inf") if max_len is None else max_len
    node: Node = {}
    if allows("string"):
        node[str] = lambda value: min_len <= len(value) <= max_len_n
    if allows("integer") or allows("number"):
        node[int] = lambda value: lo_n <= value <= hi_n
    if allows("number"):
        node[float] = lambda value: lo_n <= value <= hi_n
    elif allows("integer"):
        node[float] = lambda value: value.is_integer() and lo_n <= value <= hi_n
    if allows("boolean"):
        node[bool] = _ok
    if allows("null"):
        node[type(None)] = _ok
    if allows("array"):
        node[list] = _compile_array(schema, root)
    if allows("object"):
        node[dict] = _compile_object(schema, root)
    return node


def _compile_array(schema: dict[str, Json], root: dict[str, Json]) -> Check:
    lo, hi = schema.get("minItems"), schema.get("maxItems")
    lo_n = 0 if lo is None else lo
    hi_n = float("inf") if hi is None else hi
    unique = bool(schema.get("uniqueItems"))
    items = schema.get("items")
    if items is not None and "$ref" in items:
        items = root["$defs"][items["$ref"].removeprefix("#/$defs/")]
    if (
        items is not None
        and items.get("type") == "string"
        and set(items) <= {"type", "minLength", "maxLength", "description"}
    ):
        s_lo, s_hi = items.get("minLength", 0), items.get("maxLength", float("inf"))

        def strings(value: list[Json]) -> bool:  # a list of strings: no call per item
            if not lo_n <= len(value) <= hi_n:
                return False
            for item in value:
                if type(item) is not str or not s_lo <= len(item) <= s_hi:
                    return False
            return not unique or len(set(value)) == len(value)

        return strings
    node = None if items is None else _compile(items, root)
    if (
        items is not None
        and node is not None
        and set(node) == {dict}
        and items.get("type") == "object"
    ):
        # a list of objects (people): checked key by key over the whole list
        return _compile_object_list(items, root, lo_n, hi_n, unique)

    def array(value: list[Json]) -> bool:
        if not lo_n <= len(value) <= hi_n:
            return False
        if unique and len({json.dumps(v, sort_keys=True) for v in value}) < len(value):
            return False
        if node is not None:
            for element in value:
                f = node.get(type(element))
                if f is None or not f(element):
                    return False
        return True

    return array


def _compile_object(schema: dict[str, Json], root: dict[str, Json]) -> Check:
    props = {key: _compile(sub, root) for key, sub in schema.get("properties", {}).items()}
    required = tuple(schema.get("required", ()))
    closed = schema.get("additionalProperties", True) is False

    def obj(value: dict[str, Json]) -> bool:
        for key in required:
            if key not in value:
                return False
        for key, item in value.items():
            node = props.get(key)
            if node is None:
                if closed:
                    return False
                continue
            f = node.get(type(item))
            if f is None or not f(item):
                return False
        return True

    return obj


Column = Callable[[list[Json]], bool]


def _compile_column(schema: dict[str, Json], root: dict[str, Json]) -> dict[type, Column]:
    """Checks of a whole list of values of one type against ``schema`` (for the columns of a
    list of objects): one pass of built-ins per column instead of a call per value. Mirrors
    ``_compile``: a type it has no column check for uses the element check value by value."""
    node = _compile(schema, root)
    if "$ref" in schema:
        schema = root["$defs"][schema["$ref"].removeprefix("#/$defs/")]
    columns: dict[type, Column] = {t: _each(f) for t, f in node.items()}
    if "enum" in schema:
        if str in node:
            allowed = frozenset(schema["enum"])
            columns[str] = lambda values: allowed.issuperset(values)
        return columns
    if str in node:
        min_len, max_len = schema.get("minLength", 0), schema.get("maxLength")
        max_len_n = float("inf") if max_len is None else max_len

        def strings(values: list[Json]) -> bool:
            lengths = list(map(len, values))
            return min_len <= min(lengths) and max(lengths) <= max_len_n

        columns[str] = strings
    if int in node:
        lo, hi = schema.get("minimum"), schema.get("maximum")
        lo_n = float("-inf") if lo is None else lo
        hi_n = float("inf") if hi is None else hi
        columns[int] = lambda values: lo_n <= min(values) and max(values) <= hi_n
    for t in (bool, type(None)):
        if t in node:
            columns[t] = _ok
    items = schema.get("items")
    if list in node and items is not None:
        if "$ref" in items:
            items = root["$defs"][items["$ref"].removeprefix("#/$defs/")]
        simple = set(schema) <= {"type", "items", "description"}
        if (
            simple
            and items.get("type") == "string"
            and set(items) <= {"type", "minLength", "maxLength", "description"}
        ):
            s_lo, s_hi = items.get("minLength", 0), items.get("maxLength", float("inf"))

            def string_lists(values: list[Json]) -> bool:
                flat = list(chain.from_iterable(values))
                if not flat:
                    return True
                if set(map(type, flat)) != {str}:
                    return False
                lengths = list(map(len, flat))
                return bool(s_lo <= min(lengths) and max(lengths) <= s_hi)

            columns[list] = string_lists
    return columns


def _each(f: Check) -> Column:
    return lambda values: all(map(f, values))


def _check_column(columns: dict[type, Column], values: list[Json]) -> bool:
    types = set(map(type, values))
    if len(types) == 1:
        f = columns.get(types.pop())
        return f is not None and f(values)
    for t in types:
        f = columns.get(t)
        if f is None or not f([v for v in values if type(v) is t]):
            return False
    return True


def _compile_object_list(
    schema: dict[str, Json],
    root: dict[str, Json],
    lo_n: float,
    hi_n: float,
    unique: bool,
) -> Check:
    props = {key: _compile_column(sub, root) for key, sub in schema.get("properties", {}).items()}
    required = tuple(schema.get("required", ()))
    closed = schema.get("additionalProperties", True) is False

    def objects(value: list[Json]) -> bool:
        if not lo_n <= len(value) <= hi_n:
            return False
        if unique and len({json.dumps(v, sort_keys=True) for v in value}) < len(value):
            return False
        if not value:
            return True
        if set(map(type, value)) != {dict}:
            return False  # (the full walk words the error)
        keys = set(chain.from_iterable(value))
        if closed and not keys <= props.keys():
            return False
        for key in required:
            if key not in keys or not all(map(operator.contains, value, repeat(key))):
                return False
        for key in keys:
            columns = props.get(key)
            if columns is None:
                continue
            if not _check_column(columns, [v[key] for v in value if key in v]):
                return False
        return True

    return objects


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
