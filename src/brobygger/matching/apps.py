from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "brobygger.matching"
    label = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from brobygger.matching.services.welcome import on_cohort_started
        from brobygger.programs.signals import cohort_started

        cohort_started.connect(on_cohort_started, dispatch_uid="brobygger.matching.welcome")
