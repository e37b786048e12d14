from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GatheringsConfig(AppConfig):
    name = "brobygger.gatherings"
    label = "gatherings"
    verbose_name = _("Gatherings")

    def ready(self) -> None:
        from brobygger.gatherings.timeline import SOURCE
        from brobygger.programs.timeline import register_timeline_source

        register_timeline_source(SOURCE)
