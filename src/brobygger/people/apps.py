from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "brobygger.people"
    label = "people"
    verbose_name = _("People and companies")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(_ensure_role_groups, sender=self)


def _ensure_role_groups(**kwargs: object) -> None:
    from brobygger.people.roles import ensure_role_groups

    ensure_role_groups()
