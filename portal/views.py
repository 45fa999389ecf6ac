from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone

from agreements.models import Agreement, Benefit
from events.models import Event
from organizations.models import Organization

HOME_LIST_SIZE = 5
KEY_NUMBERS_CACHE_SECONDS = 300


def key_numbers():
    """Totals for the home page; counted at most every few minutes, not per visit."""
    numbers = cache.get("home:key-numbers")
    if numbers is None:
        numbers = {
            "organizations": Organization.objects.count(),
            "agreements": Agreement.objects.count(),
            "events": Event.objects.count(),
            "benefits": Benefit.objects.count(),
        }
        cache.set("home:key-numbers", numbers, KEY_NUMBERS_CACHE_SECONDS)
    return numbers


def home(request):
    today = timezone.localdate()
    return render(
        request,
        "portal/home.html",
        {
            "section": "home",
            "upcoming_events": Event.objects.for_list().upcoming(today)[:HOME_LIST_SIZE],
            "recent_agreements": Agreement.objects.for_list()[:HOME_LIST_SIZE],
            "key_numbers": key_numbers(),
        },
    )
