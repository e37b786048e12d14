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
