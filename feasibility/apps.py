from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wego.registry import demo_loaders, help_offers, open_tasks

from .audit import AuditAction


class FeasibilityConfig(AppConfig):
    name = "feasibility"
    verbose_name = _("Feasibility studies")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The app registry is ready only now: each of these modules loads models when imported.
        from wego.audit import register_actions  # noqa: PLC0415 — AppConfig.ready(): wego.audit loads AuditEntry

        from . import workflows  # noqa: F401, PLC0415 — AppConfig.ready(): registers the tables over the models
        from .open_tasks import feasibility_tasks  # noqa: PLC0415 — AppConfig.ready(): open_tasks loads the models

        register_actions("feasibility", AuditAction)
        open_tasks.register(feasibility_tasks)
        demo_loaders.register("feasibility.demo.seed", name="feasibility", order=60)
        help_offers.register("feasibility.help.offers", name="feasibility")
