from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeasibilityConfig(AppConfig):
    name = "feasibility"
    verbose_name = _("Feasibility studies")
    default_auto_field = "django.db.models.BigAutoField"
