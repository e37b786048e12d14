"""No dead code: a function, method or property that nothing in the product uses.

Vulture finds the candidates in ``src/``; a candidate is dead when its name appears nowhere
else in the product, templates and email texts included (a name only the tests use is dead
too). Framework hooks (Django, allauth, Ninja) are called by name from outside and are not
candidates, nor are functions registered by a decorator (routes, tasks, template tags).
"""

from __future__ import annotations

import re
from pathlib import Path

from vulture import Vulture

SRC = Path(__file__).resolve().parents[2] / "src" / "brobygger"
# Called by the framework, never by our code.
HOOK = re.compile(
    r"^(clean(_\w+)?|has_\w+_permission|get_\w+|delete_queryset|save_model|is_open_for_signup|send_mail"
    r"|process_view|create_superuser|allow_request|write_message|ready|handle|add_arguments"
    r"|form_valid|dispatch|prepare_value|__\w+__)$"
)
PLAIN_DECORATORS = {"@property", "@cached_property", "@staticmethod", "@classmethod", "@override"}


def _product_text() -> str:
    return "\n".join(
        path.read_text(encoding="utf-8")
        for path in SRC.rglob("*")
        if path.suffix in {".py", ".html", ".txt"} and "migrations" not in path.parts
    )


def _registered_by_decorator(lines: list[str], first: int) -> bool:
    for line in lines[first - 1 :]:
        stripped = line.strip()
        if not stripped.startswith("@"):
            return False
        if stripped.split("(")[0] not in PLAIN_DECORATORS:
            return True
    return False


def test_nothing_is_defined_that_nothing_uses():
    vulture = Vulture()
    vulture.scavenge([str(SRC)], exclude=["*/migrations/*"])
    text = _product_text()
    dead = []
    for item in vulture.get_unused_code(min_confidence=60):
        if item.typ not in {"function", "method", "property"} or HOOK.match(item.name):
            continue
        lines = Path(item.filename).read_text(encoding="utf-8").splitlines()
        if _registered_by_decorator(lines, item.first_lineno):
            continue
        if len(re.findall(rf"\b{item.name}\b", text)) <= 1:
            dead.append(f"{Path(item.filename).relative_to(SRC)}:{item.first_lineno} {item.name}")
    assert dead == [], "\n".join(dead)
