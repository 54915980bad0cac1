from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wego.registry import demo_loaders, open_tasks


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("WeGO Awards")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wego.audit import register_actions

        from . import permissions  # noqa: F401 - registers the rules permissions
        from .audit import AuditAction
        from .open_tasks import awards_tasks

        register_actions("awards", AuditAction)
        open_tasks.register(awards_tasks)
        demo_loaders.register("awards.demo.seed", name="awards", order=40)
