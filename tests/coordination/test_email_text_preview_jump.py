"""After "Preview" the email-text page lands on the preview (the form posts to its anchor; the
heading has that id and can take focus), and the preview names the language in lower case
mid-sentence in Norwegian («på norsk bokmål», «på engelsk»)."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from brobygger.programs.email_texts import default_text

NOW = dt.datetime(2026, 8, 1, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_preview_button_jumps_to_the_focusable_preview_heading(
    client, coordinator_cora, this_year
):
    client.force_login(coordinator_cora.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    url = reverse("coordination:email-text-edit", args=[this_year.code, "accepted"])
    page = client.get(url).content.decode()
    assert 'name="action" value="preview" formaction="#preview-heading"' in page

    data = {
        f"{part}_{lang}": default_text("accepted", part, lang)
        for lang in ("nb", "en")
        for part in ("subject", "body")
    }
    html = client.post(url, {**data, "action": "preview"}).content.decode()
    assert '<h2 id="preview-heading" tabindex="-1">Forhåndsvisning (ikke lagret)</h2>' in html
    assert "Til Kari Nordmann, på norsk bokmål" in html
    assert "Til Kari Nordmann, på engelsk" in html
