"""The surveys privacy provider: export holds the person's answers; erasure removes her
free text and her link while the numbers survive anonymously."""

from brobygger.core.privacy_registry import providers
from brobygger.surveys.models import Answer, Invitation
from tests.surveys.conftest import open_survey
from tests.surveys.helpers import answer

PLANTED = "PLANTET-FRITEKST-4411"


def _provider():
    return next(p for p in providers() if p.app_label == "surveys")


def test_export_and_erase(pairs, running_cohort, coordinator_cora, mentee_anne):
    survey = open_survey(running_cohort, "closing", "mentee", coordinator_cora.user)
    invitation = answer(survey, mentee_anne, change_readiness=4, best=PLANTED)
    exported = _provider().export(mentee_anne)
    assert PLANTED in [row["value"] for row in exported["surveys.Answer"]]
    assert len(exported["surveys.Invitation"]) == 1

    token = invitation.token
    assert _provider().erase(mentee_anne) == {"surveys.Answer": 1, "surveys.Invitation": 1}
    invitation.refresh_from_db()
    assert (invitation.person, invitation.token == token) == (None, False)
    assert not Answer.objects.filter(value=PLANTED).exists()
    assert (
        Answer.objects.filter(invitation=invitation, question__key="change_readiness").get().value
        == 4
    )
    assert not Invitation.objects.filter(person=mentee_anne).exists()
