from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.query_text import clean_query, query_words
from search import querying
from search.models import SearchKind

SEARCH_RESULTS_PER_KIND = 10

# Each kind's heading, and where "see all" leads: its list, filtered by the same words.
SEARCH_GROUPS = {
    SearchKind.ORGANIZATION: (_("Organizations"), "organizations:list"),
    SearchKind.AGREEMENT: (_("Agreements"), "agreements:list"),
    SearchKind.EVENT: (_("Events"), "events:list"),
}


def search(request):
    """One box over organizations, agreements and events, grouped and ranked."""
    raw = request.GET.get("q", "")
    query = clean_query(raw)
    groups = []
    if query_words(query):
        results = querying.search(query, get_language(), SEARCH_RESULTS_PER_KIND)
        groups = [
            {
                "kind": kind,
                "heading": heading,
                "results": results[kind],
                "list_url": list_url,
                "more": len(results[kind]) == SEARCH_RESULTS_PER_KIND,
            }
            for kind, (heading, list_url) in SEARCH_GROUPS.items()
        ]
    return render(
        request,
        "search/search.html",
        {
            "section": "search",
            "search_query": query,
            "query_was_cut": len(" ".join(raw.split())) > len(query),
            "groups": groups,
            "has_results": any(group["results"] for group in groups),
        },
    )
