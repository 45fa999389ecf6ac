from django.urls import path  # noqa: F401
from django.utils.translation import gettext_lazy as _  # noqa: F401

app_name = "partners"

urlpatterns = []
