from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "brobygger.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from brobygger.privacy import audit

        autodiscover_modules("privacy")
        audit.connect()
