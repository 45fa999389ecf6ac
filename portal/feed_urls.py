from django.urls import path
from django.utils.translation import gettext_lazy as _

from portal.feeds import NewAgreementsFeed, UpcomingEventsFeed

app_name = "feeds"

urlpatterns = [
    path(_("agreements/"), NewAgreementsFeed(), name="agreements"),
    path(_("events/"), UpcomingEventsFeed(), name="events"),
]
