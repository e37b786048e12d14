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
        self._forget_front_page_on_writes()

    def _forget_front_page_on_writes(self) -> None:
        """The front page's cards show the gatherings on each year's timeline."""
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from brobygger.gatherings.models import Gathering
        from brobygger.programs.services import forget_front_page

        post_save.connect(forget_front_page, sender=Gathering, dispatch_uid="front-page:gathering")
        post_delete.connect(
            forget_front_page, sender=Gathering, dispatch_uid="front-page-gathering"
        )
        m2m_changed.connect(
            forget_front_page, sender=Gathering.cohorts.through, dispatch_uid="front-page:years"
        )
