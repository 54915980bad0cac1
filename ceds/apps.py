from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wego.registry import demo_loaders, open_tasks


class CedsConfig(AppConfig):
    name = "ceds"
    verbose_name = _("CeDS self-assessment")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wego.audit import register_actions

        from . import permissions  # noqa: F401 - registers the rules permissions
        from .audit import AuditAction
        from .open_tasks import ceds_tasks

        register_actions("ceds", AuditAction)
        open_tasks.register(ceds_tasks)
        demo_loaders.register("ceds.demo.seed", name="ceds", order=50)
