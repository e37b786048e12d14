"""Small helpers shared by the matching tests."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail

from brobygger.core.mailings import MailingRefused
from brobygger.matching.models import Proposal, ProposalSide
from brobygger.matching.selectors.mailings import proposal_mailing, publish_mailing
from brobygger.matching.selectors.runs import latest_done_run, proposal_view
from brobygger.matching.services.proposals import send_proposals
from brobygger.matching.services.publish import publish_pairs
from brobygger.matching.services.runs import start_run
from brobygger.programs.models import Cohort


def run(cohort: Any, by: Any = None) -> Any:
    return start_run(cohort=cohort, by=by)


def pairs_by_name(cohort: Any) -> set[tuple[str, str]]:
    run = latest_done_run(cohort)
    assert run is not None
    return {
        (p.mentee.person.user.first_name, p.mentor.person.user.first_name)
        for p in proposal_view(run).pairs
    }


def link_of(side: ProposalSide) -> str:
    return f"/proposals/{side.code}/{side.token}/"


def links_in_outbox() -> dict[str, str]:
    """recipient -> the proposal link path in the last email to them."""
    found = {}
    for message in mail.outbox:
        match = re.search(r"(/proposals/[0-9a-f-]+/[A-Za-z0-9_-]+/)", message.body)
        if match:
            found[message.to[0]] = match.group(1)
    return found


def send(cohort: Any, by: Any = None) -> int:
    """Send the proposals as previewed now; returns how many proposals were made."""
    cohort = Cohort.objects.get(pk=cohort.pk)
    before = Proposal.objects.filter(cohort=cohort).count()
    try:
        send_proposals(cohort=cohort, token=proposal_mailing(cohort).token, by=by)
    except MailingRefused as error:
        if error.code != "empty":
            raise
    return Proposal.objects.filter(cohort=cohort).count() - before


def publish(cohort: Any, by: Any = None) -> list[Any]:
    """Publish as previewed now; returns the pairs."""
    cohort = Cohort.objects.get(pk=cohort.pk)
    pairs, _mailing = publish_pairs(cohort=cohort, token=publish_mailing(cohort).token, by=by)
    return pairs


def confirm(client: Any, url: str, **kwargs: Any) -> Any:
    """What she does: open the preview, then confirm it with its token."""
    preview = client.get(url)
    token = preview.context["preview"].token
    return client.post(url, {"token": token}, **kwargs)
