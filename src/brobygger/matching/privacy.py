"""Personal data held by matching: run snapshots, constraints, proposals and answers.

A run keeps the exact input the engine was given (each applicant's profile and answers,
keyed by the application's code) and its result (codes and scores only). Erasure blanks
the person's profile and answers in every run's input; her codes and scores stay as an
anonymous statistic (the application behind the code is anonymised by its own provider).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from brobygger.core.privacy_registry import PersonalField, PrivacyProvider, register, rows
from brobygger.matching.models import MatchConstraint, MatchRun, Proposal, ProposalSide, Wish
from brobygger.people.models import Person

RETENTION = "as long as the cohort's data is kept (anonymised with the cohort)"

# What the instance holds about a person that erasure blanks (the rest, such as role
# family, industry, meeting format and capacity, is kept as an anonymous statistic, as the
# people and applications providers keep it).
_ERASED_INPUT: dict[str, Any] = {
    "name": "",
    "text": "",
    "topics": [],
    "values": [],
    "city": None,
    "birth_year": None,
    "years_experience": None,
    "languages": [],
}

PROPOSAL_FIELDS = ["code", "cohort", "status", "score", "override_reason", "created_at"]
SIDE_FIELDS = ["proposal", "role", "asked_at", "reminded_at", "answer", "answered_at", "reason"]
CONSTRAINT_FIELDS = ["cohort", "kind", "override_reason", "created_at"]


@register
class MatchingPrivacy(PrivacyProvider):
    app_label = "matching"
    # Coordinators' settings and the engine's own output (no free text about a person),
    # choice values, and the random link code of a proposal side.
    not_personal = [
        "MatchRun.status",
        "MatchRun.settings",
        "MatchRun.error",
        "MatchRun.fingerprint",
        "MatchConstraint.kind",
        "Proposal.status",
        "Proposal.terms",
        "ProposalSide.role",
        "ProposalSide.token",
        "ProposalSide.answer",
        "Wish.kind",
        "CompanyConflict.kind",
    ]
    fields = [
        PersonalField(
            "matching.MatchRun",
            "instance",
            purpose="the profile and answers the engine matched on, kept to explain a result",
            legal_basis="consent",
            retention=RETENTION,
            erasure="anonymised",
        ),
        PersonalField(
            "matching.MatchRun",
            "result",
            purpose="the engine's pairs and scores (by application code), kept to explain a result",
            legal_basis="consent",
            retention=RETENTION,
            erasure="kept anonymous",
        ),
        PersonalField(
            "matching.MatchConstraint",
            "override_reason",
            purpose="why a coordinator paired people against a rule (audit)",
            legal_basis="legitimate interest",
            retention=RETENTION,
            erasure="deleted with the row",
        ),
        PersonalField(
            "matching.Proposal",
            "override_reason",
            purpose="why a coordinator proposed a pair against a rule (audit)",
            legal_basis="legitimate interest",
            retention=RETENTION,
            erasure="erased",
        ),
        PersonalField(
            "matching.Wish",
            "written",
            purpose="whom a participant asked not to be paired with, or to be paired with",
            legal_basis="consent",
            retention=RETENTION,
            erasure="deleted (her wishes, and the wishes naming her)",
        ),
        PersonalField(
            "matching.ProposalSide",
            "reason",
            purpose="why a person declined a proposed match",
            legal_basis="consent",
            retention=RETENTION,
            erasure="erased",
        ),
    ]

    def _codes(self, person: Person) -> set[str]:
        return {str(code) for code in person.applications.values_list("code", flat=True)}

    def _runs(self, codes: set[str]) -> list[MatchRun]:
        if not codes:
            return []
        query = Q()
        for code in codes:
            query |= Q(instance__icontains=code)
        return list(MatchRun.objects.filter(query))

    def export(self, person: Person) -> dict[str, list[dict[str, Any]]]:
        codes = self._codes(person)
        runs = []
        for run in self._runs(codes):
            mine = [
                p
                for side in ("mentees", "mentors")
                for p in run.instance.get(side, [])
                if p.get("id") in codes
            ]
            result = run.result or {}
            runs.append(
                {
                    "run": str(run.code),
                    "created_at": run.created_at.isoformat(),
                    "instance": mine,
                    # Her pairs and why she was left unmatched: the partner by code only.
                    "result": {
                        "pairs": [
                            p
                            for p in result.get("pairs", [])
                            if p.get("mentee") in codes or p.get("mentor") in codes
                        ],
                        "unmatched": [
                            u for u in result.get("unmatched", []) if u.get("id") in codes
                        ],
                    },
                }
            )
        mine_q = Q(mentee_application__person=person) | Q(mentor_application__person=person)
        sides = list(ProposalSide.objects.filter(person=person).select_related("proposal"))
        return {
            "matching.MatchRun": runs,
            "matching.MatchConstraint": rows(
                MatchConstraint.objects.filter(mine_q).select_related("cohort"), CONSTRAINT_FIELDS
            ),
            "matching.Proposal": rows(
                Proposal.objects.filter(mine_q).select_related("cohort"), PROPOSAL_FIELDS
            ),
            "matching.ProposalSide": [
                {**row, "proposal": str(side.proposal.code)}
                for side, row in zip(sides, rows(sides, SIDE_FIELDS), strict=True)
            ],
            # her own wishes, as she wrote them (never the wishes others wrote about her)
            "matching.Wish": rows(
                Wish.objects.filter(application__person=person), ["kind", "written", "created_at"]
            ),
        }

    def after_erasure(self, person: Person, *, by: Any | None) -> None:
        """Her open proposals are withdrawn; the other person and the coordinators are told."""
        from brobygger.matching.services.proposals import withdraw_proposals_of_leaver

        withdraw_proposals_of_leaver(person=person, by=by)

    def erase(self, person: Person) -> dict[str, int]:
        codes = self._codes(person)
        runs = 0
        for run in self._runs(codes):
            for side in ("mentees", "mentors"):
                for p in run.instance.get(side, []):
                    if p.get("id") in codes:
                        p.update(_ERASED_INPUT)
            run.save(update_fields=["instance"])
            runs += 1
        sides = ProposalSide.objects.filter(person=person).exclude(reason="").update(reason="")
        mine = Q(mentee_application__person=person) | Q(mentor_application__person=person)
        proposals = (
            Proposal.objects.filter(mine).exclude(override_reason="").update(override_reason="")
        )
        constraints = MatchConstraint.objects.filter(mine).delete()[0]
        wishes = Wish.objects.filter(
            Q(application__person=person) | Q(other__person=person)
        ).delete()[0]
        return {
            "matching.Wish": wishes,
            "matching.MatchRun": runs,
            "matching.ProposalSide": sides,
            "matching.Proposal": proposals,
            "matching.MatchConstraint": constraints,
        }
