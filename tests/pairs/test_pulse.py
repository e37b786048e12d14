"""The private pulse: two questions to each member one and three months in. A low answer
raises "call her" for the coordinator, with her name and never the answers."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from brobygger.core.models import ActivityLog
from brobygger.core.privacy_registry import providers
from brobygger.pairs.models import PulseAnswer
from brobygger.pairs.rules import add_months, pulse_opens_at
from brobygger.pairs.selectors.health import pair_health, pairs_in_cohort
from brobygger.pairs.services.pulse import answer_pulse
from brobygger.pairs.services.reminders import send_due_reminders
from tests.pairs.helpers import make_pair, other_people

QUESTIONS = ("Is this useful for you?", "Do you feel safe to speak up?")


def _at(pair, point=1, *, after=dt.timedelta(days=1)):
    return time_machine.travel(pulse_opens_at(pair, point) + after, tick=False)


def _url(pair, point=1):
    return reverse("pairs:pulse", args=[pair.code, point])


def test_months_are_calendar_months():
    start = dt.datetime(2027, 1, 31, 9, tzinfo=dt.UTC)
    assert [add_months(start, n).date() for n in (1, 3, 12)] == [
        dt.date(2027, 2, 28),
        dt.date(2027, 4, 30),
        dt.date(2028, 1, 31),
    ]


def test_the_card_shows_while_due_and_the_answer_is_saved(en, pair, mentee_anne):
    en.force_login(mentee_anne.user)
    before = en.get(reverse("pairs:pair-detail", args=[pair.code]))
    assert before.context["pulses"] == []
    with _at(pair):
        en.force_login(mentee_anne.user)
        page = en.get(reverse("pairs:pair-detail", args=[pair.code]))
        assert [p.point for p in page.context["pulses"]] == [1]
        assert _url(pair).encode() in page.content
        response = en.post(_url(pair), {"useful": "4", "safe": "5"}, follow=True)
        assert [str(m) for m in response.context["messages"]] == ["Thank you for answering."]
        assert response.context["pulses"] == []
    assert list(PulseAnswer.objects.values_list("person", "point", "useful", "safe")) == [
        (mentee_anne.pk, 1, 4, 5)
    ]
    assert list(
        ActivityLog.objects.filter(action="pair.pulse.answer").values_list("data", flat=True)
    ) == [{"point": 1, "flag": False}]  # never the answers


def test_the_card_is_gone_after_four_weeks(en, pair, mentee_anne):
    with _at(pair, after=dt.timedelta(weeks=4, hours=1)):
        en.force_login(mentee_anne.user)
        page = en.get(reverse("pairs:pair-detail", args=[pair.code]))
    assert page.context["pulses"] == []


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"useful": "7", "safe": "3"}, {"useful": ["Choose a number from 1 to 5."]}),
        (
            {"useful": "0", "safe": "6"},
            {
                "useful": ["Choose a number from 1 to 5."],
                "safe": ["Choose a number from 1 to 5."],
            },
        ),
        ({"useful": "3"}, {"safe": ["This field is required."]}),
    ],
)
def test_a_rating_outside_one_to_five_changes_nothing(en, pair, mentee_anne, data, errors):
    with _at(pair):
        en.force_login(mentee_anne.user)
        response = en.post(_url(pair), data)
    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert PulseAnswer.objects.count() == 0


def test_the_service_refuses_out_of_range_too(pair, mentee_anne):
    with _at(pair), pytest.raises(ValidationError) as error:
        answer_pulse(pair=pair, by=mentee_anne, point=1, useful=9, safe=3)
    assert error.value.message_dict == {"useful": ["Velg et tall fra 1 til 5."]}
    assert PulseAnswer.objects.count() == 0


def test_answering_twice_changes_nothing(en, pair, mentee_anne):
    with _at(pair):
        en.force_login(mentee_anne.user)
        en.post(_url(pair), {"useful": "4", "safe": "4"})
        page = en.get(_url(pair))
        assert page.context["answered"] is True
        assert b"You have already answered this pulse." in page.content
        response = en.post(_url(pair), {"useful": "1", "safe": "1"})
    assert response.context["form"].non_field_errors() == [
        "You have already answered this pulse. Thank you!"
    ]
    assert list(PulseAnswer.objects.values_list("useful", "safe")) == [(4, 4)]


def test_three_months_is_a_second_pulse(pair, mentee_anne):
    with _at(pair, 1):
        answer_pulse(pair=pair, by=mentee_anne, point=1, useful=4, safe=4)
    with _at(pair, 3):
        answer_pulse(pair=pair, by=mentee_anne, point=3, useful=3, safe=5)
    assert list(PulseAnswer.objects.order_by("point").values_list("point", flat=True)) == [1, 3]


def test_not_before_it_opens(en, pair, mentee_anne):
    en.force_login(mentee_anne.user)
    response = en.post(_url(pair, 3), {"useful": "4", "safe": "4"})
    assert response.context["form"].non_field_errors()[0].startswith("This pulse opens on ")
    assert PulseAnswer.objects.count() == 0


def test_another_persons_pulse_link_is_404(
    client, pair, outsider_dag, coordinator_cora, contact_hege, cohort
):
    other = make_pair(cohort, *other_people("eva"))
    with _at(pair):
        for person in (outsider_dag, coordinator_cora, contact_hege, other.mentee):
            client.force_login(person.user)
            assert client.get(_url(pair)).status_code == 404
            assert client.post(_url(pair), {"useful": "1", "safe": "1"}).status_code == 404
        client.force_login(pair.mentee.user)
        assert client.get(_url(other)).status_code == 404
        assert client.get(_url(pair, 2)).status_code == 404  # no such pulse
    assert PulseAnswer.objects.count() == 0


def test_a_low_answer_asks_the_coordinator_to_call_without_the_answers(
    en, pair, mentee_anne, mentor_bo, coordinator_cora, cohort
):
    with _at(pair):
        answer_pulse(pair=pair, by=mentee_anne, point=1, useful=5, safe=1)
        answer_pulse(pair=pair, by=mentor_bo, point=1, useful=3, safe=4)
        en.force_login(coordinator_cora.user)
        page = en.get(reverse("pairs:health", args=[cohort.code]))
    (row,) = page.context["rows"]
    assert [(c.name, c.point) for c in row.calls] == [("Anne Aas", 1)]
    assert row.risks == ["Call Anne Aas: her pulse (after one month) asks for a call"]
    html = page.content.decode()
    assert "Call Anne Aas: her pulse (after one month) asks for a call" in html
    assert "I have called Anne Aas" in html
    for question in QUESTIONS:
        assert question not in html
    assert "Bo Berg: her pulse" not in html.replace("Call Bo", "")


def test_marking_called_takes_the_flag_down(en, pair, mentee_anne, coordinator_cora, cohort):
    with _at(pair):
        answer = answer_pulse(pair=pair, by=mentee_anne, point=1, useful=2, safe=4)
    en.force_login(coordinator_cora.user)
    url = reverse("pairs:pulse-followed-up", args=[cohort.code, answer.code])
    response = en.post(url, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Marked as called. Thank you for following up."
    ]
    (row,) = pair_health(pairs_in_cohort(cohort))
    assert row.calls == []
    assert ActivityLog.objects.filter(action="pair.pulse.followed_up").count() == 1


def test_others_cannot_mark_it_called(client, pair, mentee_anne, outsider_dag, mentor_bo, cohort):
    with _at(pair):
        answer = answer_pulse(pair=pair, by=mentee_anne, point=1, useful=1, safe=1)
    url = reverse("pairs:pulse-followed-up", args=[cohort.code, answer.code])
    for person in (outsider_dag, mentor_bo, mentee_anne):
        client.force_login(person.user)
        assert client.post(url).status_code == 404
    answer.refresh_from_db()
    assert answer.followed_up_at is None


def test_the_partner_never_sees_it(en, pair, mentee_anne, mentor_bo):
    with _at(pair):
        answer_pulse(pair=pair, by=mentee_anne, point=1, useful=1, safe=1)
        en.force_login(mentor_bo.user)
        page = en.get(reverse("pairs:pair-detail", args=[pair.code]))
    html = page.content.decode()
    assert "Call Anne" not in html
    assert [p.point for p in page.context["pulses"]] == [1]  # her own pulse only


def test_the_job_emails_each_member_once_in_her_language(
    pair, mentee_anne, mentor_bo, django_capture_on_commit_callbacks
):
    mentor_bo.user.language = "en"
    mentor_bo.user.save()
    opens = pulse_opens_at(pair, 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(now=opens - dt.timedelta(minutes=1))["pulse"] == 0
        assert send_due_reminders(now=opens + dt.timedelta(minutes=5))["pulse"] == 2
        assert send_due_reminders(now=opens + dt.timedelta(hours=1))["pulse"] == 0
    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == ["anne@a.example", "bo@b.example"]
    assert by_address["bo@b.example"].subject == "Two short questions: how is it going?"
    assert by_address["anne@a.example"].subject == "To korte spørsmål: hvordan går det?"
    assert "You have been in your pair for a month now." in by_address["bo@b.example"].body
    assert _url(pair) in by_address["bo@b.example"].body


def test_the_job_skips_whoever_answered(pair, mentee_anne, django_capture_on_commit_callbacks):
    opens = pulse_opens_at(pair, 3)
    with time_machine.travel(opens + dt.timedelta(minutes=1), tick=False):
        answer_pulse(pair=pair, by=mentee_anne, point=3, useful=4, safe=4)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(now=opens + dt.timedelta(minutes=5))["pulse"] == 1
    pulses = [m.to[0] for m in mail.outbox if m.subject == "To korte spørsmål: hvordan går det?"]
    assert pulses == ["bo@b.example"]


def test_her_export_holds_her_own_answers_and_erasure_deletes_them(pair, mentee_anne, mentor_bo):
    with _at(pair):
        answer_pulse(pair=pair, by=mentee_anne, point=1, useful=2, safe=3)
        answer_pulse(pair=pair, by=mentor_bo, point=1, useful=5, safe=5)
    provider = next(p for p in providers() if p.app_label == "pairs")
    rows = provider.export(mentee_anne)["pairs.PulseAnswer"]
    assert [(r["point"], r["useful"], r["safe"]) for r in rows] == [(1, 2, 3)]
    assert provider.erase(mentee_anne)["pairs.PulseAnswer"] == 1
    assert list(PulseAnswer.objects.values_list("person", flat=True)) == [mentor_bo.pk]


def test_my_pairs_shows_the_due_pulse(en, pair, mentee_anne):
    with _at(pair):
        en.force_login(mentee_anne.user)
        page = en.get(reverse("pairs:mine"))
    assert [(p.code, [d.point for d in due]) for p, due in page.context["rows"]] == [
        (pair.code, [1])
    ]
    assert _url(pair).encode() in page.content


def test_the_pulse_pages_have_one_h1_labels_and_no_inline_style(en, pair, mentee_anne):
    with _at(pair):
        en.force_login(mentee_anne.user)
        pages = [
            en.get(url).content.decode()
            for url in (_url(pair), reverse("pairs:pair-detail", args=[pair.code]))
        ]
    for html in pages:
        assert (html.count("<h1"), " style=" in html, "<script>" in html) == (1, False, False)
    assert pages[0].count("<legend") == 2  # each question names its radio group
