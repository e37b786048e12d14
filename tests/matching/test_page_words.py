"""The matching page says what fits its state (before a run, after one), gives one count of
the people without a partner, and the settings page shows weights as she wrote them and a
help text from the data, not a hard-coded sentence."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from brobygger.matching.reasons import rule_summary
from tests.factories import CohortFactory, PersonFactory
from tests.pairs.helpers import make_pair

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 1, 20, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def cora_client(client, coordinator_cora):
    client.force_login(coordinator_cora.user)
    client.cookies["django_language"] = "en"
    return client


def _page(client, cohort):
    return client.get(reverse("matching:cohort", args=[cohort.code])).content.decode()


def test_before_a_run_the_cards_say_to_run_the_matching_first(
    cora_client, review_cohort, cohort_people
):
    html = _page(cora_client, review_cohort)
    assert "Lock or forbid pairs in the list above" not in html
    assert "None yet. When the matching has run, you can lock or forbid its proposed pairs." in html
    assert (
        "Nothing to send yet. Run the matching first: you send its proposed pairs as "
        "proposals from here." in html
    )


def test_after_a_run_the_summary_and_the_heading_give_one_count(
    cora_client, review_cohort, cohort_people
):
    review_cohort.min_gap_years = 60
    review_cohort.save()
    cora_client.post(reverse("matching:run-create", args=[review_cohort.code]))
    html = _page(cora_client, review_cohort)
    assert (
        "The age or experience gap rule: the reason for 8 of the 8 people without a partner."
        in html
    )
    assert "8 people without a partner</h3>" in html
    assert "The run formed no pairs, so there is nothing to propose." in html


def test_the_rule_summary_counts_against_everyone_without_a_partner():
    with translation.override("en"):
        assert rule_summary("company", 1, 2) == (
            "The company rule: the reason for 1 of the 2 people without a partner."
        )
        assert rule_summary("forbidden", 1, 1) == (
            "Forbidden pairs: the reason the one person without a partner has none."
        )
    with translation.override("nb"):
        assert rule_summary("company", 1, 2) == (
            "Virksomhetsregelen: årsaken for 1 av de 2 personene uten partner."
        )


def test_settings_show_weights_without_a_pointless_decimal_and_no_hard_coded_year(
    cora_client, review_cohort
):
    url = reverse("matching:settings", args=[review_cohort.code])
    html = cora_client.get(url).content.decode()
    assert 'name="weight_topics" value="3"' in html
    assert "Last year the network ran" not in html
    form = cora_client.get(url).context["form"]
    assert form.fields["target_pairs"].help_text == "Empty: as many pairs as possible."
    setup = reverse("coordination:cohort-edit", args=[review_cohort.code])
    assert f'<a href="{setup}">set-up page</a>' in html


def test_the_target_help_gives_last_years_pair_count(
    cora_client, reverse_initiative, review_cohort, mentee_anne, mentor_bo
):
    last_year = CohortFactory(
        initiative=reverse_initiative,
        title="2026",
        status="closed",
        kickoff_on=review_cohort.kickoff_on - dt.timedelta(days=365),
    )
    make_pair(last_year, mentee_anne, mentor_bo)
    make_pair(last_year, PersonFactory(), PersonFactory())
    url = reverse("matching:settings", args=[review_cohort.code])
    form = cora_client.get(url).context["form"]
    assert form.fields["target_pairs"].help_text == (
        "Empty: as many pairs as possible. 2026 had 2 pairs."
    )


def test_the_proposal_preview_writes_the_role_in_lower_case_mid_sentence(
    client, coordinator_cora, review_cohort, cohort_people
):
    client.force_login(coordinator_cora.user)
    client.cookies["django_language"] = "en"
    client.post(reverse("matching:run-create", args=[review_cohort.code]))
    client.cookies["django_language"] = "nb"
    html = client.get(reverse("matching:proposal-send", args=[review_cohort.code])).content.decode()
    assert "Bare mentee (senior) får e-post nå" in html


def test_changing_a_matching_setting_on_the_set_up_page_makes_the_latest_run_stale(
    cora_client, review_cohort, cohort_people, coordinator_cora
):
    from brobygger.coordination.services import save_programme_year
    from brobygger.matching.models import MatchRun
    from brobygger.matching.selectors.instance import matching_weights
    from brobygger.matching.selectors.runs import is_stale
    from brobygger.programs.models import Cohort

    cora_client.post(reverse("matching:run-create", args=[review_cohort.code]))
    run = MatchRun.objects.get()
    cohort = Cohort.objects.get(pk=review_cohort.pk)
    cohort.title = "2027 (ny tittel)"  # not something the matching reads
    save_programme_year(cohort=cohort, weights=matching_weights(cohort), by=coordinator_cora.user)
    assert is_stale(MatchRun.objects.get(pk=run.pk)) is False

    weights = {**matching_weights(cohort), "topics": 5.0}
    save_programme_year(cohort=cohort, weights=weights, by=coordinator_cora.user)
    assert is_stale(MatchRun.objects.get(pk=run.pk)) is True
