from django.shortcuts import render
from django.utils.translation import get_language

from portal.query_text import clean_query, query_words
from search import querying
from search.models import SearchKind

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
    query = clean_query(raw)
    groups = []
    if query_words(query):
        results = querying.search(query, get_language(), SEARCH_RESULTS_PER_KIND)
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
        "search/search.html",
        {
            "section": "search",
            "search_query": query,
            "query_was_cut": len(" ".join(raw.split())) > len(query),
            "groups": groups,
            "has_results": any(group["results"] for group in groups),
        },
    )
