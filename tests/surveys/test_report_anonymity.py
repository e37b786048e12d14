"""Anonymity: a group of two cannot be read in the page or the exports; free text has no
names unless the survey says so; a company contact sees aggregates of her company only
and never free text."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from brobygger.surveys.models import Survey
from tests.surveys.conftest import open_survey
from tests.surveys.helpers import answer, close, rate_goal

SECRET = "HEMMELIG-SVAR-7781"
TOO_FEW = "too few answers to show"


@pytest.fixture
def closing(running_cohort, coordinator_cora):
    return open_survey(running_cohort, "closing", "mentee", coordinator_cora.user)


@pytest.fixture
def baseline(running_cohort, coordinator_cora):
    return open_survey(running_cohort, "baseline", "mentee", coordinator_cora.user)


def _csv(client, url):
    content = client.get(url).content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content), delimiter=","))  # English: "," and "4.2"


def _xlsx(client, url):
    book = load_workbook(io.BytesIO(client.get(url).content))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def _survey_section(html, survey):
    start = html.index(f'id="survey-{survey.code}"')
    end = html.find("</section>", start)
    return html[start:end]


def test_a_group_of_two_cannot_be_read_in_the_page_or_the_exports(
    client, coordinator_cora, pairs, closing, baseline
):
    mentees = [p.mentee for p in pairs[:2]]
    for person, (value, score) in zip(mentees, ((1, 0), (2, 10)), strict=True):
        answer(closing, person, change_readiness=value, recommend=score, best=SECRET)
        answer(baseline, person, change_readiness=5)
    rate_goal(pairs[0], 1, 2, 9)
    rate_goal(pairs[1], 1, 3, 8)
    close(closing, baseline)
    client.force_login(coordinator_cora.user)

    html = client.get(reverse("surveys:report", args=[pairs[0].cohort.code])).content.decode()
    section = _survey_section(html, closing)
    assert SECRET not in html
    assert "<svg" not in section
    assert "<table" not in section
    assert section.count(TOO_FEW) == closing.questions.count()
    goals = html[html.index('id="goals-heading"') : html.index('id="paired-heading"')]
    assert goals.count(f'class="muted">{TOO_FEW}</td>') == 3  # mentee, mentor, overall
    assert "chart-dot" not in goals
    assert "chart-ci" not in goals
    paired = html[html.index('id="paired-heading"') :]
    paired = paired[: paired.index("</section>")]
    assert TOO_FEW in paired
    assert "−" not in paired
    assert "+" not in paired

    code = pairs[0].cohort.code
    for rows in (
        _csv(client, reverse("surveys:report-export", args=[code, "csv"])),
        _xlsx(client, reverse("surveys:report-export", args=[code, "xlsx"])),
    ):
        flat = " ".join(str(c) for row in rows for c in row if c is not None)
        assert SECRET not in flat
        answer_rows = [
            r
            for r in rows[1:]
            if r[0] in ("Survey answers", "Goal change (end minus start)", "Baseline vs closing")
        ]
        assert answer_rows  # the sections are there …
        assert all(r[4] in ("", None) and r[7] == TOO_FEW for r in answer_rows)  # … but empty


def test_three_answers_are_shown_with_a_mean_and_an_interval_within_the_scale(
    client, coordinator_cora, pairs, closing
):
    """The t interval of 3, 4, 5 is 1.516–6.484; the scale ends at 5, and so does the
    interval, saying so."""
    for person, value in zip([p.mentee for p in pairs[:3]], (3, 4, 5), strict=True):
        answer(closing, person, change_readiness=value)
    close(closing)
    client.force_login(coordinator_cora.user)
    code = pairs[0].cohort.code
    rows = _csv(client, reverse("surveys:report-export", args=[code, "csv"]))
    [row] = [r for r in rows if r[2] == "I am willing to change the way I work and think."]
    assert row[3:8] == ["3", "4.0", "1.516", "5.0", "clipped to the scale"]
    html = client.get(reverse("surveys:report", args=[code])).content.decode()
    assert "3 answers; mean 4.00 (95 % interval 1.52–5.00, clipped to the scale)." in html


def test_the_interval_is_clipped_in_norwegian_too(client, coordinator_cora, pairs, closing):
    for person, value in zip([p.mentee for p in pairs[:4]], (2, 5, 2, 5), strict=True):
        answer(closing, person, change_readiness=value)
    close(closing)
    client.force_login(coordinator_cora.user)
    client.cookies.pop("django_language", None)
    with translation.override("nb"):
        html = client.get(
            reverse("surveys:report", args=[pairs[0].cohort.code]), HTTP_ACCEPT_LANGUAGE="nb"
        ).content.decode()
    # t(3) 3.182 × sd 1.732 / 2 = 2.76: 3.50 ± 2.76 is 0.74–6.26, cut to 1–5
    assert "4 svar; snitt 3,50 (95 % intervall 1,00–5,00, avgrenset til skalaen)." in html


def test_the_norwegian_csv_has_decimal_commas_and_the_xlsx_real_numbers(
    client, coordinator_cora, pairs, closing, settings
):
    """Norwegian Excel reads "4.2" as text or a date: in Norwegian the CSV writes 4,2."""
    for person, value in zip([p.mentee for p in pairs[:4]], (2, 5, 2, 5), strict=True):
        answer(closing, person, change_readiness=value)
    close(closing)
    client.force_login(coordinator_cora.user)
    code = pairs[0].cohort.code
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    content = client.get(reverse("surveys:report-export", args=[code, "csv"])).content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    question = "Jeg er villig til å endre måten jeg jobber og tenker på."
    [row] = [r for r in rows if r[2] == question]
    assert row[3:8] == ["4", "3,5", "1,0", "5,0", "avgrenset til skalaen"]
    assert [Decimal(c.replace(",", ".")) for c in row[3:7]] == [4, Decimal("3.5"), 1, 5]
    book = load_workbook(
        io.BytesIO(client.get(reverse("surveys:report-export", args=[code, "xlsx"])).content)
    )
    [cells] = [r for r in book.active.iter_rows(values_only=True) if r[2] == question]
    assert cells[3:7] == (4, 3.5, 1.0, 5.0)
    assert {c.font.bold for c in book.active[1]} == {True}


def test_free_text_has_no_names_unless_the_survey_is_not_anonymous(
    client, coordinator_cora, pairs, closing
):
    mentees = [p.mentee for p in pairs[:3]]
    for i, person in enumerate(mentees):
        answer(closing, person, best=f"Beste svar {i}")
    close(closing)
    client.force_login(coordinator_cora.user)
    url = reverse("surveys:report", args=[pairs[0].cohort.code])
    html = client.get(url).content.decode()
    assert [f"Beste svar {i}" in html for i in range(3)] == [True, True, True]
    assert all(p.user.last_name not in html for p in mentees)

    Survey.objects.filter(pk=closing.pk).update(anonymous=False)
    html = client.get(url).content.decode()
    assert all(f"– {p.user.first_name} {p.user.last_name}" in html for p in mentees)


def test_free_text_is_not_in_the_exports(client, coordinator_cora, pairs, closing):
    for person in [p.mentee for p in pairs[:3]]:
        answer(closing, person, best=SECRET)
    client.force_login(coordinator_cora.user)
    code = pairs[0].cohort.code
    assert SECRET not in client.get(
        reverse("surveys:report-export", args=[code, "csv"])
    ).content.decode("utf-8-sig")


def test_the_company_contact_sees_her_companys_aggregates_only_and_no_free_text(
    client, contact_hege, pairs, closing
):
    # Three mentees from company A (Anne and two more), two from elsewhere with extreme values.
    company_a = [p.mentee for p in pairs if p.mentee.company_id == contact_hege.company_id]
    others = [p.mentee for p in pairs if p.mentee.company_id != contact_hege.company_id]
    assert (len(company_a), len(others)) == (3, 2)
    for person, value in zip(company_a, (4, 4, 5), strict=True):
        answer(closing, person, change_readiness=value, best=SECRET)
    for person in others:
        answer(closing, person, change_readiness=1, best=SECRET)
    close(closing)
    client.force_login(contact_hege.user)
    code = pairs[0].cohort.code
    html = client.get(reverse("surveys:company-report", args=[code])).content.decode()
    assert SECRET not in html
    assert "3 answers; mean 4.33" in html or "3 answers; mean 4,33" in html
    rows = _csv(client, reverse("surveys:company-report-export", args=[code, "csv"]))
    [row] = [r for r in rows if r[2] == "I am willing to change the way I work and think."]
    assert row[3:5] == ["3", "4.333"]
    responses = [r for r in rows if r[0] == "Response rates"]
    assert responses == [
        ["Response rates", "Closing survey · Mentee", "Answered", "3", "3", "", "", ""]
    ]


def test_a_company_group_of_two_is_hidden_from_the_contact(client, contact_hege, pairs, closing):
    company_a = [p.mentee for p in pairs if p.mentee.company_id == contact_hege.company_id]
    for person in company_a[:2]:
        answer(closing, person, change_readiness=1)
    for person in [p.mentee for p in pairs if p.mentee.company_id != contact_hege.company_id]:
        answer(closing, person, change_readiness=5)
    close(closing)
    client.force_login(contact_hege.user)
    code = pairs[0].cohort.code
    html = client.get(reverse("surveys:company-report", args=[code])).content.decode()
    section = _survey_section(html, closing)
    assert "<svg" not in section
    assert TOO_FEW in section
    for rows in (
        _csv(client, reverse("surveys:company-report-export", args=[code, "csv"])),
        _xlsx(client, reverse("surveys:company-report-export", args=[code, "xlsx"])),
    ):
        answer_rows = [r for r in rows[1:] if r[0] == "Survey answers"]
        assert answer_rows
        assert all(r[4] in ("", None) for r in answer_rows)
    assert not re.search(r"\d+ answers; mean", html)
