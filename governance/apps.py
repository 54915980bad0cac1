from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wego.registry import demo_loaders, open_tasks


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wego.audit import register_actions

        from . import permissions  # noqa: F401 — registers the rules
        from .audit import AuditAction
        from .open_tasks import governance_tasks

        register_actions("governance", AuditAction)
        open_tasks.register(governance_tasks)
        demo_loaders.register("governance.demo.seed", name="governance", order=30)
