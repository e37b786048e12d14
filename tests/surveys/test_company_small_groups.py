"""A company contact knows her colleagues by name, so every figure she gets, on the page, in
the CSV and through the API, is 0 or at least three, none can be worked out by subtracting
two others, and two reads at different times cannot be subtracted to give one answer away
(docs/privacy.md, *Small groups*).

Companies of 1, 2, 3 and 4 participants, with every figure type: accepted applications,
people matched, agreements signed, gathering invitations, replies and attendance, survey
invitations, answers and means.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from brobygger.people.services import create_api_token
from brobygger.programs.selectors import apply_roles
from brobygger.surveys.models import Survey
from brobygger.surveys.services import update_survey
from tests.factories import ApplicationFactory
from tests.pairs.helpers import gathering
from tests.surveys.conftest import make_pair, open_survey, person_at
from tests.surveys.helpers import answer, close, publish, rate_goal, sign_agreement

H = "hidden"
QUESTION = "I am willing to change the way I work and think."
GATHERING = "Oppstart"


def _bearer(person):
    _token, secret = create_api_token(user=person.user, name="Test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _plant(cohort, company, k, other_company, third_company, coordinator, *, signed=None):
    """``k`` mentees of ``company`` in pairs (mentors from elsewhere) and three pairs of other
    companies; ``signed`` of hers sign their agreement (all by default); everyone is invited
    to the kickoff, says yes and comes; the closing survey is answered by all and closed.
    And what must never count: her colleagues' rejected, undecided, withdrawn and
    not-yet-told applications."""
    mine = [make_pair(cohort, person_at(company), person_at(other_company)) for _ in range(k)]
    others = [
        make_pair(cohort, person_at(third_company), person_at(other_company)) for _ in range(3)
    ]
    for pair in mine[: k if signed is None else signed] + others:
        sign_agreement(pair)
    for decision, status, released in (
        ("rejected", "submitted", True),
        ("pending", "submitted", False),
        ("accepted", "withdrawn", True),
        ("accepted", "submitted", False),  # accepted, but she has not been told yet
    ):
        ApplicationFactory(
            cohort=cohort,
            person=person_at(company),
            role="mentee",
            decision=decision,
            status=status,
            withdrawn_at=timezone.now() if status == "withdrawn" else None,
            decision_released_at=timezone.now() if released else None,
        )
    kickoff = gathering([cohort], days=-30, title=GATHERING)
    from brobygger.gatherings.models import Invitation

    for pair in mine + others:
        for person in (pair.mentee, pair.mentor):
            Invitation.objects.create(
                gathering=kickoff, person=person, response="yes", attended=True
            )
    survey = open_survey(cohort, "closing", "mentee", coordinator.user)
    for i, pair in enumerate(mine + others):
        answer(survey, pair.mentee, change_readiness=(5, 1, 4, 2, 3, 5, 1)[i % 7])
    close(survey)
    return survey


def _expected(k):
    shown = k if k >= 3 else H
    return {
        ("accepted", "mentee"): shown,
        ("accepted", "mentor"): 0,
        ("matched", "mentee"): shown,
        ("matched", "mentor"): 0,
        ("signed", "mentee"): shown,
        ("signed", "mentor"): 0,
        ("gathering", "invited"): shown,
        ("gathering", "said_yes"): shown,
        ("gathering", "attended"): shown,
        ("survey", "invited"): shown,
        ("survey", "answered"): shown,
        ("question", "n"): shown,
    }


# -- reading the three channels the same way -------------------------------------------------
def _cell(text):
    text = re.sub(r"<[^>]+>", "", text).strip()
    return H if text == H else int(text)


def _from_page(html):
    found = {}
    funnel = html[html.index('id="funnel-heading"') : html.index('id="attendance-heading"')]
    for key, label in (
        ("accepted", "Accepted"),
        ("matched", "Matched"),
        ("signed", "Agreement signed"),
    ):
        mentee, mentor = re.search(
            rf'<th scope="row">{label}</th>\s*<td>(.*?)</td><td>(.*?)</td>', funnel
        ).groups()
        found[(key, "mentee")], found[(key, "mentor")] = _cell(mentee), _cell(mentor)
    cells = r"<td>(.*?)</td>" * 3
    row = re.search(rf'<th scope="row">{GATHERING}</th><td>[^<]*</td>{cells}', html).groups()
    for name, cell in zip(("invited", "said_yes", "attended"), row, strict=True):
        found[("gathering", name)] = _cell(cell)
    invited, answered = re.search(
        r'<th scope="row">Closing survey · Mentee</th><td>(.*?)</td><td>(.*?)</td>', html
    ).groups()
    found[("survey", "invited")], found[("survey", "answered")] = _cell(invited), _cell(answered)
    question = html[html.index(f"<h3>{QUESTION}</h3>") :]
    question = question[: question.index("</div>")]
    n = re.search(r"(\d+) answers; mean", question)
    found[("question", "n")] = int(n.group(1)) if n else H
    return found


def _from_csv(content, roles):
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=","))  # English
    return _from_rows(rows, roles)


def _from_xlsx(content, roles):
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    rows = [["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    return _from_rows(rows, roles)


def _from_rows(rows, roles):
    found = {}
    for section, group, measure, n, value, _low, _high, note in rows[1:]:
        hidden = note.startswith("hidden")
        if section == "Funnel":
            key = {"Accepted": "accepted", "Matched": "matched", "Agreement signed": "signed"}
            if measure in key:
                role = roles[group]
                found[(key[measure], role)] = H if hidden and not value else int(value)
        elif section == "Gathering attendance":
            name = {"Invited": "invited", "Said yes": "said_yes", "Attended": "attended"}[measure]
            found[("gathering", name)] = H if hidden else int(value)
        elif section == "Response rates":
            found[("survey", "invited")] = int(n) if n else H
            found[("survey", "answered")] = int(value) if value else H
        elif section == "Survey answers" and measure == QUESTION:
            found[("question", "n")] = int(n) if value else H
    return found


def _from_api(body):
    found = {}
    for step in body["funnel"]:
        for role in ("mentee", "mentor"):
            found[(step["key"], role)] = H if role in step["hidden"] else step[role]
    [row] = body["attendance"]
    for name in ("invited", "said_yes", "attended"):
        found[("gathering", name)] = H if name in row["hidden"] else row[name]
    [rates] = body["response_rates"]
    for name in ("invited", "answered"):
        found[("survey", name)] = H if name in rates["hidden"] else rates[name]
    [survey] = body["surveys"]
    [question] = [q for q in survey["questions"] if q["key"] == "change_readiness"]
    found[("question", "n")] = H if question["n"] is None else question["n"]
    return found


@pytest.mark.parametrize("k", [1, 2, 3, 4])
def test_a_company_of_k_participants_sees_no_group_of_one_or_two_anywhere(
    client, k, running_cohort, contact_hege, company_a, company_b, company_c, coordinator_cora
):
    _plant(running_cohort, company_a, k, company_b, company_c, coordinator_cora)
    code = running_cohort.code
    client.force_login(contact_hege.user)

    html = client.get(reverse("surveys:company-report", args=[code])).content.decode()
    exported = client.get(reverse("surveys:company-report-export", args=[code, "csv"])).content
    client.logout()
    body = client.get(f"/api/v1/company/reports/{code}", **_bearer(contact_hege)).json()

    expected = _expected(k)
    assert _from_page(html) == expected
    with translation.override("en"):
        roles = {label: role for role, label in apply_roles(running_cohort)}
    assert _from_csv(exported, roles) == expected
    assert {key: v for key, v in _from_api(body).items() if key in expected} == expected
    # Never an application that was not accepted and told: no "applications" step at all,
    # and no total beside the roles (the total minus one role would give the other away).
    assert [s["key"] for s in body["funnel"]] == [
        "accepted",
        "matched",
        "signed",
        "active_mid",
        "completed",
    ]
    assert {s["total"] for s in body["funnel"]} == {None}
    assert "Applications" not in html
    [question] = [q for q in body["surveys"][0]["questions"] if q["key"] == "change_readiness"]
    if k < 3:
        assert (question["mean"], question["reason"]) == (None, "hidden_small_group")
        assert "answers; mean" not in html
    else:
        assert question["mean"]["n"] == k


@pytest.mark.parametrize("k", [1, 2])
def test_a_company_of_one_or_two_the_excel_and_norwegian_csv_files_hide_what_the_page_hides(
    client, k, running_cohort, contact_hege, company_a, company_b, company_c, coordinator_cora
):
    """The same hidden figures in every file: the English XLSX read like the CSV, and the
    Norwegian CSV (``;``, decimal comma) cell for cell the same numbers and notes."""
    _plant(running_cohort, company_a, k, company_b, company_c, coordinator_cora)
    url = reverse("surveys:company-report-export", args=[running_cohort.code, "xlsx"])
    client.force_login(contact_hege.user)
    xlsx = client.get(url).content
    with translation.override("en"):
        roles = {label: role for role, label in apply_roles(running_cohort)}
    assert _from_xlsx(xlsx, roles) == _expected(k)

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    nb = client.get(url.removesuffix("xlsx") + "csv").content.decode("utf-8-sig")
    nb_rows = list(csv.reader(io.StringIO(nb), delimiter=";"))
    en_rows = list(load_workbook(io.BytesIO(xlsx)).worksheets[0].iter_rows(values_only=True))
    assert nb_rows[0][:4] == ["Del", "Gruppe", "Indikator", "Antall"]

    def numbers(row):
        return [None if c in ("", None) else Decimal(str(c).replace(",", ".")) for c in row[3:7]]

    assert [numbers(r) for r in nb_rows[1:]] == [numbers(r) for r in en_rows[1:]]
    assert [bool(r[7]) for r in nb_rows[1:]] == [bool(r[7]) for r in en_rows[1:]]
    hidden = [r for r in nb_rows[1:] if r[4] == "" and r[7]]
    assert len(hidden) >= 9  # every hidden count of _expected(k) has a note, in Norwegian


def test_the_coordinator_still_sees_every_count(
    client, running_cohort, company_a, company_b, company_c, coordinator_cora
):
    _plant(running_cohort, company_a, 1, company_b, company_c, coordinator_cora)
    client.force_login(coordinator_cora.user)
    body = client.get(
        f"/api/v1/cohorts/{running_cohort.code}/report", **_bearer(coordinator_cora)
    ).json()
    funnel = {s["key"]: (s["mentee"], s["mentor"], s["hidden"]) for s in body["funnel"]}
    # 1 + 3 pairs' applications and her four colleagues' other ones
    assert funnel["applications"] == (8, 4, [])
    assert funnel["signed"] == (4, 4, [])


@pytest.mark.parametrize(
    ("signed", "attended", "expected_signed", "expected_attended"),
    [(4, 4, 4, 4), (3, 4, H, 4), (0, 3, 0, H), (4, 1, 4, H)],
)
def test_a_count_one_or_two_short_of_another_is_hidden_too(
    client,
    signed,
    attended,
    expected_signed,
    expected_attended,
    running_cohort,
    contact_hege,
    company_a,
    company_b,
    company_c,
    coordinator_cora,
):
    """Four colleagues matched and three signed: "4 − 3" would name the one who has not."""
    _plant(running_cohort, company_a, 4, company_b, company_c, coordinator_cora, signed=signed)
    from brobygger.gatherings.models import Invitation

    mine = Invitation.objects.filter(person__company=company_a).order_by("pk")
    Invitation.objects.filter(pk__in=[i.pk for i in mine[attended:]]).update(attended=False)
    body = client.get(
        f"/api/v1/company/reports/{running_cohort.code}", **_bearer(contact_hege)
    ).json()
    found = _from_api(body)
    assert (found[("signed", "mentee")], found[("gathering", "attended")]) == (
        expected_signed,
        expected_attended,
    )
    assert (found[("matched", "mentee")], found[("gathering", "invited")]) == (4, 4)


@pytest.mark.parametrize("audience", ["company", "coordinator"])
def test_two_reads_around_one_more_answer_give_nothing_away(
    client, audience, running_cohort, contact_hege, company_a, company_b, coordinator_cora
):
    """n 4 → 5: 5 × mean₅ − 4 × mean₄ would be what the fifth one answered. Figures are
    published once, when the survey has closed, and never change after."""
    colleagues = [
        make_pair(running_cohort, person_at(company_a), person_at(company_b)).mentee
        for _ in range(6)
    ]
    survey = open_survey(running_cohort, "closing", "mentee", coordinator_cora.user)
    reader, url = (
        (contact_hege, f"/api/v1/company/reports/{running_cohort.code}")
        if audience == "company"
        else (coordinator_cora, f"/api/v1/cohorts/{running_cohort.code}/report")
    )
    headers = _bearer(reader)

    def question():
        body = client.get(url, **headers).json()
        [q] = [q for q in body["surveys"][0]["questions"] if q["key"] == "change_readiness"]
        return q["n"], q["mean"]

    for person, value in zip(colleagues[:4], (4, 4, 5, 3), strict=True):
        answer(survey, person, change_readiness=value)
    first = question()
    answer(survey, colleagues[4], change_readiness=1)
    second = question()
    assert first == second == (None, None)  # open: nothing published, nothing to subtract

    close(survey)
    published = question()
    assert published[0] == 5
    assert published[1]["mean"] == pytest.approx(3.4)

    # Opened again by hand and one more answer: the published figures do not move.
    Survey.objects.filter(pk=survey.pk).update(closes_on=timezone.localdate())
    survey.refresh_from_db()
    answer(survey, colleagues[5], change_readiness=5)
    close(survey)
    assert question() == published


def test_a_published_survey_cannot_open_again(running_cohort, coordinator_cora, pairs):
    survey = open_survey(running_cohort, "closing", "mentee", coordinator_cora.user)
    publish(running_cohort, survey)
    closes_on = survey.closes_on
    with pytest.raises(ValidationError) as error:
        update_survey(
            survey=survey,
            data={"closes_on": timezone.localdate() + dt.timedelta(days=7)},
            by=coordinator_cora.user,
        )
    assert error.value.message_dict == {
        "closes_on": [
            "This survey's results have been published; it cannot open again. "
            "Keep a closing date in the past."
        ]
    }
    survey.refresh_from_db()
    assert survey.closes_on == closes_on


def test_a_company_sees_nothing_of_a_survey_before_it_closes(
    client, running_cohort, contact_hege, company_a, company_b, company_c, coordinator_cora
):
    survey = _plant(running_cohort, company_a, 4, company_b, company_c, coordinator_cora)
    Survey.objects.filter(pk=survey.pk).update(closes_on=timezone.localdate())
    client.force_login(contact_hege.user)
    html = client.get(reverse("surveys:company-report", args=[running_cohort.code])).content
    html = html.decode()
    assert "The results are shown when the survey has closed" in html
    assert "answers; mean" not in html
    from brobygger.surveys.models import PublishedResult

    assert not PublishedResult.objects.exists()


def test_her_goal_change_is_published_when_the_year_closes_and_then_stays(
    client, running_cohort, contact_hege, company_a, company_b, company_c, coordinator_cora
):
    mine = [make_pair(running_cohort, person_at(company_a), person_at(company_b)) for _ in range(3)]
    for pair, (start, end) in zip(mine, ((2, 6), (4, 5), (5, 5)), strict=True):
        rate_goal(pair, 1, start, end)
    url = f"/api/v1/company/reports/{running_cohort.code}"
    headers = _bearer(contact_hege)
    running = client.get(url, **headers).json()
    assert (running["goal_change_published"], running["goal_change"]) == (False, None)

    running_cohort.status = "closed"
    running_cohort.save()
    closed = client.get(url, **headers).json()
    mentee, mentor, overall = closed["goal_change"]
    assert (mentee["change"]["n"], mentee["change"]["mean"]) == (3, pytest.approx(5 / 3, abs=1e-3))
    assert mentee["share_hidden"] is True  # two improved, one not: a group of one
    assert mentee["change"]["share_improved"] is None
    assert (mentor["change"]["n"], overall["change"]["n"]) == (0, 3)

    rate_goal(mine[0], 2, 1, 10)  # a late rating changes nothing published
    assert client.get(url, **headers).json()["goal_change"] == closed["goal_change"]
