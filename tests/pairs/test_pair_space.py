"""The pair's page: the two members only; coordinators, contacts and others get 404."""

import pytest
from django.urls import reverse

from tests.pairs.helpers import NOTE_SECRET, make_pair, other_people, plant_secrets


def test_members_see_their_space_with_content(client, pair, mentee_anne, mentor_bo):
    plant_secrets(pair)
    for person in (mentee_anne, mentor_bo):
        client.force_login(person.user)
        response = client.get(reverse("pairs:pair-detail", args=[pair.code]))
        assert response.context["space"].me == person
        assert NOTE_SECRET in response.content.decode()


@pytest.mark.parametrize("who", ["coordinator_cora", "contact_hege", "outsider_dag", "admin_ada"])
def test_everyone_else_gets_404(client, pair, who, request):
    plant_secrets(pair)
    client.force_login(request.getfixturevalue(who).user)
    for name in ("pair-detail", "agreement-edit", "meeting-new", "goals-rate", "guide"):
        response = client.get(reverse(f"pairs:{name}", args=[pair.code]))
        assert response.status_code == 404, name
        assert NOTE_SECRET not in response.content.decode()


def test_anonymous_is_sent_to_sign_in(client, pair):
    response = client.get(reverse("pairs:pair-detail", args=[pair.code]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_my_pairs_query_count_does_not_grow(client, cohort, mentee_anne, reverse_initiative):
    from tests.pairs.helpers import queries, running_cohort

    client.force_login(mentee_anne.user)
    url = reverse("pairs:mine")
    counts = []
    for n in range(3):
        target = cohort if n == 0 else running_cohort(reverse_initiative, title=f"20{n}")
        make_pair(target, mentee_anne, other_people(f"p{n}")[1])
        if n in (0, 2):
            counts.append(queries(lambda: client.get(url)))
    assert counts[0] == counts[1]
    assert len(client.get(url).context["pairs"]) == 3


def test_header_links_for_participants_only(client, pair, mentee_anne, outsider_dag):
    client.force_login(mentee_anne.user)
    html = client.get(reverse("programs:home")).content.decode()
    assert f'href="{reverse("pairs:mine")}"' in html
    assert f'href="{reverse("gatherings:mine")}"' in html
    client.force_login(outsider_dag.user)
    html = client.get(reverse("programs:home")).content.decode()
    assert f'href="{reverse("pairs:mine")}"' not in html
