"""The set-up pages keep the site's invariants: one <h1>, no inline script or style, in
Norwegian and in English, also with a form's errors shown."""

import re

import pytest
from django.urls import reverse

from brobygger.applications.services.forms import create_default_form
from tests.site.test_invariants import INLINE_SCRIPT, INLINE_STYLE


@pytest.fixture
def pages(this_year, reverse_initiative):
    create_default_form(cohort=this_year, by=None)
    question = this_year.questions.first()
    return [
        reverse("coordination:initiative-list"),
        reverse("coordination:initiative-create"),
        reverse("coordination:initiative-edit", args=[reverse_initiative.code]),
        reverse("coordination:cohort-new"),
        reverse("coordination:cohort-create", args=[reverse_initiative.code]),
        reverse("coordination:cohort-edit", args=[this_year.code]),
        reverse("coordination:year"),
        reverse("coordination:year", args=[2027]),
        reverse("coordination:overview"),
        reverse("applications:form-overview", args=[this_year.code]),
        reverse("applications:question-add", args=[this_year.code, "mentor"]),
        reverse("applications:question-edit", args=[this_year.code, question.pk]),
        reverse("programs:cohort-detail", args=[this_year.code]),
    ]


def _check(html, url):
    assert len(re.findall(r"<h1[\s>]", html)) == 1, url
    assert INLINE_SCRIPT.findall(html) == [], url
    assert INLINE_STYLE.findall(html) == [], url


def test_every_set_up_page_has_one_h1_and_no_inline_script_or_style(client, admin_ada, pages):
    client.force_login(admin_ada.user)
    for url in pages:
        for language in ("nb", "en"):
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200, url
            _check(response.content.decode(), url)


def test_the_set_up_form_with_errors_keeps_them_too(client, coordinator_cora, this_year):
    client.force_login(coordinator_cora.user)

    response = client.post(
        reverse("coordination:cohort-edit", args=[this_year.code]), {"title": ""}
    )

    assert response.status_code == 200
    _check(response.content.decode(), "cohort-edit")


def test_the_overview_links_to_the_set_up_pages(client, coordinator_cora, this_year):
    client.force_login(coordinator_cora.user)

    html = client.get(reverse("coordination:overview"), HTTP_ACCEPT_LANGUAGE="nb").content.decode()

    for url, text in [
        (reverse("coordination:cohort-new"), "Nytt programår"),
        (reverse("coordination:year"), "Nettverkets år"),
        (reverse("coordination:cohort-edit", args=[this_year.code]), "Rediger 2026–2027"),
    ]:
        assert re.search(rf'href="{re.escape(url)}"[^>]*>{text}<', html), text
    assert f'action="{reverse("coordination:cohort-copy", args=[this_year.code])}"' in html
    assert "Kopier 2026–2027 til neste år" in html
