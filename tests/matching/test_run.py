"""Running the engine from the matching page: runs kept, status moves, clear messages."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from brobygger.core.models import ActivityLog
from brobygger.matching.models import MatchRun
from brobygger.matching.reasons import reason_text
from brobygger.matching.selectors.runs import proposal_view

pytestmark = pytest.mark.django_db


@pytest.fixture
def cora_client(client, coordinator_cora):
    client.force_login(coordinator_cora.user)
    client.cookies["django_language"] = "en"
    return client


def _run(client, cohort):
    return client.post(reverse("matching:run-create", args=[cohort.code]), follow=True)


def test_first_run_pairs_everyone_and_moves_the_cohort_to_matching(
    cora_client, review_cohort, cohort_people, coordinator_cora
):
    response = _run(cora_client, review_cohort)

    run = MatchRun.objects.get()
    review_cohort.refresh_from_db()
    view = proposal_view(run)
    assert (run.status, run.run_by, run.people) == ("done", coordinator_cora.user, 8)
    assert review_cohort.status == "matching"
    assert len(view.pairs) == 4
    assert all(p.mentee.person.company != p.mentor.person.company for p in view.pairs)
    assert run.settings["rules"]["min_gap_years"] == 10
    assert ActivityLog.objects.filter(action="matching.run").count() == 1
    html = response.content.decode()
    assert "Anne Aas" in html
    assert html.count('class="match-pair') == 4
    assert html.count('<meter class="score-bar"') == 4


def test_a_run_is_reproducible_from_its_snapshot(cora_client, review_cohort, cohort_people):
    from brobygger.matching.engine import load_instance, solve

    _run(cora_client, review_cohort)
    run = MatchRun.objects.get()

    again = solve(load_instance(run.instance)).to_dict(timings=False)
    stored = {k: v for k, v in run.result.items() if k != "timings_ms"}
    assert again == stored


def test_no_accepted_mentors_gives_a_clear_message_and_no_run(
    cora_client, review_cohort, cohort_people
):
    for name in ("bo", "ola", "siri", "tor"):
        cohort_people[name].decision = "rejected"
        cohort_people[name].save()

    response = _run(cora_client, review_cohort)

    assert MatchRun.objects.count() == 0
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "There are no accepted mentor (the younger) applicants yet: accept applications first."
    ]


def test_settings_that_exclude_everyone_say_which_rule_and_how_many(
    cora_client, review_cohort, cohort_people
):
    review_cohort.min_gap_years = 60
    review_cohort.save()

    response = _run(cora_client, review_cohort)

    view = response.context["view"]
    assert view.pairs == []
    assert view.rule_summaries == [
        "The age or experience gap rule: the reason for 8 of the 8 people without a partner."
    ]
    html = response.content.decode()
    assert "No pairs could be formed." in html
    assert "is less than 60 years younger" in html


def test_reasons_are_translated_from_code_and_params_not_the_engines_english(
    cora_client, review_cohort, cohort_people
):
    review_cohort.min_gap_years = 60
    review_cohort.save()
    cora_client.cookies["django_language"] = "nb"

    response = _run(cora_client, review_cohort)

    run = MatchRun.objects.get()
    engine_messages = {u["message"] for u in run.result["unmatched"]}
    reasons = [u.reason for u in response.context["view"].unmatched]
    html = response.content.decode()
    assert len(reasons) == 8
    assert all("(den yngre)" in r or "(senior)" in r for r in reasons)
    assert not any(message in html for message in engine_messages)


def test_run_in_an_open_cohort_is_refused(cora_client, open_cohort):
    response = _run(cora_client, open_cohort)

    assert MatchRun.objects.count() == 0
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("Matching can run when applications are closed and reviewed")


def test_large_run_goes_to_the_background_and_the_status_partial_reloads(
    cora_client, review_cohort, cohort_people, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("brobygger.matching.services.runs.LARGE_RUN_PEOPLE", 3)

    with django_capture_on_commit_callbacks() as callbacks:
        cora_client.post(reverse("matching:run-create", args=[review_cohort.code]))
    run = MatchRun.objects.get()
    assert run.status == "queued"  # nothing runs before the commit
    for callback in callbacks:  # the commit: the task is enqueued (the immediate backend runs it)
        callback()
    run.refresh_from_db()
    assert run.status == "done"
    response = cora_client.get(reverse("matching:run-status", args=[run.code]))
    assert response["HX-Refresh"] == "true"
    assert "Done" in response.content.decode()


def test_queued_run_status_polls_with_htmx(cora_client, review_cohort, cohort_people):
    run = MatchRun.objects.create(cohort=review_cohort, fingerprint="x", people=900)

    page = cora_client.get(reverse("matching:cohort", args=[review_cohort.code])).content.decode()
    partial = cora_client.get(reverse("matching:run-status", args=[run.code]))

    status_url = reverse("matching:run-status", args=[run.code])
    assert f'hx-get="{status_url}" hx-trigger="every 2s"' in page
    assert "HX-Refresh" not in partial
    assert partial.content.decode().strip().startswith('<div id="run-status"')


def test_the_engine_instance_can_be_downloaded(cora_client, review_cohort, cohort_people):
    _run(cora_client, review_cohort)
    run = MatchRun.objects.get()

    response = cora_client.get(reverse("matching:run-download", args=[run.code, "instance"]))

    assert response["Content-Disposition"] == (
        f'attachment; filename="matching-{run.code}-instance.json"'
    )
    assert json.loads(response.content) == run.instance
    from brobygger.core.models import ActivityLog

    log = ActivityLog.objects.get(action="matching.download_instance")
    assert (log.target_id, log.data) == (
        str(review_cohort.pk),
        {"run": str(run.code), "sensitive_questions": []},
    )


@pytest.mark.parametrize(
    ("code", "eligible", "expected"),
    [
        ("capacity_full", 1, "den eneste som passer som toppleder, er allerede tatt"),
        ("capacity_full", 3, "alle som passer som toppleder (3 i alt), er allerede tatt"),
        ("outcompeted", 1, "den eneste som passer som talent, ble satt sammen med en annen"),
    ],
)
def test_taken_reasons_name_the_kind_and_count_in_norwegian(code, eligible, expected):
    with translation.override("nb"):
        assert reason_text("shadowing", code, {"eligible": eligible}) == expected


def test_taken_reasons_in_english():
    with translation.override("en"):
        assert reason_text("reverse", "outcompeted", {"eligible": 2}) == (
            "every mentee (the senior) who fits (2 in all) was paired with someone else"
        )
