from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from members import open_tasks

        from . import permissions  # noqa: F401 — registers the rules
        from .open_tasks import governance_tasks

        open_tasks.register(governance_tasks)
