"""The demo company contact (Havørn Forsikring) has participants to look at: two accepted
for executive shadowing, one in a pair."""

import datetime as dt

import pytest
from django.urls import reverse

from brobygger.demo import data
from brobygger.demo.loader import load_demo
from brobygger.people.models import User


@pytest.mark.django_db
def test_the_demo_contact_sees_her_companys_accepted_participants(client):
    load_demo(today=dt.date(2026, 11, 28))
    load_demo(today=dt.date(2026, 11, 28))  # again: nothing doubles
    client.force_login(User.objects.get(email=data.email_for("contact")))
    response = client.get(reverse("company:participants"))
    assert [
        (
            group.cohort.initiative.slug,
            [(p.name, p.job_title, p.role, p.stage) for p in shown],
        )
        for group, shown in response.context["groups"]
    ] == [
        (
            "executive-shadowing",
            [
                ("Camilla Brekke", "Direktør kundeopplevelse", "mentor", "accepted"),
                ("Tiril Holm", "Sikkerhetsanalytiker", "mentee", "accepted"),
            ],
        ),
        # the running mentor programme: Selma is in a pair with Linn from Skarven Software
        ("mentorprogram", [("Selma Berntsen", "Utvikler", "mentee", "active")]),
    ]
    html = response.content.decode()
    assert "Linn Tveit" not in html  # the partner, another company's employee
    # Sofie Pedersen's reverse mentoring application is not decided: not shown
    assert "Sofie Pedersen" not in response.content.decode()
