from django.shortcuts import render
from django.utils import timezone

from agreements.models import Agreement, Benefit
from events.models import Event
from organizations.models import Organization
from portal.page_cache import cache_get, cache_set, versioned_key
from portal.publishing import published_through

HOME_LIST_SIZE = 5


def key_numbers():
    """Totals for the home page; counted once after each change to the data, not per visit."""
    key = versioned_key("home:key-numbers")
    numbers = cache_get(key)
    if numbers is None:
        numbers = {
            "organizations": Organization.objects.count(),
            "agreements": Agreement.objects.count(),
            "events": Event.objects.count(),
            "benefits": Benefit.objects.filter(published_through("agreement")).count(),
        }
        cache_set(key, numbers)
    return numbers


def home(request):
    today = timezone.localdate()
    return render(
        request,
        "portal/home.html",
        {
            "section": "home",
            "upcoming_events": Event.objects.for_list().upcoming(today)[:HOME_LIST_SIZE],
            "recent_agreements": Agreement.objects.for_list().with_state(today)[:HOME_LIST_SIZE],
            "key_numbers": key_numbers(),
        },
    )
