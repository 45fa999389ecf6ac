from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.query_text import clean_query
from search import results
from search.models import SearchKind

SEARCH_RESULTS_PER_KIND = 10

# Each kind's heading, and where "see all" leads: its list, filtered by the same words.
SEARCH_GROUPS = {
    SearchKind.ORGANIZATION: (_("Organizations"), "organizations:list"),
    SearchKind.AGREEMENT: (_("Agreements"), "agreements:list"),
    SearchKind.EVENT: (_("Events"), "events:list"),
}


def search(request):
    """One box over organizations, agreements and events: the best of each kind,
    the kind with the best match first, with how many match in all."""
    raw = request.GET.get("q", "")
    query = clean_query(raw)
    found = results.search(query, get_language(), SEARCH_RESULTS_PER_KIND) if query else None
    groups = []
    for group in found.groups if found else []:
        heading, list_url = SEARCH_GROUPS[group.kind]
        groups.append(
            {
                "kind": group.kind,
                "heading": heading,
                "list_url": list_url,
                "results": group.results,
                "total": group.shown_total,
                "estimated": group.estimated,
                "more": group.more,
            }
        )
    return render(
        request,
        "search/search.html",
        {
            "section": "search",
            "search_query": query,
            "query_was_cut": len(" ".join(raw.split())) > len(query),
            "groups": groups,
            "has_results": bool(found and found.found),
            "suggestion": found.suggestion if found else "",
            "suggestion_url": f"{reverse('search')}?{urlencode({'q': found.suggestion})}"
            if found and found.suggestion
            else "",
        },
    )
