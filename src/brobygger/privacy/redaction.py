"""The last sweep of an erasure: her name out of every other row in the database.

The providers erase the person's own rows. Other people's rows may still quote her: her
partner's stored copy of "Selma Sørli proposes a meeting", a proposal email giving her job
title, a coordinator's message, an audit entry. This sweep reads every text, char and JSON
column of every model, and where a value names her (her full name or one of her addresses,
as whole words, in any case) it replaces there her name, her addresses, her first and last
name and her job title with ``[redacted]``. A stored email to someone else that names her
also loses its body: it may quote what the providers erased, such as the pair's meeting
place or her employer.

A value that does not name her is left alone, so a first name or a job title shared with
other people is never touched elsewhere. A namesake's mentions are redacted too: by her
full name the two cannot be told apart.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from brobygger.core.models import SentEmail

REDACTED = "[redacted]"
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def _pattern(strings: Iterable[str]) -> re.Pattern[str] | None:
    """Any of ``strings`` as whole words (an address inside a longer address is not one)."""
    alternatives = sorted({s.strip() for s in strings if s and s.strip()}, key=len, reverse=True)
    if not alternatives:
        return None
    return re.compile(
        r"(?<![\w.+-])(?:" + "|".join(map(re.escape, alternatives)) + r")(?![\w@-]|\.\w)",
        re.IGNORECASE,
    )


@dataclass(frozen=True)
class Needles:
    """``naming`` identifies her (full name, addresses); ``also`` is replaced only in a value
    that names her (first name, last name, job title)."""

    naming: list[str]
    also: list[str]

    @property
    def naming_pattern(self) -> re.Pattern[str] | None:
        return _pattern(self.naming)

    @property
    def every_pattern(self) -> re.Pattern[str] | None:
        return _pattern([*self.naming, *self.also])


def needles_for(person: Any, addresses: Iterable[str]) -> Needles:
    """Her addresses and, if it has at least two words, her full name (one word alone would
    name many people); her first and last name and job title as companions."""
    user = person.user
    full_name = user.get_full_name()
    naming = [*addresses, *([full_name] if len(full_name.split()) >= 2 else [])]
    also = [user.first_name, user.last_name, person.job_title]
    return Needles(
        naming=sorted({n for n in naming if n}), also=sorted({a for a in also if a and a.strip()})
    )


class _Redactor:
    def __init__(self, needles: Needles) -> None:
        self.naming = needles.naming_pattern
        self.every = needles.every_pattern

    def names_her(self, text: str) -> bool:
        return bool(self.naming and self.naming.search(text))

    def text(self, value: str) -> str:
        if not self.every or not self.names_her(value):
            return value
        return self.every.sub(REDACTED, value)

    def json(self, value: Any) -> Any:
        if not self.every or not self.names_her(json.dumps(value, ensure_ascii=False)):
            return value
        return self._walk(value)

    def _walk(self, value: Any) -> Any:
        assert self.every is not None
        if isinstance(value, str):
            return self.every.sub(REDACTED, value)
        if isinstance(value, list):
            return [self._walk(v) for v in value]
        if isinstance(value, dict):
            return {self._walk(k): self._walk(v) for k, v in value.items()}
        return value


def _swept_models() -> list[tuple[type[models.Model], list[models.Field[Any, Any]]]]:
    """Every concrete model with its free-text columns (a column with choices holds codes)."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields: list[models.Field[Any, Any]] = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, TEXT_FIELDS) and not f.primary_key and not f.choices
        ]
        if fields:
            found.append((model, fields))
    return found


def _candidates(
    model: type[models.Model], fields: list[models.Field[Any, Any]], needles: Needles
) -> models.QuerySet[Any]:
    """Rows where a column may name her (the database's ``icontains``; the exact test with
    word boundaries is done in Python)."""
    qs = model._default_manager.all()
    where = Q()
    for field in fields:
        if isinstance(field, models.JSONField):
            alias = f"_redaction_{field.attname}"
            qs = qs.annotate(**{alias: Cast(field.attname, TextField())})
            for needle in needles.naming:
                escaped = json.dumps(needle)[1:-1]
                where |= Q(**{f"{alias}__icontains": needle})
                where |= Q(**{f"{alias}__icontains": escaped})
        else:
            for needle in needles.naming:
                where |= Q(**{f"{field.attname}__icontains": needle})
    return qs.filter(where)


def redact_everywhere(
    needles: Needles, *, skip: Iterable[models.QuerySet[Any]] = ()
) -> dict[str, int]:
    """Redact her in every row that still names her, except the rows in ``skip`` (her own
    identity rows, which the providers that run last erase). Returns the rows changed per
    table."""
    if not needles.naming:
        return {}
    redactor = _Redactor(needles)
    skipped = {(qs.model, pk) for qs in skip for pk in qs.values_list("pk", flat=True)}
    counts: dict[str, int] = {}
    for model, fields in _swept_models():
        changed_rows = 0
        for obj in _candidates(model, fields, needles).iterator():
            if (model, obj.pk) in skipped:
                continue
            changes: dict[str, Any] = {}
            for field in fields:
                value = getattr(obj, field.attname)
                if isinstance(field, models.JSONField):
                    new = redactor.json(value)
                elif isinstance(value, str):
                    new = redactor.text(value)
                else:
                    continue
                if isinstance(field, models.CharField) and field.max_length:
                    new = new[: field.max_length]
                if new != value:
                    changes[field.attname] = new
            if not changes:
                continue
            if model is SentEmail:  # the body may quote what was erased elsewhere
                changes.update(body=REDACTED, html="", calendar="")
                if "to" in changes:  # an address list loses her address, not a placeholder
                    kept = [a for a in obj.to.splitlines() if not redactor.names_her(a)]
                    changes["to"] = "\n".join(kept)
                if "reply_to" in changes:  # replies no longer go to her
                    kept = [a for a in obj.reply_to.splitlines() if not redactor.names_her(a)]
                    changes["reply_to"] = "\n".join(kept)
            model._default_manager.filter(pk=obj.pk).update(**changes)
            changed_rows += 1
        if changed_rows:
            counts[model._meta.label] = changed_rows
    return counts
