"""Availability in the score: the coordinator and the person asked both read it in words.

These tests need the engine's sixth term, ``availability`` (docs/matching.md).
"""

import pytest
from django.urls import reverse

from brobygger.matching.models import MatchRun, ProposalSide
from brobygger.matching.selectors.runs import proposal_view
from tests.factories import QuestionFactory

from .conftest import answer_availability
from .helpers import link_of, run, send

pytestmark = pytest.mark.django_db


SLOTS = {
    "anne": ["early", "after_work"],
    "eva": ["lunch"],
    "kari": ["morning", "lunch"],
    "bo": ["early", "after_work"],
    "ola": ["after_work", "afternoon"],
    "siri": ["early"],
    "tor": ["lunch", "afternoon"],
}  # Liv gave none: her pair's term is neutral


@pytest.fixture
def with_availability(review_cohort, cohort_people):
    for role in ("mentee", "mentor"):
        QuestionFactory(
            cohort=review_cohort, role=role, kind="availability", matching_field="availability"
        )
    for name, slots in SLOTS.items():
        answer_availability(cohort_people[name], slots)
    return review_cohort


def _expected(mentee: str, mentor: str) -> float:
    """The contract: shared slots over the shorter list; 0.5 when either gave none."""
    a, b = set(SLOTS.get(mentee, [])), set(SLOTS.get(mentor, []))
    return len(a & b) / min(len(a), len(b)) if a and b else 0.5


def test_every_pair_of_the_run_carries_the_availability_term_in_words(
    client, coordinator_cora, with_availability
):
    run(with_availability)
    client.force_login(coordinator_cora.user)

    response = client.get(reverse("matching:cohort", args=[with_availability.code]))

    pairs = response.context["view"].pairs
    assert {tuple(t.name for t in p.terms) for p in pairs} == {
        ("topics", "text", "values", "difference", "availability")
    }  # nobody gave a wish: the wishes term (50 % for every pair) is left out
    last = {(p.terms[-1].label, p.terms[-1].help) for p in pairs}
    assert last == {
        (
            "Availability",
            "Times of day both can meet, out of the shorter of the two lists "
            "(neutral when someone gave none).",
        )
    }
    assert response.content.decode().count("Availability<br>") == len(pairs) == 4


def test_the_stored_breakdown_scores_shared_slots(with_availability):
    run(with_availability)

    pairs = proposal_view(MatchRun.objects.get()).pairs

    def first_name(application):
        return application.person.user.first_name.lower()

    found = {
        (first_name(p.mentee), first_name(p.mentor)): next(
            t.value for t in p.terms if t.name == "availability"
        )
        for p in pairs
    }
    assert found == {pair: _expected(*pair) for pair in found}
    assert len(found) == 4
    assert set(found.values()) - {0.5}  # some pairs share slots, some do not


def test_the_person_asked_sees_availability_among_the_reasons(client, with_availability):
    run(with_availability)
    send(with_availability)
    side = ProposalSide.objects.get(person__user__email="anne@a.example")

    partner = side.proposal.mentor_application.person.user.first_name.lower()
    shared = [s for s in SLOTS["anne"] if s in SLOTS.get(partner, [])]
    labels = {"early": "early mornings (before 9)", "after_work": "after work (after 16)"}

    response = client.get(link_of(side))

    common = response.context["introduction"].common
    said = [c for c in common if c.startswith("You can both meet")]
    if shared:
        assert said == [
            "You can both meet at these times: "
            + " and ".join(labels[s] for s in shared).replace(" and ", ", ", len(shared) - 2)
            + "."
        ]
    else:
        assert said == []
    assert "Weight" not in response.content.decode()  # the weight table is the coordinator's


def test_swap_preview_shows_the_availability_term(client, coordinator_cora, with_availability):
    run(with_availability)
    client.force_login(coordinator_cora.user)
    url = reverse("matching:swap", args=[with_availability.code])
    pairs = proposal_view(MatchRun.objects.get()).pairs
    first, second = (str(p.mentee.code) for p in pairs[:2])

    response = client.get(url, {"first": first, "second": second})

    preview = response.context["preview"]
    assert [c.terms[-1].label for c in preview] == ["Availability", "Availability"]
