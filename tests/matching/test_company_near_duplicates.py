"""A typo does not defeat the company rule (issue "Broken promises", item 7): "Fjordkraft"
typed by one applicant and "Fjord Kraft AS" chosen by her colleague are one company for the
rule, under the confirmed name, until a coordinator merges them."""

import pytest

from brobygger.matching.engine import explain, load_instance
from brobygger.matching.selectors.instance import build_instance
from tests.factories import CompanyFactory, PersonFactory
from tests.matching.conftest import accept

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleagues(review_cohort):
    confirmed = CompanyFactory(name="Fjord Kraft AS")
    typed = CompanyFactory(name="Fjordkraft", confirmed=False)
    senior = PersonFactory(user__email="sen@fk.example", company=confirmed, birth_year=1965)
    junior = PersonFactory(user__email="jun@fk.example", company=typed, birth_year=1998)
    return (
        accept(senior, review_cohort, "mentee", ["ai"]),
        accept(junior, review_cohort, "mentor", ["ai"]),
    )


def test_near_duplicates_are_one_company_for_the_rule(review_cohort, colleagues):
    mentee, mentor = colleagues
    built = build_instance(review_cohort).instance
    companies = {p["id"]: p["company"] for p in built["mentees"] + built["mentors"]}
    assert (companies[str(mentee.code)], companies[str(mentor.code)]) == (
        "Fjord Kraft AS",
        "Fjord Kraft AS",
    )
    explanation = explain(load_instance(built), str(mentee.code), str(mentor.code))
    assert [rule.rule for rule in explanation.broken_rules] == ["company"]


def test_different_companies_keep_their_names(review_cohort, colleagues):
    other = PersonFactory(
        user__email="x@sk.example", company=CompanyFactory(name="Skarven Kraft AS")
    )
    application = accept(other, review_cohort, "mentee", ["ai"])
    built = build_instance(review_cohort).instance
    companies = {p["id"]: p["company"] for p in built["mentees"]}
    assert companies[str(application.code)] == "Skarven Kraft AS"
