from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CedsConfig(AppConfig):
    name = "ceds"
    verbose_name = _("CeDS self-assessment")
    default_auto_field = "django.db.models.BigAutoField"
