"""The matching settings page: weights 0–5 with explanations, rules, target, reminders."""

import pytest
from django.urls import reverse

from brobygger.core.models import ActivityLog

pytestmark = pytest.mark.django_db

VALID = {
    "weight_topics": "4",
    "weight_text": "1",
    "weight_values": "0.5",
    "weight_difference": "2",
    "weight_wishes": "0",
    "weight_availability": "1.5",
    "company_rule": "",
    "direction_rule": "",
    "min_gap_years": "12",
    "target_pairs": "8",
    "proposal_reminder_days": "4",
}


@pytest.fixture
def cora_client(client, coordinator_cora):
    client.force_login(coordinator_cora.user)
    client.cookies["django_language"] = "en"
    return client


def test_page_shows_labelled_weights_with_explanations_and_kind_defaults(
    cora_client, review_cohort
):
    response = cora_client.get(reverse("matching:settings", args=[review_cohort.code]))

    form = response.context["form"]
    labels = [str(f.label) for f in form.weight_fields()]
    assert labels == [
        "Topics",
        "Goals and strengths",
        "Work values",
        "Difference",
        "Wishes",
        "Availability",
    ]
    assert all(f.help_text for f in form.weight_fields())
    assert [f.initial for f in form.weight_fields()] == ["3", "1", "1", "1", "1", "1"]
    html = response.content.decode()
    assert "Default of the kind: Different companies (and corporate groups)" in html
    assert html.count("<h1>") == 1


def test_saving_settings_updates_the_cohort_and_logs(cora_client, review_cohort, coordinator_cora):
    cora_client.post(reverse("matching:settings", args=[review_cohort.code]), VALID)

    review_cohort.refresh_from_db()
    assert review_cohort.matching_weights == {
        "topics": 4.0,
        "text": 1.0,
        "values": 0.5,
        "difference": 2.0,
        "wishes": 0.0,
        "availability": 1.5,
    }
    assert (review_cohort.min_gap_years, review_cohort.target_pairs) == (12, 8)
    assert review_cohort.proposal_reminder_days == 4
    entry = ActivityLog.objects.get(action="matching.settings")
    assert (entry.actor, entry.data["after"]["target_pairs"]) == (coordinator_cora.user, 8)


def test_out_of_range_and_all_zero_weights_are_refused(cora_client, review_cohort):
    url = reverse("matching:settings", args=[review_cohort.code])
    response = cora_client.post(url, {**VALID, "weight_topics": "7"})
    assert response.context["form"].errors["weight_topics"] == [
        "Ensure this value is less than or equal to 5."
    ]
    zero = {**VALID, **{k: "0" for k in VALID if k.startswith("weight_")}}
    response = cora_client.post(url, zero)
    assert response.context["form"].non_field_errors() == [
        "At least one weight must be above 0, or every pair would score the same."
    ]
    review_cohort.refresh_from_db()
    assert review_cohort.matching_weights == {}


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("5.5", "Ensure this value is less than or equal to 5."),
        ("-1", "Ensure this value is greater than or equal to 0."),
        ("often", "Enter a number."),
        ("", "This field is required."),
    ],
)
def test_availability_weight_is_validated_like_the_others(cora_client, review_cohort, value, error):
    url = reverse("matching:settings", args=[review_cohort.code])

    response = cora_client.post(url, {**VALID, "weight_availability": value})

    assert response.context["form"].errors == {"weight_availability": [error]}
    review_cohort.refresh_from_db()
    assert review_cohort.matching_weights == {}


def test_availability_alone_is_enough_to_rank_pairs(cora_client, review_cohort):
    only_availability = {
        **VALID,
        **{k: "0" for k in VALID if k.startswith("weight_")},
        "weight_availability": "2",
    }

    cora_client.post(reverse("matching:settings", args=[review_cohort.code]), only_availability)

    review_cohort.refresh_from_db()
    assert review_cohort.matching_weights["availability"] == 2.0
