from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from agreements.models import Agreement, Benefit
from events.models import Event
from organizations.models import Organization
from portal import search as search_engine
from portal.models import SearchKind

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


SEARCH_RESULTS_PER_KIND = 10

# Where "see all" leads for each kind: its list, filtered by the same words.
SEARCH_LISTS = {
    SearchKind.ORGANIZATION: "organizations:list",
    SearchKind.AGREEMENT: "agreements:list",
    SearchKind.EVENT: "events:list",
}


def search(request):
    """One box over organizations, agreements and events, grouped and ranked."""
    raw = request.GET.get("q", "")
    query = search_engine.clean_query(raw)
    groups = []
    if search_engine.query_words(query):
        results = search_engine.search(query, get_language(), SEARCH_RESULTS_PER_KIND)
        groups = [
            {
                "kind": kind,
                "label": label,
                "results": results[kind],
                "list_url": SEARCH_LISTS[kind],
                "more": len(results[kind]) == SEARCH_RESULTS_PER_KIND,
            }
            for kind, label in SearchKind.choices
        ]
    return render(
        request,
        "portal/search.html",
        {
            "section": "search",
            "search_query": query,
            "query_was_cut": len(" ".join(raw.split())) > len(query),
            "groups": groups,
            "has_results": any(group["results"] for group in groups),
        },
    )
