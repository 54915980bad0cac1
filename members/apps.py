from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wego.registry import demo_loaders, open_tasks

from .audit import AuditAction


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Membership")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wego.audit import register_actions  # noqa: PLC0415 — AppConfig.ready(): it imports models

        from .open_tasks import membership_tasks  # noqa: PLC0415 — AppConfig.ready(): it imports models

        register_actions("members", AuditAction)
        open_tasks.register(membership_tasks)
        demo_loaders.register(
            "members.demo.seed", name="members", order=10, accounts="members.demo.print_accounts"
        )
