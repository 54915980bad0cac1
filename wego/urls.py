from allauth.account.decorators import secure_admin_login
from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import files, views

admin.site.site_header = _("WeGO Portal — Secretariat")
admin.site.site_title = _("WeGO Portal admin")
admin.site.index_title = _("Secretariat administration")
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

# Swagger UI styles a few elements inline; allow that on the docs page only.
docs_view = csp_update({"style-src": [SELF, UNSAFE_INLINE], "img-src": [SELF, "data:"]})(
    SpectacularSwaggerSplitView.as_view(url_name="schema")
)

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    # The finance models' admin pages were under /admin/members/ until issue 13: old links redirect.
    path("admin/members/", include("finance.urls_admin_legacy")),
    path("admin/", admin.site.urls),
    # Before members.urls: its public `<slug>/` route would take "fees" and "finance".
    path("members/", include("finance.urls")),
    path("members/", include("members.urls")),
    path("partners/", include("members.urls_partners")),
    path("staff/members/", include("members.urls_staff")),
    path("governance/", include("governance.urls")),
    path("staff/governance/", include("governance.urls_staff")),
    path("ceds/", include("ceds.urls")),
    path("staff/ceds/", include("ceds.urls_staff")),
    path("feasibility/", include("feasibility.urls")),
    path("staff/feasibility/", include("feasibility.urls_staff")),
    path("awards/", include("awards.urls")),
    path("staff/awards/", include("awards.urls_staff")),
    path("training/", include("training.urls")),
    path("staff/training/", include("training.urls_staff")),
    path("api/v1/", include("wego.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", docs_view, name="api-docs"),
    # Private uploads: the Secretariat only (admin links); members use each app's download views.
    path("staff/files/<path:name>", files.private_file, name="private-file"),
]

if settings.DEBUG:
    # Public uploads only (logos, MOUs, meeting documents): PRIVATE_MEDIA_ROOT is outside MEDIA_ROOT.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "wego.views.error_400"
handler403 = "wego.views.error_403"
handler404 = "wego.views.error_404"
handler500 = "wego.views.error_500"
