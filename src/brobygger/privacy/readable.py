"""The export's page for a person: "Dine data" (``dine-data.html``; ``your-data.html`` in
English) in her language, next to the machine-readable ``data.json`` in the ZIP.

Built from the same document as ``data.json`` (:func:`brobygger.privacy.exports.collect`),
so it holds exactly what the JSON holds: one section per kind of data, each row a list of
labelled values. Labels are the models' field names in her language; codes are shown as
their labels (``Sendt inn``, not ``submitted``); dates and times as words in Oslo time;
lists and nested values as lists, never as JSON. The file is self-contained: no scripts, no
links out, no images; its own Content-Security-Policy forbids them should anything slip in
(every value is escaped).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import DateField, DateTimeField, Field, Model
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.functional import Promise
from django.utils.html import escape, format_html, format_html_join, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from brobygger.people.choices import Language

#: Section headings a person understands, in the order she reads them; a table not listed
#: here (a new provider) comes after them under its model's name.
SECTIONS: dict[str, str | Promise] = {
    "people.User": pgettext_lazy("your data section", "Your account"),
    "people.Person": pgettext_lazy("your data section", "Your profile"),
    "account.EmailAddress": pgettext_lazy("your data section", "Your email addresses"),
    "people.CompanyContact": pgettext_lazy("your data section", "Company contact"),
    "applications.Application": pgettext_lazy("your data section", "Your applications"),
    "applications.Answer": pgettext_lazy("your data section", "Your answers in applications"),
    "applications.Review": pgettext_lazy("your data section", "Reviewers' scores and comments"),
    "matching.MatchRun": pgettext_lazy("your data section", "What the matching used"),
    "matching.MatchConstraint": pgettext_lazy("your data section", "Matching rules that name you"),
    "matching.Proposal": pgettext_lazy("your data section", "Proposed pairs"),
    "matching.ProposalSide": pgettext_lazy("your data section", "Your answers to proposed pairs"),
    "pairs.Pair": pgettext_lazy("your data section", "Your pairs"),
    "pairs.Agreement": pgettext_lazy("your data section", "Agreements"),
    "pairs.Goal": pgettext_lazy("your data section", "Goals"),
    "pairs.GoalRating": pgettext_lazy("your data section", "Goal ratings"),
    "pairs.PulseAnswer": pgettext_lazy("your data section", "Your private pulse"),
    "pairs.Meeting": pgettext_lazy("your data section", "Meetings"),
    "pairs.Reminder": pgettext_lazy("your data section", "Reminders sent"),
    "pairs.CalendarFeed": pgettext_lazy("your data section", "Calendar addresses"),
    "gatherings.Invitation": pgettext_lazy("your data section", "Gatherings"),
    "surveys.Invitation": pgettext_lazy("your data section", "Surveys you were invited to"),
    "surveys.Answer": pgettext_lazy("your data section", "Your survey answers"),
    "privacy.Consent": pgettext_lazy("your data section", "Consents"),
    "privacy.DataSubjectRequest": pgettext_lazy(
        "your data section", "Your requests about your data"
    ),
    "people.ApiToken": pgettext_lazy("your data section", "API tokens"),
    "mfa.Authenticator": pgettext_lazy("your data section", "Two-factor sign-in"),
    "sessions.Session": pgettext_lazy("your data section", "Signed-in sessions"),
    "core.SentEmail": pgettext_lazy("your data section", "Emails sent to you"),
    "core.ActivityLog": pgettext_lazy("your data section", "What you did (activity log)"),
}
#: Values in the export that are not a field of their model.
EXTRA_LABELS: dict[str, str | Promise] = {
    "labels": pgettext_lazy("your data field", "in words"),
    "run": pgettext_lazy("your data field", "matching run"),
    "survey": pgettext_lazy("your data field", "survey"),
    "session_data": pgettext_lazy("your data field", "what the session remembers"),
}
#: Fields whose own name is not in her language (allauth's) or says too little.
FIELD_LABELS: dict[str, str | Promise] = {
    "mfa.Authenticator.created_at": pgettext_lazy("your data field", "set up"),
    "mfa.Authenticator.last_used_at": pgettext_lazy("your data field", "last used"),
}
#: Keys inside a value (what the matching engine read, an activity's details).
NESTED_LABELS: dict[str, str | Promise] = {
    "id": pgettext_lazy("your data field", "code"),
    "name": pgettext_lazy("your data field", "name"),
    "city": pgettext_lazy("your data field", "city"),
    "birth_year": pgettext_lazy("your data field", "birth year"),
    "languages": pgettext_lazy("your data field", "languages"),
    "topics": pgettext_lazy("your data field", "topics"),
    "text": pgettext_lazy("your data field", "text"),
    "values": pgettext_lazy("your data field", "work values"),
    "capacity": pgettext_lazy("your data field", "capacity"),
    "pairs": pgettext_lazy("your data field", "pairs"),
    "mentor": pgettext_lazy("application role", "Mentor"),
    "mentee": pgettext_lazy("application role", "Mentee"),
    "score": pgettext_lazy("your data field", "score"),
    "unmatched": pgettext_lazy("your data field", "not matched"),
    "note": pgettext_lazy("your data field", "note"),
}
#: Codes stored without a list of choices on their field, and what they mean.
ROLE_WORDS: dict[str, str | Promise] = {
    "mentor": pgettext_lazy("application role", "Mentor"),
    "mentee": pgettext_lazy("application role", "Mentee"),
}
LIST_CHOICES: dict[str, list[tuple[str, Any]]] = {
    "people.Person.languages": Language.choices,
}
#: Text longer than this folds away behind "Show" (an email's HTML, a long note).
FOLD_AFTER = 600
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
YES, NO = gettext_lazy("Yes"), gettext_lazy("No")


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    records: list[SafeString]


def file_name() -> str:
    """``dine-data.html`` in Norwegian, ``your-data.html`` in English."""
    return str(pgettext_lazy("file name of the readable data export", "your-data")) + ".html"


def render_page(document: Mapping[str, Any], *, name: str) -> str:
    """The whole page, in the active language."""
    generated = parse_datetime(str(document.get("generated_at", "")))
    return render_to_string(
        "privacy/export/your_data.html",
        {
            "name": name,
            "generated_at": _datetime_text(generated) if generated else "",
            "sections": sections(document["tables"]),
        },
    )


def sections(tables: Mapping[str, list[dict[str, Any]]]) -> list[Section]:
    order = [label for label in SECTIONS if label in tables]
    order += sorted(label for label in tables if label not in SECTIONS)
    found = []
    for label in order:
        rows = tables[label]
        model = _model(label)
        title = SECTIONS.get(label) or (
            str(model._meta.verbose_name_plural).capitalize() if model else label
        )
        records = [_record(model, row) for row in rows]
        anchor = re.sub(r"[^a-z0-9]+", "-", label.lower())
        found.append(Section(anchor=anchor, title=str(title), records=records))
    return found


def _model(label: str) -> type[Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model: type[Model] | None, path: str) -> tuple[str, Field | None]:
    """The label of an export key (``pair.code`` → "mentorpar") and its last field."""
    names: list[str] = []
    field: Field | None = None
    for part in path.split("."):
        field = _get_field(model, part)
        if field is None:
            if part != "code":
                names.append(str(EXTRA_LABELS.get(part, part.replace("_", " "))))
            model = None
            continue
        names.append(str(field.verbose_name))
        related = field.related_model
        model = related if isinstance(related, type) else None
    label = " › ".join(names) or path
    return label[:1].upper() + label[1:], field


def _get_field(model: type[Model] | None, name: str) -> Field | None:
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, Field) else None


def _record(model: type[Model] | None, row: Mapping[str, Any]) -> SafeString:
    items = []
    table = f"{model._meta.label}." if model else ""
    for key, value in row.items():
        label, field = _field(model, key)
        if f"{table}{key}" in FIELD_LABELS:
            label = str(FIELD_LABELS[f"{table}{key}"]).capitalize()
        if f"{table}{key}" in LIST_CHOICES and isinstance(value, list):
            labels = dict(LIST_CHOICES[f"{table}{key}"])
            value = [str(labels.get(item, item)) for item in value]
        elif key.endswith("role") and value in ROLE_WORDS and not _choices(field):
            value = str(ROLE_WORDS[value])
        items.append((label, _value(value, field)))
    return format_html(
        '<dl class="record">{}</dl>',
        format_html_join("", "<dt>{}</dt><dd>{}</dd>", items),
    )


def _value(value: Any, field: Field | None = None) -> SafeString:
    if value is None or value == "" or value == [] or value == {}:
        return mark_safe('<span class="none">–</span>')
    if isinstance(value, bool):
        return escape(YES if value else NO)
    if isinstance(value, int | float):
        return escape(formats.number_format(value, use_l10n=True))
    if isinstance(value, str):
        return _text(value, field)
    if isinstance(value, list):
        if all(not isinstance(item, list | dict) for item in value):
            return escape(", ".join(_plain(item, field) for item in value))
        return format_html(
            '<ol class="nested">{}</ol>',
            format_html_join("", "<li>{}</li>", ((_value(item),) for item in value)),
        )
    if isinstance(value, dict):
        items = [(_nested_label(key), _value(item)) for key, item in value.items()]
        return format_html(
            '<dl class="nested">{}</dl>', format_html_join("", "<dt>{}</dt><dd>{}</dd>", items)
        )
    return escape(str(value))


def _nested_label(key: str) -> str:
    label = str(NESTED_LABELS.get(key, key.replace("_", " ")))
    return label[:1].upper() + label[1:]


def _choices(field: Field | None) -> dict[Any, Any]:
    return dict(getattr(field, "flatchoices", None) or [])


def _plain(value: Any, field: Field | None) -> str:
    """A list item as words: a code's label, a date, a number."""
    if isinstance(value, str):
        return _words(value, field)
    if isinstance(value, bool):
        return str(YES if value else NO)
    if isinstance(value, int | float):
        return formats.number_format(value, use_l10n=True)
    return "" if value is None else str(value)


def _text(value: str, field: Field | None) -> SafeString:
    words = _words(value, field)
    if len(words) > FOLD_AFTER:
        return format_html(
            "<details><summary>{}</summary><pre>{}</pre></details>",
            _("Show (%(count)s characters)") % {"count": len(words)},
            words,
        )
    if "\n" in words:
        return mark_safe(linebreaks(words, autoescape=True))  # noqa: S308 (escaped)
    return escape(words)


def _words(value: str, field: Field | None) -> str:
    """A stored string as a person reads it: a choice's label, a date in words."""
    choices = _choices(field)
    if value in choices:
        return str(choices[value])
    if isinstance(field, DateTimeField) or (field is None and _ISO_DATETIME.match(value)):
        moment = parse_datetime(value)
        if moment is not None:
            return _datetime_text(moment)
    if isinstance(field, DateField) or (field is None and _ISO_DATE.match(value)):
        day = parse_date(value)
        if day is not None:
            return formats.date_format(day, "DATE_FORMAT")
    return value


def _datetime_text(moment: dt.datetime) -> str:
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "DATETIME_FORMAT")
