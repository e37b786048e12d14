"""A larger export stays byte for byte what it was (issue 23 rewrote its reads).

The expected files in ``tests/applications/golden/`` were written by the export before the
rewrite (the model-object reads), from the deterministic cohort below: 60 applications of
both roles, every answer kind, a person without a company, missing answers, three reviewers
scoring some applications. Regenerate (only when the export is meant to change) with
``BROBYGGER_WRITE_GOLDEN=1``.
"""

import datetime as dt
import hashlib
import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from brobygger.applications.models import Review
from brobygger.people.models import Person
from tests.factories import (
    AnswerFactory,
    ApplicationFactory,
    CompanyFactory,
    PersonFactory,
    QuestionFactory,
    TopicFactory,
    UserFactory,
)

GOLDEN = Path(__file__).parent / "golden"
ROLE_FAMILIES = ["engineering", "data", "product", "leadership", ""]
INDUSTRIES = ["energy", "finance", "consulting", "software", ""]
LANGUAGES = [["nb"], ["nb", "en"], ["en", "sv"], []]
FORMATS = ["digital", "physical", "either"]
STATUSES = ["submitted", "submitted", "draft", "withdrawn", "nominated"]
DECISIONS = ["pending", "accepted", "waitlisted", "rejected"]
SOURCES = ["self", "import", "nomination"]


@pytest.fixture
def big_cohort(open_cohort, coordinator_cora):
    TopicFactory(slug="ai", name="Kunstig intelligens", name_en="Artificial intelligence")
    TopicFactory(slug="lead", name="Ledelse", name_en="Leadership")
    companies = [CompanyFactory(name=f"Firma {n} AS") for n in range(4)]
    q = {
        "goals": QuestionFactory(
            cohort=open_cohort, role="mentee", label="Mål", label_en="Goals", order=1
        ),
        "strengths": QuestionFactory(
            cohort=open_cohort, role="mentor", label="Styrker", label_en="Strengths", order=1
        ),
        "topics": QuestionFactory(
            cohort=open_cohort, role="mentor", kind="topics", label="Temaer", label_en="", order=2
        ),
        "scale": QuestionFactory(
            cohort=open_cohort, role="mentee", kind="scale", label="Iver", label_en="", order=3
        ),
        "yes_no": QuestionFactory(
            cohort=open_cohort, role="mentee", kind="yes_no", label="Fysisk", label_en="", order=4
        ),
        "values": QuestionFactory(
            cohort=open_cohort, role="mentor", kind="values", label="Verdier", label_en="", order=3
        ),
        "availability": QuestionFactory(
            cohort=open_cohort,
            role="mentee",
            kind="availability",
            label="Tider",
            label_en="Times",
            order=5,
        ),
        "secret": QuestionFactory(
            cohort=open_cohort,
            role="mentee",
            label="Helse",
            label_en="Health",
            sensitive=True,
            order=6,
        ),
        # the same label for both roles: one column
        "city": QuestionFactory(
            cohort=open_cohort, role="mentor", label="Mål", label_en="Goals", order=9
        ),
    }
    reviewers = [
        coordinator_cora.user,
        UserFactory(first_name="Eva", last_name="Eng", email="eva@c.example"),
        UserFactory(first_name="", last_name="", email="anon@c.example"),
    ]
    base = dt.datetime(2027, 3, 1, 8, 15, 42, tzinfo=dt.UTC)
    for n in range(60):
        person = PersonFactory(
            user__email=f"p{n:02}@x.example",
            user__first_name=["Kari", "=Ola", "Åse", ""][n % 4],
            user__last_name=f"Nordmann{n % 7}",
            company=companies[n % 4],
            job_title=["Rådgiver", "+Sjef", "", "Utvikler; senior"][n % 4],
            birth_year=1960 + n % 40,
            years_experience=None if n % 9 == 0 else n % 30,
            role_family=ROLE_FAMILIES[n % 5],
            industry=INDUSTRIES[n % 5],
            languages=LANGUAGES[n % 4],
            city=["Oslo", "Bergen", "", "-Tromsø"][n % 4],
        )
        if n % 13 == 0:
            Person.objects.filter(pk=person.pk).update(company=None)
            person.refresh_from_db()
        role = "mentee" if n % 2 else "mentor"
        application = ApplicationFactory(
            cohort=open_cohort,
            person=person,
            role=role,
            status=STATUSES[n % 5],
            decision=DECISIONS[n % 4],
            source=SOURCES[n % 3],
            meeting_format=FORMATS[n % 3],
            capacity=1 + n % 3,
            submitted_at=None if n % 11 == 0 else base + dt.timedelta(hours=7 * n),
        )
        if role == "mentee":
            if n % 5:
                AnswerFactory(
                    application=application, question=q["goals"], value=f"Mål {n}\nny linje"
                )
            AnswerFactory(application=application, question=q["scale"], value=1 + n % 5)
            AnswerFactory(application=application, question=q["yes_no"], value=bool(n % 3))
            AnswerFactory(
                application=application,
                question=q["availability"],
                value=["morning", "lunch"][: n % 3],
            )
            AnswerFactory(application=application, question=q["secret"], value="Privat")
        else:
            AnswerFactory(application=application, question=q["strengths"], value=f'"Sitat" {n}')
            AnswerFactory(
                application=application,
                question=q["topics"],
                value=["ai", "lead", "gone"][: 1 + n % 3],
            )
            AnswerFactory(
                application=application, question=q["values"], value=["courage", "balance"]
            )
            if n % 4 == 0:
                AnswerFactory(application=application, question=q["city"], value={"x": n})
        for r, reviewer in enumerate(reviewers):
            if (n + r) % 3:
                Review.objects.create(
                    application=application,
                    reviewer=reviewer,
                    score=1 + (n + r) % 5,
                    comment=["", "Bra", "=SUM(A1)", "Flott; ja"][(n + r) % 4],
                )
    return open_cohort


@pytest.mark.parametrize(
    ("language", "fmt", "sensitive"),
    [("en", "csv", False), ("nb", "csv", True), ("nb", "csv", False), ("en", "csv", True)],
)
def test_a_larger_export_is_byte_for_byte_the_same(
    client, coordinator_cora, big_cohort, language, fmt, sensitive
):
    client.force_login(coordinator_cora.user)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    data = {"include_sensitive": "on"} if sensitive else {}
    content = client.post(reverse("applications:export", args=[big_cohort.code, fmt]), data).content
    golden = GOLDEN / f"export-{language}-{'sensitive' if sensitive else 'plain'}.{fmt}"
    if os.environ.get("BROBYGGER_WRITE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(content)
    expected = golden.read_bytes()
    assert content.count(b"\r\n") == 61
    assert (hashlib.sha256(content).hexdigest(), content) == (
        hashlib.sha256(expected).hexdigest(),
        expected,
    )
