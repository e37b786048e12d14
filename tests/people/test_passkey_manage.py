"""Her passkeys on the two-factor page: listed by name with when they were added and last
used, renamed and removed through our own pages, which address a passkey by an opaque signed
reference. allauth's pages that carry a passkey's sequential id are gone; another person's
reference answers 404, as does anything made up."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from tests.mfa_helpers import (
    add_passkey,
    confirm_with_password,
    our_page,
    sign_in_with_password,
    turn_on_totp,
)

from brobygger.core.models import ActivityLog
from brobygger.people.selectors import passkey_reference

INDEX = reverse("mfa_index")
LIST = reverse("mfa_list_webauthn")

pytestmark = pytest.mark.django_db


def _rename(reference: str) -> str:
    return reverse("people:passkey-rename", args=[reference])


def _remove(reference: str) -> str:
    return reverse("people:passkey-remove", args=[reference])


def _names(user) -> list[str]:  # type: ignore[no-untyped-def]
    passkeys = Authenticator.objects.filter(user=user, type="webauthn").order_by("id")
    return [p.data["name"] for p in passkeys]


@pytest.fixture
def anne_confirmed(client, mentee_anne):  # type: ignore[no-untyped-def]
    sign_in_with_password(client, "anne@a.example")
    confirm_with_password(client, INDEX)
    return mentee_anne


def test_the_two_factor_page_lists_her_passkeys_by_reference(client, mentee_anne, mentor_bo):
    iphone, _phone = add_passkey(mentee_anne.user, name="iPhone")
    mac, _laptop = add_passkey(mentee_anne.user, name="Mac på jobben")
    Authenticator.objects.filter(pk=iphone.pk).update(
        created_at=timezone.make_aware(timezone.datetime(2025, 3, 26, 9, 0)),
        last_used_at=timezone.make_aware(timezone.datetime(2025, 4, 2, 8, 15)),
    )
    add_passkey(mentor_bo.user, name="Bos Pixel")
    client.force_login(mentee_anne.user)
    html = our_page(client.get(INDEX))
    items = re.findall(r'<li class="item">\s*<h3>([^<]+)</h3>', html)
    assert items == ["iPhone", "Mac på jobben"]
    assert "<dt>Lagt til</dt>\n      <dd>26.03.2025</dd>" in html
    assert "<dd>02.04.2025 08:15</dd>" in html
    assert "<dd>Aldri</dd>" in html
    references = re.findall(r'href="/accounts/2fa/passkeys/([^/"]+)/rename/"', html)
    assert references == [
        passkey_reference(mentee_anne.user, iphone),
        passkey_reference(mentee_anne.user, mac),
    ]
    assert re.findall(r'href="/accounts/2fa/passkeys/([^/"]+)/remove/"', html) == references
    # An opaque reference (a digest and its signature), never allauth's pages by row id.
    assert all(re.fullmatch(r"[0-9a-f]{20}:[\w-]{43}", ref) for ref in references)
    assert "/webauthn/keys/" not in html
    assert "Bos Pixel" not in html
    assert 'Gi nytt navn <span class="visually-hidden">til iPhone</span>' in html


def test_without_passkeys_the_page_offers_one(client, mentee_anne):
    client.force_login(mentee_anne.user)
    html = our_page(client.get(INDEX))
    assert '<h2 id="passkeys-heading">Passnøkler</h2>' in html
    assert (
        f'<a class="button" href="{reverse("mfa_add_webauthn")}">Legg til en passnøkkel</a>' in html
    )
    assert '<ul class="item-list"' not in html


@pytest.mark.parametrize("url", [INDEX, LIST])
def test_listing_one_or_three_passkeys_costs_the_same(
    client, mentee_anne, url, django_assert_num_queries
):
    add_passkey(mentee_anne.user)
    client.force_login(mentee_anne.user)
    client.get(url)  # warm up (session, language)
    with django_assert_num_queries(7 if url == INDEX else 5) as one:
        client.get(url)
    add_passkey(mentee_anne.user, name="Mac")
    add_passkey(mentee_anne.user, name="iPad")
    with django_assert_num_queries(len(one.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count('<li class="item">') == 3


def test_the_passkey_list_page(client, mentee_anne):
    iphone, _phone = add_passkey(mentee_anne.user)
    client.force_login(mentee_anne.user)
    html = our_page(client.get(LIST))
    assert "<h1>Passnøkler</h1>" in html
    assert f'href="{_rename(passkey_reference(mentee_anne.user, iphone))}"' in html


def test_renaming_asks_her_to_confirm_with_her_passkey_first(client, mentee_anne):
    iphone, _phone = add_passkey(mentee_anne.user)
    url = _rename(passkey_reference(mentee_anne.user, iphone))
    client.force_login(mentee_anne.user)
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (
        302,
        f"{reverse('mfa_reauthenticate_webauthn')}?next={quote(url, safe='')}",
    )


def test_renaming(client, anne_confirmed):
    iphone, _phone = add_passkey(anne_confirmed.user, name="iPhone")
    url = _rename(passkey_reference(anne_confirmed.user, iphone))
    html = our_page(client.get(url))
    assert "<h1>Gi passnøkkelen nytt navn</h1>" in html
    assert 'value="iPhone"' in html
    response = client.post(url, {"name": "Min telefon"}, follow=True)
    assert response.redirect_chain == [(INDEX, 302)]
    assert _names(anne_confirmed.user) == ["Min telefon"]
    assert [str(m) for m in response.context["messages"]] == [
        "Passnøkkelen heter nå «Min telefon»."
    ]


def test_an_empty_name_is_refused(client, anne_confirmed):
    iphone, _phone = add_passkey(anne_confirmed.user, name="iPhone")
    response = client.post(_rename(passkey_reference(anne_confirmed.user, iphone)), {"name": " "})
    assert response.context["form"].errors == {"name": ["Feltet er påkrevet."]}
    assert _names(anne_confirmed.user) == ["iPhone"]


def test_removing_the_only_passkey_turns_two_factor_off(
    client, anne_confirmed, django_capture_on_commit_callbacks
):
    user = anne_confirmed.user
    iphone, _phone = add_passkey(user)
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    RecoveryCodes.activate(user)
    url = _remove(passkey_reference(user, iphone))
    html = our_page(client.get(url))
    assert "<h1>Fjern passnøkkelen</h1>" in html
    assert "«iPhone» logger deg ikke lenger inn her." in html
    assert "gjenopprettingskodene dine slutter å virke" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert response.redirect_chain == [(INDEX, 302)]
    assert list(Authenticator.objects.filter(user=user)) == []
    assert [str(m) for m in response.context["messages"]] == ["Passnøkkelen er fjernet."]
    actions = ActivityLog.objects.filter(
        actor=user, action__in=["auth.passkey_removed", "auth.mfa_recovery_codes_removed"]
    )
    assert list(actions.order_by("id").values_list("action", flat=True)) == [
        "auth.passkey_removed",
        "auth.mfa_recovery_codes_removed",
    ]
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["anne@a.example"], "[Brobygger] Passnøkkel fjernet")
    ]


def test_removing_one_of_several_keeps_the_rest(client, anne_confirmed):
    user = anne_confirmed.user
    iphone, _phone = add_passkey(user, name="iPhone")
    add_passkey(user, name="Mac")
    turn_on_totp(user)
    url = _remove(passkey_reference(user, iphone))
    html = our_page(client.get(url))
    assert "gjenopprettingskodene dine slutter å virke" not in html
    client.post(url)
    assert _names(user) == ["Mac"]
    assert sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True)) == [
        "recovery_codes",
        "totp",
        "webauthn",
    ]


@pytest.mark.parametrize("action", [_rename, _remove])
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_persons_passkey_answers_404(client, anne_confirmed, mentor_bo, action, method):
    bos, _phone = add_passkey(mentor_bo.user, name="Bos Pixel")
    url = action(passkey_reference(mentor_bo.user, bos))
    response = getattr(client, method)(url, {"name": "Kapret"})
    assert response.status_code == 404
    assert _names(mentor_bo.user) == ["Bos Pixel"]


@pytest.mark.parametrize(
    "reference",
    ["1", "tull", "0123456789abcdef0123:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
)
def test_a_made_up_reference_answers_404(client, anne_confirmed, reference):
    add_passkey(anne_confirmed.user)
    assert client.get(_rename(reference)).status_code == 404
    assert client.post(_remove(reference)).status_code == 404
    assert len(_names(anne_confirmed.user)) == 1


def test_a_reference_made_for_her_does_not_work_for_someone_else(client, mentee_anne, mentor_bo):
    """Bound to the person: Anne's reference to her own passkey says nothing to Bo."""
    iphone, _phone = add_passkey(mentee_anne.user)
    add_passkey(mentor_bo.user)
    client.force_login(mentor_bo.user)
    assert client.get(_rename(passkey_reference(mentee_anne.user, iphone))).status_code == 404


@pytest.mark.parametrize("action", [_rename, _remove])
def test_anonymous_is_sent_to_sign_in(client, mentee_anne, action):
    iphone, _phone = add_passkey(mentee_anne.user)
    url = action(passkey_reference(mentee_anne.user, iphone))
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (
        302,
        f"{reverse('account_login')}?next={quote(url)}",
    )


@pytest.mark.parametrize("page", ["edit", "remove"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_allauths_pages_by_sequential_id_are_gone(client, anne_confirmed, page, method):
    iphone, _phone = add_passkey(anne_confirmed.user, name="iPhone")
    url = f"/accounts/2fa/webauthn/keys/{iphone.pk}/{page}/"
    assert reverse(f"mfa_{page}_webauthn", kwargs={"pk": iphone.pk}) == url
    response = getattr(client, method)(url, {"name": "Endret"})
    assert response.status_code == 404
    assert _names(anne_confirmed.user) == ["iPhone"]
