from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "brobygger.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each app's scheduled jobs (``<app>/scheduled.py``, see ``core.scheduler``) and
        # main-menu entries (``<app>/navigation.py``, see ``core.navigation``).
        autodiscover_modules("scheduled")
        autodiscover_modules("navigation")
        _name_the_libraries_models()


def _name_the_libraries_models() -> None:
    """Names the admin shows that the libraries leave untranslatable: django-tasks-db's app
    is a plain English string, allauth's authenticator has no verbose name. (Display names
    only: they are no part of a migration's state.)"""
    from allauth.mfa.models import Authenticator
    from django.apps import apps

    for config in apps.get_app_configs():
        if config.name == "django_tasks_db":
            config.verbose_name = _("Background tasks")
    Authenticator._meta.verbose_name = _("authenticator")
    Authenticator._meta.verbose_name_plural = _("authenticators")
