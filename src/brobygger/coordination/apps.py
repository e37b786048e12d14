from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    """Pages that combine several apps: setting up the year, the network's year."""

    name = "brobygger.coordination"
    verbose_name = _("Coordination")
