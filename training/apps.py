from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wego.registry import demo_loaders, help_offers, open_tasks

from .audit import AuditAction


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wego.audit import register_actions  # noqa: PLC0415 — AppConfig.ready(): it imports models

        from . import workflows  # noqa: F401, PLC0415 — AppConfig.ready(): registers the tables; imports models
        from .open_tasks import training_tasks  # noqa: PLC0415 — AppConfig.ready(): it imports models

        register_actions("training", AuditAction)
        open_tasks.register(training_tasks)
        demo_loaders.register("training.demo.seed", name="training", order=70)
        help_offers.register("training.help.offers", name="training")  # sessions and eGovFrame for a CeDS gap
