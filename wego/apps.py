from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from .actions import AuditAction


class WegoConfig(AppConfig):
    name = "wego"
    verbose_name = _("Portal platform")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The registry is ready only now: checks and the schema extension register on import.
        from . import checks  # noqa: F401, PLC0415 — registers system checks once the apps are loaded
        from .api import schema  # noqa: F401, PLC0415 — registers the Api-Key scheme (imports DRF settings)
        from .audit import register_actions  # noqa: PLC0415 — wego.audit loads AuditEntry
        from .registry import demo_loaders  # noqa: PLC0415 — with the audit vocabulary, below
        from .staff import connect_signals  # noqa: PLC0415 — wego.staff is imported by the User model

        connect_signals()
        register_actions("wego", AuditAction)
        # The topic vocabulary comes first: every app's demo links its programs and gaps to it.
        demo_loaders.register("wego.demo.seed_topics", name="topics", order=-100)
