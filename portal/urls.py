from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from portal import privacy, views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path(_("search/"), views.search, name="search"),
    path(_("account/"), include("accounts.urls")),
    path(_("organizations/"), include("organizations.urls")),
    path(_("agreements/"), include("agreements.urls")),
    path(_("benefits/"), include("agreements.benefit_urls")),
    path(_("events/"), include("events.urls")),
    path(
        _("about/"),
        TemplateView.as_view(template_name="portal/about.html", extra_context={"section": "about"}),
        name="about",
    ),
    path(_("privacy/"), privacy.privacy, name="privacy"),
)
