from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wego.registry import demo_loaders

from .audit import AuditAction


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = _("Finance")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wego.audit import register_actions  # noqa: PLC0415 — wego.audit loads wego's models: the registry is not ready before

        register_actions("finance", AuditAction)
        demo_loaders.register("finance.demo.seed", name="finance", order=20)
