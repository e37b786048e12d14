"""The review pages keep the site's invariants: one <h1>, no inline script or style."""

import re

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import AnswerFactory, ApplicationFactory, QuestionFactory

INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style[\s>]|\sstyle=", re.I)


def test_review_pages_have_one_h1_and_no_inline_script_or_style(
    client, coordinator_cora, open_cohort, mentor_bo
):
    application = ApplicationFactory(cohort=open_cohort, person=mentor_bo, role="mentor")
    question = QuestionFactory(cohort=open_cohort, role="mentor", sensitive=True)
    AnswerFactory(application=application, question=question, value="Svar")
    withdrawn = ApplicationFactory(
        cohort=open_cohort, status="withdrawn", withdrawn_at=timezone.now()
    )
    urls = [
        reverse("coordination:overview"),
        reverse("applications:review-list", args=[open_cohort.code]),
        reverse("applications:review-list", args=[open_cohort.code]) + "?status=withdrawn",
        reverse("applications:review-detail", args=[application.code]),
        reverse("applications:review-detail", args=[withdrawn.code]),
    ]
    client.force_login(coordinator_cora.user)
    checked = []
    for url in urls:
        for language in ("nb", "en"):
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            response = client.get(url)
            html = response.content.decode()
            assert response.status_code == 200, url
            assert len(re.findall(r"<h1[\s>]", html)) == 1, url
            assert INLINE.findall(html) == [], url
            checked.append((url, response.wsgi_request.LANGUAGE_CODE))
    assert len(checked) == 10
    assert {language for _, language in checked} == {"nb", "en"}
