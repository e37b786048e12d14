"""The editable part of the main emails of a programme year: kinds, placeholders, defaults.

A coordinator may rewrite the subject and the personal text (greeting and paragraphs) of
these emails per programme year, in Norwegian and in English (``CohortEmailText``). What the
system must keep (personal links, the next step, the sign-off) stays in the email's
template, after the personal text, so no text can break a link.

Placeholders are written ``{first_name}``; :func:`fill` replaces the allowed names and
nothing else: no attribute access, no format specs, never Django template syntax. A text
with an unknown name or a stray brace is refused (:func:`check`).

The defaults are the texts below, in the reader's language: the edit page shows them and
the email templates send them (``{% personal_text %}`` in ``programs.templatetags``), so
they live in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class EmailKind(models.TextChoices):
    APPLICATION_RECEIVED = "application_received", _("Application received")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("Waiting list")
    NOT_OFFERED = "not_offered", _("Not offered a place")
    PROPOSAL = "proposal", _("Match proposal")
    MATCHED = "matched", _("Matched")
    INVITATION = "invitation", _("Invitation to a gathering")
    WELCOME = "welcome", _("Welcome at kickoff")


#: when each email is sent, in one line (the list and the edit page)
WHEN_SENT: dict[str, Promise] = {
    EmailKind.APPLICATION_RECEIVED: _("Sent when someone submits her application."),
    EmailKind.ACCEPTED: _("Sent when you send the decisions, to those who got a place."),
    EmailKind.WAITLISTED: _("Sent when you send the decisions, to those on the waiting list."),
    EmailKind.NOT_OFFERED: _(
        "Sent when you send the decisions, to those who were not offered a place."
    ),
    EmailKind.PROPOSAL: _("Sent with each match proposal, with the personal answer link."),
    EmailKind.MATCHED: _("Sent to both people of each pair when you publish the pairs."),
    EmailKind.INVITATION: _(
        "Sent when you invite the programme year to a gathering (the joint kickoff, a "
        "themed gathering)."
    ),
    EmailKind.WELCOME: _("Sent on the kickoff day to both people of each pair."),
}

#: what the template adds after the personal text (shown on the edit page)
KEPT_PARTS: dict[str, Promise] = {
    EmailKind.APPLICATION_RECEIVED: _(
        "The deadline and the link to change or withdraw the application."
    ),
    EmailKind.ACCEPTED: _("The link to the programme year's page."),
    EmailKind.WAITLISTED: _("The link to the programme year's page."),
    EmailKind.NOT_OFFERED: _("Nothing but the sign-off."),
    EmailKind.PROPOSAL: _(
        "The partner's job title and company, and the personal link to approve or decline."
    ),
    EmailKind.MATCHED: _("Who books the first meeting, and the link to the pair's page."),
    EmailKind.INVITATION: _(
        "The time and the place (or video link), the personal link to reply, and the "
        "gathering's page."
    ),
    EmailKind.WELCOME: _("The link to the pair's page."),
}

#: the template each kind is sent with (``core.emails.render_email``)
TEMPLATES: dict[str, str] = {
    EmailKind.APPLICATION_RECEIVED: "applications/email/confirmation",
    EmailKind.ACCEPTED: "applications/email/decision_accepted",
    EmailKind.WAITLISTED: "applications/email/decision_waitlisted",
    EmailKind.NOT_OFFERED: "applications/email/decision_rejected",
    EmailKind.PROPOSAL: "matching/email/proposal",
    EmailKind.MATCHED: "matching/email/matched",
    EmailKind.INVITATION: "gatherings/email/invitation",
    EmailKind.WELCOME: "matching/email/welcome",
}


@dataclass(frozen=True)
class Placeholder:
    name: str
    help: Promise

    @property
    def token(self) -> str:
        return "{" + self.name + "}"


PLACEHOLDERS: dict[str, Placeholder] = {
    p.name: p
    for p in (
        Placeholder("first_name", _("The recipient's first name.")),
        Placeholder(
            "programme", _("The initiative and the programme year, e.g. “Reverse mentoring 2026”.")
        ),
        Placeholder("initiative", _("The initiative's name, in the reader's language.")),
        Placeholder("role", _("Her role in the programme (e.g. mentor).")),
        Placeholder("partner_name", _("The full name of her match.")),
        Placeholder("kickoff", _("The kickoff date, written out.")),
        Placeholder("closing", _("The closing date, written out.")),
        Placeholder(
            "contact_name",
            _("The programme year's contact person (else a coordinator of the initiative)."),
        ),
        Placeholder("contact_email", _("The contact person's email address.")),
        Placeholder("gathering", _("The gathering's title.")),
        Placeholder("gathering_time", _("When the gathering starts, written out.")),
    )
}

_COMMON = ("first_name", "programme", "initiative", "kickoff", "closing")
_CONTACT = ("contact_name", "contact_email")

KIND_PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    EmailKind.APPLICATION_RECEIVED: (*_COMMON, *_CONTACT),
    EmailKind.ACCEPTED: (*_COMMON, "role", *_CONTACT),
    EmailKind.WAITLISTED: (*_COMMON, "role", *_CONTACT),
    EmailKind.NOT_OFFERED: (*_COMMON, "role", *_CONTACT),
    EmailKind.PROPOSAL: (*_COMMON, "role", "partner_name", *_CONTACT),
    EmailKind.MATCHED: (*_COMMON, "role", "partner_name", *_CONTACT),
    EmailKind.INVITATION: (*_COMMON, "gathering", "gathering_time", *_CONTACT),
    EmailKind.WELCOME: (*_COMMON, "role", "partner_name", *_CONTACT),
}

#: the editable parts of an email
PARTS = ("subject", "body")


def placeholders_for(kind: str) -> list[Placeholder]:
    return [PLACEHOLDERS[name] for name in KIND_PLACEHOLDERS[kind]]


# -- the defaults ------------------------------------------------------------------------


def _subjects() -> dict[str, str]:
    return {
        EmailKind.APPLICATION_RECEIVED: gettext("We have received your application to {programme}"),
        EmailKind.ACCEPTED: gettext("You have a place in {programme}"),
        EmailKind.WAITLISTED: gettext("You are on the waiting list for {programme}"),
        EmailKind.NOT_OFFERED: gettext("Your application to {programme}"),
        EmailKind.PROPOSAL: gettext("A proposed match for you in {initiative}"),
        EmailKind.MATCHED: gettext("You are matched in {initiative}"),
        EmailKind.INVITATION: gettext("Invitation: {gathering}"),
        EmailKind.WELCOME: gettext("Welcome to {programme}"),
    }


def _bodies() -> dict[str, list[str]]:
    return {
        EmailKind.APPLICATION_RECEIVED: [
            gettext("Thank you for applying to {programme}. We have received your application."),
            gettext("We will let you know when the applications have been reviewed."),
        ],
        EmailKind.ACCEPTED: [
            gettext(
                "We are glad to tell you that your application to {programme} as {role} "
                "has been accepted."
            ),
            gettext("We will be in touch before matching with the next steps."),
        ],
        EmailKind.WAITLISTED: [
            gettext(
                "Thank you for applying to {programme} as {role}. We had more applicants "
                "than places, and you are on the waiting list."
            ),
            gettext(
                "If a place opens up, we will contact you before matching. You do not need "
                "to do anything now."
            ),
        ],
        EmailKind.NOT_OFFERED: [
            gettext(
                "Thank you for applying to {programme} as {role}. We had more applicants "
                "than places, and unfortunately we cannot offer you a place this year."
            ),
            gettext(
                "We hope you will apply again, and you are welcome at the network's other events."
            ),
        ],
        EmailKind.PROPOSAL: [
            gettext(
                "We propose that you take part in {programme} as {role} together with "
                "{partner_name}."
            ),
        ],
        EmailKind.MATCHED: [
            gettext(
                "You are matched! In {programme} you take part as {role} together with "
                "{partner_name}."
            ),
        ],
        EmailKind.INVITATION: [
            gettext("You are invited to {gathering}."),
        ],
        EmailKind.WELCOME: [
            gettext(
                "Today {programme} starts, and you take part as {role} together with "
                "{partner_name}. We are glad to have you with us!"
            ),
            gettext(
                "The programme year runs until {closing}. If you have questions along the "
                "way, write to {contact_name} ({contact_email})."
            ),
        ],
    }


def default_text(kind: str, part: str, language: str) -> str:
    """The default subject or personal text of ``kind`` in ``language``."""
    with translation.override(language):
        if part == "subject":
            return _subjects()[kind]
        return "\n\n".join([gettext("Hi {first_name},"), *_bodies()[kind]])


# -- placeholders --------------------------------------------------------------------------

_TOKEN = re.compile(r"\{([^{}]*)\}")
_NAME = re.compile(r"\{([a-z_]+)\}")


class PlaceholderError(ValueError):
    """A text with a placeholder that is not allowed (``name``), or a stray brace."""

    def __init__(self, name: str = "") -> None:
        super().__init__(name)
        self.name = name


def check(text: str, allowed: tuple[str, ...] | list[str]) -> None:
    """Raise :class:`PlaceholderError` at the first unknown ``{name}`` or stray brace."""
    for match in _TOKEN.finditer(text):
        if match.group(1) not in allowed:
            raise PlaceholderError(match.group(0))
    if "{" in _TOKEN.sub("", text) or "}" in _TOKEN.sub("", text):
        raise PlaceholderError()


def fill(text: str, values: dict[str, str]) -> str:
    """``text`` with each ``{name}`` of ``values`` replaced, in one pass: a value is never
    read as a placeholder, and an unknown name is left as written."""
    return _NAME.sub(lambda m: str(values.get(m.group(1), m.group(0))), text)


def normalise(text: str) -> str:
    """One form of a text: Unix line ends, no trailing spaces, no blank lines around it."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()
