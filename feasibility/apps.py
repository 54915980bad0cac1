from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wego.registry import demo_loaders, open_tasks


class FeasibilityConfig(AppConfig):
    name = "feasibility"
    verbose_name = _("Feasibility studies")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .open_tasks import feasibility_tasks

        open_tasks.register(feasibility_tasks)
        demo_loaders.register("feasibility.demo.seed", name="feasibility", order=60)
