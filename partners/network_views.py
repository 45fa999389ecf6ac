from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from agreements.models import Party
from partners.filters import NetworkFilter
from partners.network import NETWORK_LIMIT, first_year, network_parties, read_network, standing_in
from portal.page_cache import cache_get, cache_set, versioned_key

# Placeholders for the two organizations of a pair's URL, completed in Python.
PAIR_SLUGS = ("pair-source-slug", "pair-target-slug")


def pair_url_template():
    """Where a line between two organizations leads: the page of their history together
    (``partners:between``), reversed once for every line."""
    return reverse("partners:between", args=PAIR_SLUGS)


def cached_first_year(today):
    """Where the slider starts: the first year with a signed agreement (this year when
    there is none), until the data changes."""
    key = versioned_key("network-first-year")
    year = cache_get(key)
    if year is None:
        year = first_year() or today.year
        cache_set(key, year)
    return year


def cached_network(filterset, year, today):
    """The network of ``year`` the valid ``filterset`` asks for, cached by its filters,
    language and day until the data changes (the page cache keeps anonymous pages; this
    keeps the figures for signed-in visitors and the slider's other pages)."""
    kind = filterset.form.cleaned_data.get("kind") or ""
    country = filterset.form.cleaned_data.get("country") or ""
    key = versioned_key("network", get_language() or "", today.isoformat(), year, kind, country)
    network = cache_get(key)
    if network is None:
        standing = standing_in(year, today)
        filterset.queryset = network_parties(standing)
        network = read_network(filterset.qs, standing, year, limit=NETWORK_LIMIT)
        cache_set(key, network)
    return network


def graph_data(network):
    """What static/js/network.js draws: nodes and edges with the addresses they open."""
    pair_url = pair_url_template()
    slug_of = {node.id: node.slug for node in network.nodes}

    def pair_slugs(edge):
        # The pair's one address has its slugs in ascending order (the other redirects).
        return sorted((slug_of[edge.source], slug_of[edge.target]))

    return {
        "year": network.year,
        "nodes": [
            {
                "id": str(node.id),
                "name": node.name,
                "agreements": node.agreements,
                "partners": node.partners,
                "url": node.url,
            }
            for node in network.nodes
        ],
        "edges": [
            {
                "source": str(edge.source),
                "target": str(edge.target),
                "agreements": edge.agreements,
                "url": pair_url.replace(PAIR_SLUGS[0], pair_slugs(edge)[0]).replace(
                    PAIR_SLUGS[1], pair_slugs(edge)[1]
                ),
            }
            for edge in network.edges
        ],
    }


def network_page(request):
    """Who signed with whom, as it stood in a year: a graph and the same as a table."""
    today = timezone.localdate()
    data = request.GET.copy()
    if not data.get("year"):
        data["year"] = str(today.year)
    filterset = NetworkFilter(data, queryset=Party.objects.none(), request=request)
    form = filterset.form
    valid = form.is_valid()
    start = cached_first_year(today)
    year = form.cleaned_data["year"] if valid else today.year
    slider = form.fields["year"].widget.attrs
    slider.update({"min": min(start, year), "max": today.year})
    network = cached_network(filterset, year, today) if valid else None
    return render(
        request,
        "partners/network.html",
        {
            "section": "network",
            "form": form,
            "year": year,
            "network": network,
            "limit": NETWORK_LIMIT,
            "graph": graph_data(network) if network is not None else None,
        },
        status=200 if valid else 400,
    )
