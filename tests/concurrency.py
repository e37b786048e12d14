"""Two coordinators confirming the same publication at the same moment (real threads, each
with its own database connection)."""

from __future__ import annotations

import threading

from django.core.exceptions import ValidationError
from django.db import connections
from django.utils import translation

from brobygger.matching.services.publish import publish_pairs
from brobygger.programs.models import Cohort


def publish_twice_at_once(cohort: Cohort, token: str) -> list[str]:
    """Each thread's outcome: ``"published"`` or the refusal's message in English."""
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def confirm_publish() -> None:
        try:
            barrier.wait()
            with translation.override("en"):  # a new thread starts in the default language
                publish_pairs(cohort=cohort, token=token, by=None)
            outcomes.append("published")
        except ValidationError as error:
            with translation.override("en"):
                outcomes.append(error.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm_publish) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
