"""The application form's question kinds take the survey's codes for the same kinds (one
vocabulary, ``core.choices.QuestionKind``); stepping back restores the old codes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import CohortFactory, QuestionFactory

BEFORE = ("applications", "0006_importjob")
AFTER = ("applications", "0007_question_kinds_shared_with_surveys")
KINDS = ["text", "single", "multiple", "short_text", "topics"]


def _kinds(executor: MigrationExecutor, node: tuple[str, str]) -> list[str]:
    questions = executor.loader.project_state([node]).apps.get_model("applications", "Question")
    return list(questions.objects.order_by("order").values_list("kind", flat=True))


@pytest.mark.django_db(transaction=True)
def test_the_kinds_move_to_the_shared_codes_and_back():
    cohort = CohortFactory()
    for order, kind in enumerate(KINDS):
        QuestionFactory(cohort=cohort, kind=kind, order=order)
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([BEFORE])
        before = _kinds(executor, BEFORE)
        executor = MigrationExecutor(connection)
        executor.migrate([AFTER])
        after = _kinds(executor, AFTER)
    finally:
        MigrationExecutor(connection).migrate(latest)
    assert (before, after) == (
        ["long_text", "single_choice", "multiple_choice", "short_text", "topics"],
        KINDS,
    )
