from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "brobygger.programs"
    label = "programs"
    verbose_name = _("Initiatives and cohorts")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from brobygger.programs.services import forget_front_page

        for model in ("programs.Initiative", "programs.Cohort"):
            post_save.connect(forget_front_page, sender=model, dispatch_uid=f"front-page:{model}")
            post_delete.connect(forget_front_page, sender=model, dispatch_uid=f"front-page-{model}")
