"""Pairs and what they hold. What the pair writes (agreement, notes, goals) is theirs alone.

Coordinators read metadata only (counts, dates, ratings), through ``selectors.health``.
"""

from brobygger.pairs.models.agreements import Agreement, Goal, GoalPhase, GoalRating
from brobygger.pairs.models.calendar import CalendarFeed
from brobygger.pairs.models.meetings import Meeting, MeetingFormat, MeetingStatus
from brobygger.pairs.models.messages import Audience, Message
from brobygger.pairs.models.pair import AfterEnd, EndCategory, Pair, PairRole, PairStatus
from brobygger.pairs.models.pulse import PulseAnswer, PulsePoint
from brobygger.pairs.models.reminders import Reminder, ReminderKind
from brobygger.pairs.models.shadowing import ShadowingDay, ShadowingPlan

__all__ = [
    "AfterEnd",
    "Agreement",
    "Audience",
    "CalendarFeed",
    "EndCategory",
    "Goal",
    "GoalPhase",
    "GoalRating",
    "Meeting",
    "MeetingFormat",
    "MeetingStatus",
    "Message",
    "Pair",
    "PairRole",
    "PairStatus",
    "PulseAnswer",
    "PulsePoint",
    "Reminder",
    "ReminderKind",
    "ShadowingDay",
    "ShadowingPlan",
]
