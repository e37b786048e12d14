"""Goals carried forward: the senior's (mentee's) goals from her application prefill the
agreement's goals, so the pair starts from what she wrote, not from a blank page."""

from __future__ import annotations

from brobygger.applications.choices import MatchingField
from brobygger.applications.models import Answer
from brobygger.pairs.models import Pair
from brobygger.pairs.models.agreements import MAX_GOALS
from brobygger.people.models import Person
from brobygger.privacy.selectors import shares_with_partner

GOAL_LENGTH = 500  # the agreement's goal field


def application_goals(pair: Pair, reader: Person) -> list[str]:
    """The mentee's application answers about her goals, one goal a line (at most
    ``MAX_GOALS``). Her partner reads them only if she agreed to share them with a partner."""
    if pair.mentee_application_id is None:
        return []
    if reader.pk != pair.mentee_id and not shares_with_partner(pair.mentee):
        return []
    answers = Answer.objects.filter(
        application_id=pair.mentee_application_id,
        question__matching_field=MatchingField.TEXT,
    ).order_by("question__order", "question_id")
    goals: list[str] = []
    for value in answers.values_list("value", flat=True):
        if isinstance(value, str):
            goals += [line.strip(" -•\t")[:GOAL_LENGTH] for line in value.splitlines()]
    return [g for g in goals if g][:MAX_GOALS]
