from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from agreements.staff_calendar import private_calendar
from api.docs import api_docs
from portal import privacy, views
from portal.sitemaps import SITEMAPS, robots_txt

# The 500 page, or a 503 with Retry-After when the database gave up waiting.
# /health/ and /health/ready/ have no route: portal.health answers them first.
handler500 = "portal.statement_timeout.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("robots.txt", robots_txt, name="robots"),
    # A staff member's calendar: the token is the key, the account's language the
    # entries' (agreements.staff_calendar).
    path("calendar/private/<str:token>.ics", private_calendar, name="private_calendar"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path(_("search/"), include("search.urls")),
    path(_("account/"), include("accounts.urls")),
    path(_("organizations/"), include("organizations.urls")),
    path(_("agreements/"), include("agreements.urls")),
    path(_("benefits/"), include("agreements.benefit_urls")),
    path("", include("members.urls")),
    path("", include("partners.urls")),
    path(_("events/"), include("events.urls")),
    path(_("feeds/"), include("portal.feed_urls")),
    path(
        _("about/"),
        TemplateView.as_view(template_name="portal/about.html", extra_context={"section": "about"}),
        name="about",
    ),
    path(_("privacy/"), privacy.privacy, name="privacy"),
    path("api/", api_docs, name="api_docs"),
)
