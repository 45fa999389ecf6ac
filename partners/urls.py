from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from partners import views

app_name = "partners"

urlpatterns = [
    # Under the organizations' own translated prefix (organizations/, organisations/).
    path(
        _("organizations/"),
        include(
            [
                path(
                    _("<slug:slug>/with/<slug:other>/"),
                    views.between,
                    name="between",
                ),
            ]
        ),
    ),
]
