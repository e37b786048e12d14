"""The one ORM → engine adapter."""

import pytest
from django.utils import timezone

from brobygger.matching.engine import explain, load_instance
from brobygger.matching.models import ConstraintKind, MatchConstraint
from brobygger.matching.selectors.instance import build_instance
from tests.factories import ApplicationFactory, PersonFactory, QuestionFactory
from tests.matching.conftest import answer_availability

pytestmark = pytest.mark.django_db


def _ids(instance, side):
    return [p["id"] for p in instance[side]]


def test_only_accepted_submitted_not_withdrawn_applications_go_in(review_cohort, cohort_people):
    ApplicationFactory(cohort=review_cohort, role="mentee", decision="pending")
    ApplicationFactory(cohort=review_cohort, role="mentor", decision="rejected")
    ApplicationFactory(cohort=review_cohort, role="mentor", decision="accepted", status="draft")
    ApplicationFactory(
        cohort=review_cohort,
        role="mentee",
        decision="accepted",
        status="withdrawn",
        withdrawn_at=timezone.now(),
    )

    instance = build_instance(review_cohort).instance

    mentees = {str(cohort_people[n].code) for n in ("anne", "eva", "kari", "liv")}
    mentors = {str(cohort_people[n].code) for n in ("bo", "ola", "siri", "tor")}
    assert (set(_ids(instance, "mentees")), set(_ids(instance, "mentors"))) == (mentees, mentors)
    load_instance(instance)  # valid for the engine


def test_person_fields_answers_and_rules(review_cohort, cohort_people):
    review_cohort.min_gap_years = 12
    review_cohort.target_pairs = 3
    review_cohort.matching_weights = {"topics": 5}
    review_cohort.save()

    instance = build_instance(review_cohort).instance
    anne = next(p for p in instance["mentees"] if p["id"] == str(cohort_people["anne"].code))

    assert instance["kind"] == "reverse"
    assert instance["rules"] == {
        "company": "different",
        "direction": "mentor_younger",
        "min_gap_years": 12,
        "target_pairs": 3,
    }
    assert instance["weights"] == {
        "topics": 5.0,
        "text": 1.0,
        "values": 1.0,
        "difference": 1.0,
        "wishes": 1.0,
        "availability": 1.0,
    }
    assert (anne["company"], anne["birth_year"], anne["topics"], anne["text"]) == (
        "Nordlys Kraft AS",
        1966,
        ["ai", "data"],
        "lære kunstig intelligens",
    )
    assert (anne["format"], anne["capacity"], anne["languages"]) == ("digital", 1, ["nb", "en"])


def test_availability_answers_go_in_as_sorted_unique_codes(review_cohort, cohort_people):
    for role in ("mentee", "mentor"):
        QuestionFactory(
            cohort=review_cohort, role=role, kind="availability", matching_field="availability"
        )
    answer_availability(cohort_people["anne"], ["lunch", "early", "lunch"])
    answer_availability(cohort_people["bo"], ["after_work", "early"])
    review_cohort.matching_weights = {"availability": 2.5}
    review_cohort.save()

    instance = build_instance(review_cohort).instance

    people = {p["id"]: p for side in ("mentees", "mentors") for p in instance[side]}
    availability = {
        name: people[str(cohort_people[name].code)]["availability"]
        for name in ("anne", "bo", "eva")
    }
    assert availability == {"anne": ["early", "lunch"], "bo": ["after_work", "early"], "eva": []}
    assert instance["weights"]["availability"] == 2.5


def test_the_engine_scores_availability_as_the_sixth_term(review_cohort, cohort_people):
    """Needs the engine's availability term (docs/matching.md)."""
    for role in ("mentee", "mentor"):
        QuestionFactory(
            cohort=review_cohort, role=role, kind="availability", matching_field="availability"
        )
    answer_availability(cohort_people["anne"], ["early", "lunch"])
    answer_availability(cohort_people["bo"], ["early", "after_work", "afternoon"])
    answer_availability(cohort_people["ola"], ["lunch"])

    instance = load_instance(build_instance(review_cohort).instance)
    anne, bo, ola = (str(cohort_people[n].code) for n in ("anne", "bo", "ola"))

    terms = {
        mentor: {t.name: t.value for t in explain(instance, anne, mentor).terms}
        for mentor in (bo, ola)
    }
    assert [t.name for t in explain(instance, anne, bo).terms][-1] == "availability"
    # one shared slot out of the shorter list (Anne's two); Ola's one slot is Anne's too
    assert (terms[bo]["availability"], terms[ola]["availability"]) == (0.5, 1.0)


def test_locks_forbids_and_removals(review_cohort, cohort_people):
    p = cohort_people
    MatchConstraint.objects.create(
        cohort=review_cohort,
        kind=ConstraintKind.LOCK,
        mentee_application=p["anne"],
        mentor_application=p["bo"],
    )
    MatchConstraint.objects.create(
        cohort=review_cohort,
        kind=ConstraintKind.FORBID,
        mentee_application=p["eva"],
        mentor_application=p["ola"],
    )
    MatchConstraint.objects.create(
        cohort=review_cohort, kind=ConstraintKind.REMOVE, mentor_application=p["tor"]
    )

    instance = build_instance(review_cohort).instance

    assert instance["locked"] == [[str(p["anne"].code), str(p["bo"].code)]]
    assert instance["forbidden"] == [[str(p["eva"].code), str(p["ola"].code)]]
    assert str(p["tor"].code) not in _ids(instance, "mentors")
    assert instance["meta"]["excluded"] == [
        {"id": str(p["tor"].code), "side": "mentor", "code": "removed"}
    ]


def test_missing_birth_year_is_excluded_with_a_reason(review_cohort, cohort_people):
    person = PersonFactory(birth_year=None)
    from tests.matching.conftest import accept

    application = accept(person, review_cohort, "mentor", ["ai"])

    instance = build_instance(review_cohort).instance

    assert str(application.code) not in _ids(instance, "mentors")
    assert {"id": str(application.code), "side": "mentor", "code": "missing_birth_year"} in (
        instance["meta"]["excluded"]
    )
