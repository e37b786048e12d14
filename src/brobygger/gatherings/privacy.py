"""Personal data of gatherings: one's replies and attendance.

Erasure unlinks the person from her invitations, so the counts (coming, attended) survive.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from brobygger.core.privacy_registry import PersonalField, PrivacyProvider, register, rows
from brobygger.gatherings.models import Invitation
from brobygger.people.models import Person

PURPOSE = "planning gatherings and counting attendance"
UNTIL = "until erasure; the counts are kept anonymous"


@register
class GatheringsPrivacy(PrivacyProvider):
    app_label = "gatherings"
    fields = [
        PersonalField("gatherings.Invitation", "person", PURPOSE, "contract", UNTIL, "anonymised"),
        PersonalField(
            "gatherings.Invitation", "response", PURPOSE, "contract", UNTIL, "kept anonymous"
        ),
        PersonalField(
            "gatherings.Invitation", "attended", PURPOSE, "contract", UNTIL, "kept anonymous"
        ),
    ]
    not_personal = [
        "Gathering.title",
        "Gathering.theme",
        "Gathering.description",
        "Gathering.place",
        "Gathering.video_url",
        "Invitation.link_nonce",  # a random value in the reply link
        "Gathering.audience",  # a code: both roles, or one
        # materials a coordinator adds for a programme year: the handbook, slides, a link
        "Material.title",
        "Material.description",
        "Material.language",
        "Material.audience",
        "Material.file_path",  # a random name in the private storage
        "Material.file_name",
        "Material.url",
        "Material.theme",  # a theme of the gatherings, as they write it
        # the conversation guide's prompts a coordinator writes for a programme year
        "GuideText.phase",
        "GuideText.theme",
        "GuideText.prompts_nb",
        "GuideText.prompts_en",
    ]

    def export(self, person: Person) -> dict[str, list[dict[str, Any]]]:
        invitations = Invitation.objects.filter(person=person).select_related("gathering")
        return {
            "gatherings.Invitation": rows(
                invitations,
                ["gathering", "person", "response", "responded_at", "waitlisted_at", "attended"],
            )
        }

    @transaction.atomic
    def erase(self, person: Person) -> dict[str, int]:
        return {
            "gatherings.Invitation": Invitation.objects.filter(person=person).update(person=None)
        }
