"""In development the console shows emails a person can read: links whole, letters as letters."""

import io

from django.core.mail import EmailMultiAlternatives

from brobygger.core.console_email import EmailBackend

LINK = (
    "http://127.0.0.1:8000/matching/proposal/0b1c3f0e-1111-2222-3333-444455556666/answer/"
    "?token=abcdefghijklmnopqrstuvwxyz0123456789"
)


def _printed(body: str) -> str:
    stream = io.StringIO()
    message = EmailMultiAlternatives("Forslag til mentorpar, Åse", body, to=["ase@example.org"])
    assert EmailBackend(stream=stream).send_messages([message]) == 1
    return stream.getvalue()


def test_a_long_link_is_printed_whole_and_clickable():
    printed = _printed(f"Hei Åse,\n\nSvar her: {LINK}\n")
    assert f"Svar her: {LINK}\n" in printed
    assert "=3D" not in printed
    assert "Content-Transfer-Encoding: 8bit" in printed


def test_norwegian_letters_are_printed_as_letters():
    printed = _printed("Hei Åse, vi gleder oss til å se deg på oppstarten.\n")
    assert "Hei Åse, vi gleder oss til å se deg på oppstarten.\n" in printed


def test_development_uses_the_readable_console_backend():
    from brobygger.config import settings as project_settings

    # tests swap in locmem; the project's own default in debug is the readable console
    assert project_settings.EMAIL_BACKEND_PATH == "brobygger.core.console_email.EmailBackend"
