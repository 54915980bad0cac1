from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wego.registry import demo_loaders, open_tasks

from .audit import AuditAction


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each of these modules loads models (wego.audit its AuditEntry; the others governance's and
        # members'), which cannot be imported before the app registry is ready.
        from wego.audit import register_actions  # noqa: PLC0415 — AppConfig.ready(): loads wego.models

        from . import permissions, workflows  # noqa: F401, PLC0415 — AppConfig.ready(): registers the rules and the tables
        from .open_tasks import governance_tasks  # noqa: PLC0415 — AppConfig.ready(): loads the models

        register_actions("governance", AuditAction)
        open_tasks.register(governance_tasks)
        demo_loaders.register("governance.demo.seed", name="governance", order=30)
