from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .staff import staff_privilege_withheld

# The portal's sections, in header order. A section appears once its app serves the page.
SECTIONS = [
    ("members", "members:directory", _("Members")),
    ("governance", "governance:index", _("Governance")),
    ("ceds", "ceds:dashboard", _("CeDS")),
    ("feasibility", "feasibility:calls", _("Feasibility studies")),
    ("awards", "awards:index", _("Awards")),
    ("training", "training:catalogue", _("Training")),
]


def _sections():
    found = []
    for key, url_name, label in SECTIONS:
        try:
            found.append({"key": key, "url": reverse(url_name), "label": label})
        except NoReverseMatch:
            continue
    return found


def portal(request):
    """Values every page needs: the portal name and the sections in the header."""
    path = request.path
    sections = _sections()
    for section in sections:
        section["current"] = path.startswith(section["url"])
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "portal_sections": sections,
        "staff_privilege_withheld": staff_privilege_withheld(getattr(request, "user", None)),
    }
