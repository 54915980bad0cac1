from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wego.registry import demo_loaders


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = _("Finance")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wego.audit import register_actions

        from .audit import AuditAction

        register_actions("finance", AuditAction)
        demo_loaders.register("finance.demo.seed", name="finance", order=20)
