from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wego.registry import demo_loaders, help_offers, open_tasks

from .audit import AuditAction


class CedsConfig(AppConfig):
    name = "ceds"
    verbose_name = _("CeDS self-assessment")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The app registry is ready only now: each of these modules loads models when imported.
        from wego.audit import register_actions  # noqa: PLC0415 — AppConfig.ready(): wego.audit loads AuditEntry

        # permissions registers the rules permissions, workflows the tables: both load the models.
        from . import permissions, workflows  # noqa: F401, PLC0415 — AppConfig.ready(): they load the models
        from .open_tasks import ceds_tasks  # noqa: PLC0415 — AppConfig.ready(): open_tasks loads the models

        register_actions("ceds", AuditAction)
        open_tasks.register(ceds_tasks)
        demo_loaders.register("ceds.demo.seed", name="ceds", order=50)
        # The CeDS's own help for a gap: best-practice modules and peer cities (wego.router).
        help_offers.register("ceds.help.module_offers", name="ceds.modules", order=10)
        help_offers.register("ceds.help.peer_offers", name="ceds.peers", order=90)
