"""The review list: constant queries, filters, search."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from brobygger.applications.models import Review
from tests.factories import (
    AnswerFactory,
    ApplicationFactory,
    CompanyFactory,
    PersonFactory,
    QuestionFactory,
    TopicFactory,
)


@pytest.fixture
def topics(db):
    return {
        "ai": TopicFactory(
            slug="ai", name="Kunstig intelligens", name_en="Artificial intelligence"
        ),
        "lead": TopicFactory(slug="lead", name="Ledelse", name_en="Leadership"),
        "ai-ethics": TopicFactory(slug="ai-ethics", name="KI-etikk", name_en="AI ethics"),
    }


@pytest.fixture
def topic_question(open_cohort):
    return QuestionFactory(
        cohort=open_cohort, role="mentee", kind="topics", matching_field="topics", label="Temaer"
    )


def _applicant(cohort, topic_question, *, first, company, topics, role="mentee", **extra):
    person = PersonFactory(user__first_name=first, user__last_name="Test", company=company)
    application = ApplicationFactory(cohort=cohort, person=person, role=role, **extra)
    AnswerFactory(application=application, question=topic_question, value=topics)
    text = QuestionFactory(cohort=cohort, role=role, label=f"Mål {first}")
    AnswerFactory(application=application, question=text, value=f"Målene til {first}")
    return application


def _list(client, cohort, **params):
    url = reverse("applications:review-list", args=[cohort.code])
    return client.get(url, params)


def _names(response):
    return [row.application.person.user.first_name for row in response.context["rows"]]


def _seed(count, open_cohort, topic_question, reviewers):
    for n in range(count):
        application = _applicant(
            open_cohort,
            topic_question,
            first=f"Person{n}",
            company=CompanyFactory(name=f"Firma {n} AS"),
            topics=["ai", "lead"],
        )
        for score, reviewer in enumerate(reviewers, start=3):
            Review.objects.create(application=application, reviewer=reviewer, score=score)


@pytest.mark.parametrize("count", [1, 3])
def test_review_list_has_constant_queries(
    client,
    coordinator_cora,
    open_cohort,
    topics,
    topic_question,
    admin_ada,
    count,
    django_assert_num_queries,
):
    _seed(count, open_cohort, topic_question, [coordinator_cora.user, admin_ada.user])
    client.force_login(coordinator_cora.user)
    # session, user, cohort with counts, applications, topic answers, topic names, companies
    # and topics (filter options); the header: coordinator check, person + company contact;
    # the next automatic emails: deadline notice (log, coordinators), proposals, pairs, surveys;
    # the count of applications for the page navigation (issue 23)
    with django_assert_num_queries(16):
        response = _list(client, open_cohort)
    rows = response.context["rows"]
    assert len(rows) == count
    assert [row.topics for row in rows] == [["Kunstig intelligens", "Ledelse"]] * count
    assert [(r.application.average_score, r.application.my_score) for r in rows] == [
        (3.5, 3)
    ] * count


def test_filters_and_search_return_exactly_the_expected(
    client, coordinator_cora, open_cohort, topics, topic_question, mentee_anne, company_b
):
    company_a = mentee_anne.company
    ada = _applicant(open_cohort, topic_question, first="Ada", company=company_a, topics=["ai"])
    bea = _applicant(
        open_cohort, topic_question, first="Bea", company=company_b, topics=["ai-ethics"]
    )
    cai = _applicant(
        open_cohort,
        topic_question,
        first="Cai",
        company=company_b,
        topics=["lead"],
        role="mentor",
        decision="accepted",
    )
    _applicant(
        open_cohort,
        topic_question,
        first="Dina",
        company=company_a,
        topics=["lead"],
        status="withdrawn",
        withdrawn_at=timezone.now(),
    )
    Review.objects.create(application=ada, reviewer=coordinator_cora.user, score=5)
    Review.objects.create(application=bea, reviewer=coordinator_cora.user, score=2)
    Review.objects.create(application=cai, reviewer=coordinator_cora.user, score=4)
    client.force_login(coordinator_cora.user)

    assert _names(_list(client, open_cohort)) == ["Ada", "Bea", "Cai", "Dina"]
    assert _names(_list(client, open_cohort, role="mentor")) == ["Cai"]
    assert _names(_list(client, open_cohort, status="pending")) == ["Ada", "Bea"]
    assert _names(_list(client, open_cohort, status="accepted")) == ["Cai"]
    assert _names(_list(client, open_cohort, status="withdrawn")) == ["Dina"]
    assert _names(_list(client, open_cohort, company=company_b.pk)) == ["Bea", "Cai"]
    # "ai" matches the whole topic, not "ai-ethics"
    assert _names(_list(client, open_cohort, topic="ai")) == ["Ada"]
    assert _names(_list(client, open_cohort, topic="lead")) == ["Cai", "Dina"]
    assert _names(_list(client, open_cohort, score="4")) == ["Ada", "Cai"]
    assert _names(_list(client, open_cohort, score="none")) == ["Dina"]
    assert _names(_list(client, open_cohort, q="bea test")) == ["Bea"]
    assert _names(_list(client, open_cohort, q="skarven")) == ["Bea", "Cai"]
    assert _names(_list(client, open_cohort, company=company_a.pk, status="pending")) == ["Ada"]
    assert _names(_list(client, open_cohort, q="nobody")) == []
    # a bad value is shown beside its field, and then no filter applies
    bad = _list(client, open_cohort, role="mentor", topic="no-such-topic")
    assert (_names(bad), list(bad.context["filter_form"].errors)) == (
        ["Ada", "Bea", "Cai", "Dina"],
        ["topic"],
    )


def test_withdrawn_is_flagged_and_not_selectable(
    client, coordinator_cora, open_cohort, topics, topic_question, company_b
):
    _applicant(
        open_cohort,
        topic_question,
        first="Dina",
        company=company_b,
        topics=[],
        status="withdrawn",
        withdrawn_at=timezone.now(),
    )
    client.force_login(coordinator_cora.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = _list(client, open_cohort)
    html = response.content.decode()
    assert [row.is_withdrawn for row in response.context["rows"]] == [True]
    assert '<span class="badge badge-withdrawn">Withdrawn</span>' in html
    assert "disabled>" in html
