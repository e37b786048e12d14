"""Personal data of the people app: the account, the profile, the company-contact role, the
personal API tokens."""

from __future__ import annotations

import uuid
from typing import Any

from brobygger.core.privacy_registry import PersonalField, PrivacyProvider, register, rows
from brobygger.core.services import ERASED_EMAIL_DOMAIN
from brobygger.people.models import PROFILE_FIELDS, ApiToken, CompanyContact, Person, User

_PROFILE = "the profile the matching uses"
_ERASE = "until the account is deleted; closed cohorts anonymised by retention"

USER_FIELDS = ["email", "first_name", "last_name", "language", "date_joined", "last_login"]
PERSON_FIELDS = ["code", *PROFILE_FIELDS]
# Never the digest: it is a credential, not information about her.
API_TOKEN_FIELDS = [
    "name",
    "prefix",
    "created_at",
    "last_used_at",
    "expires_at",
    "expiry_reminded_at",
    "revoked_at",
]
_TOKENS = "until the account is deleted (a revoked or expired token stays listed, unusable)"


@register
class PeoplePrivacy(PrivacyProvider):
    app_label = "people"
    erase_order = 100  # the identity goes last: other providers find rows through it
    not_personal = [
        "User.password",  # a hash, made unusable on erasure
        "CorporateGroup.name",
        "Company.name",
        "Company.org_number",
        "Company.industry",
        "Company.city",
        "ApiToken.digest",  # a SHA-256 hash of a random token, deleted with the row
    ]
    fields = [
        PersonalField(
            "people.User",
            "email",
            "sign-in and messages",
            "contract",
            _ERASE,
            "replaced by a placeholder",
        ),
        PersonalField("people.User", "first_name", "addressing the person", "contract", _ERASE),
        PersonalField("people.User", "last_name", "addressing the person", "contract", _ERASE),
        PersonalField(
            "people.User",
            "language",
            "messages in her language",
            "contract",
            _ERASE,
            "kept anonymous",
        ),
        PersonalField(
            "people.User", "date_joined", "account history", "contract", _ERASE, "kept anonymous"
        ),
        PersonalField("people.User", "last_login", "security", "legitimate interest", _ERASE),
        PersonalField("people.Person", "company", _PROFILE, "contract", _ERASE),
        PersonalField("people.Person", "job_title", _PROFILE, "contract", _ERASE),
        PersonalField("people.Person", "birth_year", _PROFILE, "contract", _ERASE),
        PersonalField("people.Person", "years_experience", _PROFILE, "contract", _ERASE),
        PersonalField(
            "people.Person", "role_family", _PROFILE, "contract", _ERASE, "kept anonymous"
        ),
        PersonalField("people.Person", "industry", _PROFILE, "contract", _ERASE, "kept anonymous"),
        PersonalField("people.Person", "languages", _PROFILE, "contract", _ERASE),
        PersonalField("people.Person", "city", _PROFILE, "contract", _ERASE),
        PersonalField(
            "people.CompanyContact",
            "company",
            "nominating colleagues",
            "legitimate interest",
            "while she is her company's contact",
            "deleted with the row",
        ),
        PersonalField(
            "people.ApiToken",
            "name",
            "telling her API tokens apart",
            "contract",
            _TOKENS,
            "deleted with the row",
        ),
        PersonalField(
            "people.ApiToken",
            "prefix",
            "telling her API tokens apart",
            "contract",
            _TOKENS,
            "deleted with the row",
        ),
        PersonalField(
            "people.ApiToken",
            "last_used_at",
            "security: spotting a token in use that should not be",
            "legitimate interest",
            _TOKENS,
            "deleted with the row",
        ),
    ]

    def export(self, person: Person) -> dict[str, list[dict[str, Any]]]:
        return {
            "people.User": rows([person.user], USER_FIELDS),
            "people.Person": rows([person], PERSON_FIELDS),
            "people.CompanyContact": rows(
                CompanyContact.objects.filter(person=person), ["company", "created_at"]
            ),
            "people.ApiToken": rows(
                ApiToken.objects.filter(user=person.user).order_by("created_at"), API_TOKEN_FIELDS
            ),
        }

    def erase(self, person: Person) -> dict[str, int]:
        contacts, _ = CompanyContact.objects.filter(person=person).delete()
        tokens, _ = ApiToken.objects.filter(user=person.user).delete()
        user: User = person.user
        user.email = f"erased-{uuid.uuid4().hex}@{ERASED_EMAIL_DOMAIN}"
        user.first_name = user.last_name = ""
        user.last_login = None
        user.is_active = user.is_staff = user.is_superuser = False
        user.set_unusable_password()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
        user.coordinated_initiatives.clear()
        for name in ("job_title", "city"):
            setattr(person, name, "")
        person.company = None
        person.birth_year = person.years_experience = None
        person.languages = []
        person.save()
        return {
            "people.User": 1,
            "people.Person": 1,
            "people.CompanyContact": contacts,
            "people.ApiToken": tokens,
        }
