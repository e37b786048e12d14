"""Errors raised by the matching engine."""

from __future__ import annotations


class InstanceError(ValueError):
    """An instance is invalid; ``errors`` lists ``(json_path, message)`` pairs."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = list(errors)
        lines = [f"{path}: {message}" if path else message for path, message in self.errors]
        super().__init__("invalid instance:\n  " + "\n  ".join(lines))
