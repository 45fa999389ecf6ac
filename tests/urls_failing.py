"""A URLconf of pages that fail, for the tests of the error pages."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path


def failing_view(request):
    raise RuntimeError("a failure whose details must stay private: SECRET_KEY")


def forbidden_view(request):
    raise PermissionDenied("a reason that must stay private")


def suspicious_view(request):
    raise SuspiciousOperation("a reason that must stay private")


urlpatterns = i18n_patterns(
    path("failing/", failing_view),
    path("forbidden/", forbidden_view),
    path("suspicious/", suspicious_view),
)
