from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wego.registry import demo_loaders, help_offers, open_tasks

from .audit import AuditAction


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("WeGO Awards")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The app registry is ready only now: these modules import models when they are imported.
        from wego.audit import register_actions  # noqa: PLC0415 — AppConfig.ready(): wego.audit imports models

        from . import permissions, workflows  # noqa: F401, PLC0415 — AppConfig.ready(): register the rules and the workflows
        from .open_tasks import awards_tasks  # noqa: PLC0415 — AppConfig.ready(): imports the awards models

        register_actions("awards", AuditAction)
        open_tasks.register(awards_tasks)
        demo_loaders.register("awards.demo.seed", name="awards", order=40)
        help_offers.register("awards.help.offers", name="awards")
