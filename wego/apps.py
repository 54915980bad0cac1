from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WegoConfig(AppConfig):
    name = "wego"
    verbose_name = _("Portal platform")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers system checks)
        from .api import schema  # noqa: F401  (registers the Api-Key security scheme)
        from .staff import connect_signals

        connect_signals()
