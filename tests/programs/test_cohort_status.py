import itertools

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from tests.factories import CohortFactory

from brobygger.core.models import ActivityLog
from brobygger.programs.services import change_cohort_status
from brobygger.programs.status import TRANSITIONS, CohortStatus

LIFECYCLE = ["draft", "open", "review", "matching", "published", "running", "closed", "archived"]


def test_a_cohort_walks_the_whole_lifecycle(draft_cohort, coordinator_cora):
    for target in LIFECYCLE[1:]:
        change_cohort_status(cohort=draft_cohort, to=target, by=coordinator_cora.user)
    draft_cohort.refresh_from_db()
    assert draft_cohort.status == "archived"
    assert list(
        ActivityLog.objects.filter(action="cohort.status")
        .order_by("id")
        .values_list("action", "data", "actor")
    ) == [
        ("cohort.status", {"from": a, "to": b}, coordinator_cora.user.pk)
        for a, b in itertools.pairwise(LIFECYCLE)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "target"),
    [
        (start, target)
        for start in CohortStatus.values
        for target in CohortStatus.values
        if target not in TRANSITIONS[start]
    ],
)
def test_illegal_transitions_are_refused_and_change_nothing(start, target):
    cohort = CohortFactory(status=start)
    with pytest.raises(ValidationError) as error:
        change_cohort_status(cohort=cohort, to=target, by=None)
    assert list(error.value.message_dict) == ["status"]
    cohort.refresh_from_db()
    assert cohort.status == start
    assert ActivityLog.objects.count() == 0


@pytest.mark.django_db
def test_illegal_transition_message_is_translated():
    cohort = CohortFactory(status="draft", title="2031", initiative__name="Reverse Mentoring")
    with translation.override("nb"), pytest.raises(ValidationError) as error:
        change_cohort_status(cohort=cohort, to="running", by=None)
    assert error.value.message_dict["status"] == [
        "«Reverse Mentoring 2031» kan ikke gå fra «Utkast» til «Pågår». "
        "Tillatte neste steg: Åpen for søknader."
    ]
