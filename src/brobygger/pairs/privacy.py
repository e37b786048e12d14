"""Personal data of the pairs app: what the pair writes, its meetings, feeds, reminders.

The pair's words (agreement, goals, notes, reasons) concern both members: each member's
export holds them, and erasing either member removes them. Erasure keeps anonymous
statistics: that a meeting happened (date, length, who cancelled, by role), that an
agreement was signed, and every goal rating. The private pulse is one person's alone: only
her export holds her answers, and erasing her (or anonymising the cohort) deletes them.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from brobygger.core.privacy_registry import PersonalField, PrivacyProvider, register, rows
from brobygger.pairs.models import (
    Agreement,
    CalendarFeed,
    Goal,
    GoalRating,
    Meeting,
    Pair,
    PulseAnswer,
    Reminder,
    ShadowingDay,
    ShadowingPlan,
)
from brobygger.people.models import Person

UNTIL = "until erasure, or anonymised with the cohort"
WORDS = "the pair's own words; visible to the two members only"


def _field(
    model: str, field: str, purpose: str, erasure: str = "erased", **kw: str
) -> PersonalField:
    return PersonalField(
        model,
        field,
        purpose=purpose,
        legal_basis=kw.get("legal_basis", "contract"),
        retention=kw.get("retention", UNTIL),
        erasure=erasure,
    )


@register
class PairsPrivacy(PrivacyProvider):
    app_label = "pairs"
    fields = [
        _field("pairs.Pair", "mentor", "who is paired with whom", "kept anonymous"),
        _field("pairs.Pair", "mentee", "who is paired with whom", "kept anonymous"),
        _field(
            "pairs.Pair", "end_reason", "why a pair ended early", legal_basis="legitimate interest"
        ),
        _field("pairs.Agreement", "goals", WORDS),
        _field("pairs.Agreement", "mentor_goals", WORDS),
        _field("pairs.Agreement", "cadence", WORDS),
        _field("pairs.Agreement", "other_terms", WORDS),
        _field("pairs.Goal", "text", WORDS),
        _field("pairs.GoalRating", "rating", "progress statistics", "kept anonymous"),
        _field("pairs.Meeting", "notes", WORDS),
        _field("pairs.Meeting", "cancel_reason", WORDS),
        _field("pairs.Meeting", "place", "planning the pair's meetings"),
        _field("pairs.Meeting", "video_url", "planning the pair's meetings"),
        _field("pairs.Meeting", "starts_at", "activity statistics", "kept anonymous"),
        _field("pairs.ShadowingDay", "what_happened", WORDS),
        _field(
            "pairs.ShadowingDay", "reflection", "the talent's own reflection; visible to her only"
        ),
        _field("pairs.ShadowingPlan", "talent_goal", WORDS),
        _field("pairs.ShadowingPlan", "leader_reflection", WORDS),
        *(
            _field(
                "pairs.PulseAnswer",
                name,
                "the private pulse: her coordinator calls when an answer is low; "
                "visible to her only",
                "deleted with the row",
                legal_basis="legitimate interest",
                retention="until erasure, or the cohort is anonymised",
            )
            for name in ("person", "useful", "safe", "followed_up_at")
        ),
        _field(
            "pairs.CalendarFeed",
            "token",
            "the personal calendar address",
            "deleted with the row",
            retention="until revoked or erasure",
        ),
        _field(
            "pairs.Reminder",
            "person",
            "sending each reminder once",
            "deleted with the row",
            legal_basis="legitimate interest",
        ),
    ]
    not_personal = [
        "Pair.status",
        "Pair.end_category",  # a category the report counts, never the words
        "Pair.mentee_after_end",  # a new partner in the next round, or leaves
        "Pair.mentor_after_end",
        "Agreement.meeting_format",
        "Agreement.proposed_by_role",
        "Goal.owner_role",  # whose goal: a role, not a person
        "PulseAnswer.point",  # one or three months in
        "GoalRating.phase",
        "GoalRating.rated_by_role",
        "Meeting.status",
        "Meeting.proposed_by_role",
        "Meeting.cancelled_by_role",
        "Message.audience",
        "Message.role",
        "Message.subject",  # the coordinator's words to many people
        "Message.body",
        "Reminder.kind",
        "Reminder.key",  # codes of a meeting, pair or gathering
    ]

    def _pairs(self, person: Person) -> QuerySet[Pair]:
        return Pair.objects.filter(Q(mentor=person) | Q(mentee=person)).select_related(
            "cohort__initiative", "mentor__user", "mentee__user"
        )

    def export(self, person: Person) -> dict[str, list[dict[str, Any]]]:
        pairs = self._pairs(person)
        return {
            "pairs.Pair": rows(
                pairs,
                [
                    "code",
                    "cohort",
                    "mentor",
                    "mentee",
                    "status",
                    "published_at",
                    "ended_at",
                    "end_reason",
                ],
            ),
            "pairs.Agreement": rows(
                Agreement.objects.filter(pair__in=pairs).select_related("pair"),
                [
                    "pair.code",
                    "version",
                    "goals",
                    "mentor_goals",
                    "cadence",
                    "meeting_format",
                    "other_terms",
                    "mentee_signed_at",
                    "mentor_signed_at",
                ],
            ),
            "pairs.Goal": rows(
                Goal.objects.filter(pair__in=pairs).select_related("pair"),
                ["pair.code", "owner_role", "position", "text", "is_active"],
            ),
            "pairs.GoalRating": rows(
                GoalRating.objects.filter(goal__pair__in=pairs).select_related("goal__pair"),
                ["goal.pair.code", "goal", "phase", "rating", "rated_by_role", "created_at"],
            ),
            "pairs.Meeting": rows(
                Meeting.objects.filter(pair__in=pairs).select_related("pair"),
                [
                    "pair.code",
                    "starts_at",
                    "ends_at",
                    "status",
                    "place",
                    "video_url",
                    "duration_minutes",
                    "notes",
                    "cancelled_by_role",
                    "cancel_reason",
                ],
            ),
            # the talent's reflection is hers alone: never in the leader's export
            "pairs.ShadowingDay": [
                *rows(
                    ShadowingDay.objects.filter(pair__in=pairs, pair__mentee=person),
                    ["pair.code", "date", "what_happened", "reflection"],
                ),
                *rows(
                    ShadowingDay.objects.filter(pair__in=pairs).exclude(pair__mentee=person),
                    ["pair.code", "date", "what_happened"],
                ),
            ],
            "pairs.ShadowingPlan": rows(
                ShadowingPlan.objects.filter(pair__in=pairs).select_related("pair"),
                ["pair.code", "talent_goal", "leader_reflection"],
            ),
            "pairs.CalendarFeed": rows(
                CalendarFeed.objects.filter(person=person), ["token", "created_at", "revoked_at"]
            ),
            # her own answers only: never her partner's
            "pairs.PulseAnswer": rows(
                PulseAnswer.objects.filter(person=person).select_related("pair"),
                ["pair.code", "person", "point", "useful", "safe", "created_at", "followed_up_at"],
            ),
            "pairs.Reminder": rows(
                Reminder.objects.filter(person=person), ["person", "kind", "sent_at"]
            ),
        }

    @transaction.atomic
    def erase(self, person: Person) -> dict[str, int]:
        """The pair's words go (they concern both members); numbers and dates stay."""
        pairs = self._pairs(person)
        counts = {
            "pairs.Agreement": Agreement.objects.filter(pair__in=pairs).update(
                goals=[], mentor_goals=[], cadence="", other_terms=""
            ),
            "pairs.Goal": Goal.objects.filter(pair__in=pairs).update(text=""),
            "pairs.Meeting": Meeting.objects.filter(pair__in=pairs).update(
                notes="", cancel_reason="", place="", video_url=""
            ),
            "pairs.Pair": pairs.exclude(end_reason="").update(end_reason=""),
            **_shadowing_words_erased(pairs),
        }
        counts["pairs.CalendarFeed"] = CalendarFeed.objects.filter(person=person).delete()[0]
        counts["pairs.Reminder"] = Reminder.objects.filter(person=person).delete()[0]
        counts["pairs.PulseAnswer"] = PulseAnswer.objects.filter(person=person).delete()[0]
        return counts

    def after_erasure(self, person: Person, *, by: Any | None) -> None:
        """Her active pairs end; her partner and the coordinators are told."""
        from brobygger.pairs.services.coordination import end_pairs_of_leaver

        end_pairs_of_leaver(person=person, by=by)

    def anonymise_cohort(self, cohort: Any) -> dict[str, int]:
        """A closed cohort keeps its statistics and loses the pairs' words."""
        pairs = Pair.objects.filter(cohort=cohort)
        return {
            "pairs.Agreement": Agreement.objects.filter(pair__in=pairs).update(
                goals=[], mentor_goals=[], cadence="", other_terms=""
            ),
            "pairs.Goal": Goal.objects.filter(pair__in=pairs).update(text=""),
            "pairs.Meeting": Meeting.objects.filter(pair__in=pairs).update(
                notes="", cancel_reason="", place="", video_url=""
            ),
            "pairs.Pair": pairs.exclude(end_reason="").update(end_reason=""),
            "pairs.PulseAnswer": PulseAnswer.objects.filter(pair__in=pairs).delete()[0],
            **_shadowing_words_erased(pairs),
        }


def _shadowing_words_erased(pairs: QuerySet[Pair]) -> dict[str, int]:
    """Shadowing days keep their dates (statistics); the words go."""
    return {
        "pairs.ShadowingDay": ShadowingDay.objects.filter(pair__in=pairs).update(
            what_happened="", reflection=""
        ),
        "pairs.ShadowingPlan": ShadowingPlan.objects.filter(pair__in=pairs).update(
            talent_goal="", leader_reflection=""
        ),
    }
