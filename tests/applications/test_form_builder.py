"""A coordinator starts a cohort's form: the standard one or a copy of last year's."""

import pytest
from django.urls import reverse

from brobygger.applications.models import Question
from brobygger.applications.services.forms import create_default_form
from tests.factories import CohortFactory


@pytest.fixture
def last_year(reverse_initiative):
    cohort = CohortFactory(initiative=reverse_initiative, title="2026", status="closed")
    cohort.kickoff_on = cohort.kickoff_on.replace(year=cohort.kickoff_on.year - 1)
    cohort.closing_on = cohort.closing_on.replace(year=cohort.closing_on.year - 1)
    cohort.save()
    Question.objects.create(
        cohort=cohort,
        role="mentee",
        kind="scale",
        label="Hvor trygg er du digitalt?",
        sensitive=True,
        order=1,
    )
    Question.objects.create(
        cohort=cohort, role="mentor", kind="yes_no", label="Har du vært mentor før?", order=1
    )
    return cohort


def test_copy_last_years_form(client, coordinator_cora, open_cohort, last_year):
    client.force_login(coordinator_cora.user)
    overview = client.get(reverse("applications:form-overview", args=[open_cohort.code]))
    assert overview.context["previous"] == last_year
    client.post(
        reverse("applications:form-create", args=[open_cohort.code]), {"source": "previous"}
    )
    copied = list(
        Question.objects.filter(cohort=open_cohort).values_list(
            "role", "kind", "label", "sensitive"
        )
    )
    assert sorted(copied) == [
        ("mentee", "scale", "Hvor trygg er du digitalt?", True),
        ("mentor", "yes_no", "Har du vært mentor før?", False),
    ]
    assert Question.objects.filter(cohort=last_year).count() == 2  # the original is untouched


def test_standard_form_once(client, coordinator_cora, open_cohort):
    client.force_login(coordinator_cora.user)
    url = reverse("applications:form-create", args=[open_cohort.code])
    client.post(url, {"source": "default"})
    count = Question.objects.filter(cohort=open_cohort).count()
    response = client.post(url, {"source": "default"}, follow=True)
    assert Question.objects.filter(cohort=open_cohort).count() == count == 9
    assert [str(m) for m in response.context["messages"]] != []


def test_overview_lists_questions_per_role(client, coordinator_cora, open_cohort):
    create_default_form(cohort=open_cohort, by=None)
    client.force_login(coordinator_cora.user)
    response = client.get(reverse("applications:form-overview", args=[open_cohort.code]))
    roles = {role: len(questions) for role, _label, questions in response.context["roles"]}
    assert roles == {"mentee": 4, "mentor": 5}


def test_standard_form_asks_both_roles_when_they_can_meet(open_cohort):
    create_default_form(cohort=open_cohort, by=None)

    questions = Question.objects.filter(cohort=open_cohort, kind="availability")

    assert sorted(
        (q.role, q.matching_field, q.required, bool(q.help_text), bool(q.help_text_en))
        for q in questions
    ) == [
        ("mentee", "availability", False, True, True),
        ("mentor", "availability", False, True, True),
    ]
    assert "only to suggest pairs" in questions.first().help_text_en


@pytest.mark.parametrize("persona", ["mentee_anne", "contact_hege", "outsider_dag"])
def test_others_get_404(client, persona, request, open_cohort):
    client.force_login(request.getfixturevalue(persona).user)
    for name in ("form-overview", "form-create"):
        url = reverse(f"applications:{name}", args=[open_cohort.code])
        response = client.post(url, {"source": "default"}) if "create" in name else client.get(url)
        assert response.status_code == 404
    assert Question.objects.filter(cohort=open_cohort).count() == 0
