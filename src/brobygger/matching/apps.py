from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "brobygger.matching"
    label = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from brobygger.applications.signals import matching_pool_changed
        from brobygger.matching.services.welcome import on_cohort_started
        from brobygger.programs.signals import cohort_started

        cohort_started.connect(on_cohort_started, dispatch_uid="brobygger.matching.welcome")
        matching_pool_changed.connect(_pool_changed, dispatch_uid="matching.pool_changed")


def _pool_changed(sender: Any, *, cohort_id: int, **kwargs: Any) -> None:
    """Who may be matched changed: the programme year's latest run is stale."""
    from brobygger.matching.services.inputs import mark_matching_inputs_changed

    mark_matching_inputs_changed(cohort=cohort_id)
