"""Run the engine for a cohort and keep the run (input snapshot, settings, result, who).

A run of up to :data:`LARGE_RUN_PEOPLE` people is solved inside the request (well under a
second); a larger one is queued as a background task and the page polls its status.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.applications.models import Question
from brobygger.core.services import log_activity
from brobygger.matching import engine
from brobygger.matching.models import MatchRun, RunStatus
from brobygger.matching.reasons import role_label
from brobygger.matching.selectors.instance import build_instance, is_second_round
from brobygger.matching.services.inputs import current_inputs_version
from brobygger.programs.models import Cohort
from brobygger.programs.services import change_cohort_status
from brobygger.programs.status import MATCHING_STATUSES, CohortStatus

if TYPE_CHECKING:
    from brobygger.people.models import User

#: above this many people (both sides) a run goes to the background task worker
LARGE_RUN_PEOPLE = 400


def refuse_unless_matching(cohort: Cohort) -> None:
    """Run, lock, forbid, swap, send: only while reviewing or matching ("review" moves to
    "matching" on the first run). Once the pairs are published, a second round may run while
    the year is published or running: on the people without a partner only (see
    ``selectors.instance.matching_pool``); after that the matching is history."""
    if cohort.status in MATCHING_STATUSES or is_second_round(cohort):
        return
    if cohort.status in (CohortStatus.DRAFT, CohortStatus.OPEN):
        message = _(
            "Matching can run when applications are closed and reviewed: this "
            "programme year is “%(status)s”."
        )
    else:
        message = _("This programme year is “%(status)s”: the matching can no longer change.")
    raise ValidationError(message % {"status": cohort.get_status_display()}, code="not_runnable")


@transaction.atomic
def start_run(*, cohort: Cohort, by: User | None) -> MatchRun:
    """Snapshot the cohort's instance and run it (now, or queued when large).

    Side effects: a ``MatchRun`` row; the cohort moves from review to matching on its first
    run; an activity-log row; for a large run, a background task after commit.
    Raises ``ValidationError`` when a side has nobody to match.
    """
    cohort = Cohort.objects.select_for_update().select_related("initiative").get(pk=cohort.pk)
    refuse_unless_matching(cohort)
    built = build_instance(cohort)
    instance = built.instance
    empty = [role for role in ("mentee", "mentor") if not built.count(role)]
    if empty:
        message = (
            _(
                "Nobody among the %(role)s applicants is without a partner: accept someone "
                "from the waitlist, or end a pair and offer a new partner, first."
            )
            if is_second_round(cohort)
            else _("There are no accepted %(role)s applicants yet: accept applications first.")
        )
        raise ValidationError(
            message % {"role": role_label(cohort.kind, empty[0]).lower()},
            code="empty_side",
        )
    if cohort.status == CohortStatus.REVIEW:
        change_cohort_status(cohort=cohort, to=CohortStatus.MATCHING, by=by)
    run = MatchRun(
        cohort=cohort,
        run_by=by,
        status=RunStatus.QUEUED,
        instance=instance,
        settings={"rules": instance["rules"], "weights": instance["weights"]},
        fingerprint=built.fingerprint,
        people=built.people,
        inputs_version=current_inputs_version(cohort),
    )
    run.full_clean()
    run.save()
    log_activity(
        actor=by,
        action="matching.run",
        target=cohort,
        data={
            "run": str(run.code),
            "people": run.people,
            "settings": run.settings,
            "second_round": is_second_round(cohort),
        },
    )
    if run.people > LARGE_RUN_PEOPLE:
        from brobygger.matching.tasks import run_matching

        transaction.on_commit(lambda: run_matching.enqueue(run_id=run.pk))
    else:
        execute_run(run=run)
    return run


def execute_run(*, run: MatchRun) -> MatchRun:
    """Solve the run's stored instance and store the result (or the validation errors)."""
    MatchRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    try:
        result = engine.solve(engine.load_instance(run.instance))
    except engine.InstanceError as error:
        run.status = RunStatus.FAILED
        run.error = "\n".join(f"{path}: {message}" for path, message in error.errors)
    else:
        run.status = RunStatus.DONE
        run.result = result.to_dict(timings=True)
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "result", "finished_at", "updated_at"])
    return run


def record_run_download(*, run: MatchRun, part: str, by: User) -> None:
    """Audit a download of a run's instance or result: the instance carries what people
    answered for matching, sensitive questions used for matching included (listed)."""
    sensitive = list(
        Question.objects.filter(cohort_id=run.cohort_id, sensitive=True)
        .exclude(matching_field="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    log_activity(
        actor=by,
        action=f"matching.download_{part}",
        target=run.cohort,
        data={"run": str(run.code), "sensitive_questions": sensitive},
    )
