from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wego.registry import demo_loaders, open_tasks


class FeasibilityConfig(AppConfig):
    name = "feasibility"
    verbose_name = _("Feasibility studies")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wego.audit import register_actions

        from .audit import AuditAction
        from .open_tasks import feasibility_tasks

        register_actions("feasibility", AuditAction)
        open_tasks.register(feasibility_tasks)
        demo_loaders.register("feasibility.demo.seed", name="feasibility", order=60)
