"""Employer names typed by applicants (issue "Broken promises", item 7): near-duplicates are
recognised, and a new name stays unconfirmed, offered to nobody else."""

import pytest
from tests.factories import CompanyFactory, PersonFactory

from brobygger.core.models import ActivityLog
from brobygger.people.models import Company
from brobygger.people.selectors import companies_for_choice
from brobygger.people.services import company_for_name
from brobygger.people.validators import normalise_company_name


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Fjord Kraft AS", "fjordkraft"),
        ("Fjordkraft", "fjordkraft"),
        ("  fjord-kraft  a/s ", "fjordkraft"),
        ("FJORD KRAFT ASA", "fjordkraft"),
        ("Fjord Kraft A.S.", "fjordkraft"),
        ("AS Vinmonopolet", "vinmonopolet"),
        ("Havørn Forsikring NUF", "havørnforsikring"),
        ("Skarven Software Ltd.", "skarvensoftware"),
        ("Berg & Sønner DA", "bergsønner"),
        ("Solberg ANS", "solberg"),
        ("AS", "as"),  # nothing but a legal form: kept
    ],
)
def test_names_are_compared_without_case_spaces_punctuation_or_legal_form(typed, key):
    assert normalise_company_name(typed) == key


def test_a_typed_name_becomes_an_unconfirmed_company_offered_to_her_only(db, mentee_anne):
    colleague_elsewhere = PersonFactory()
    company = company_for_name("  Fjordbyte   AS ", by=mentee_anne.user)
    mentee_anne.company = company
    mentee_anne.save()
    assert (company.name, company.confirmed, company.is_partner) == ("Fjordbyte AS", False, False)
    assert "Fjordbyte AS" in [c.name for c in companies_for_choice(mentee_anne)]
    assert "Fjordbyte AS" not in [c.name for c in companies_for_choice(colleague_elsewhere)]
    assert "Fjordbyte AS" not in [c.name for c in companies_for_choice()]
    assert list(
        ActivityLog.objects.filter(action="company.create_unconfirmed").values_list(
            "actor", "target_repr"
        )
    ) == [(mentee_anne.user.pk, "Fjordbyte AS")]


def test_a_name_written_differently_is_the_company_already_there(db, mentee_anne):
    fjord_kraft = CompanyFactory(name="Fjord Kraft AS")
    assert company_for_name("Fjordkraft", by=mentee_anne.user) == fjord_kraft
    assert company_for_name("fjord kraft", by=mentee_anne.user) == fjord_kraft
    assert list(Company.objects.values_list("name", flat=True)) == [
        "Fjord Kraft AS",
        "Nordlys Kraft AS",  # Anne's
    ]


def test_a_confirmed_company_is_preferred_to_an_unconfirmed_lookalike(db, mentee_anne):
    CompanyFactory(name="Fjordkraft", confirmed=False)
    confirmed = CompanyFactory(name="Fjord Kraft AS")
    assert company_for_name("FJORD KRAFT", by=mentee_anne.user) == confirmed
