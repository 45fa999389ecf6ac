import hashlib

from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import json_script
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from organizations.models import Organization
from partners.map import LINE_CAP, UNPLACED_SHOWN, MapFilter, map_data, payload
from portal.page_cache import cache_get, cache_set, versioned_key


def partner_map(request):
    """The organizations on a map, with the agreements between their places as lines,
    narrowed by the directory's filters; the same results as lists below it."""
    filterset = MapFilter(request.GET or None, queryset=Organization.objects.all(), request=request)
    valid = not filterset.is_bound or filterset.is_valid()
    context = {
        "section": "map",
        "filterset": filterset,
        "filter_form": render_to_string(
            "includes/filter_form.html", {"form": filterset.form}, request=request
        ),
        "unplaced_shown": UNPLACED_SHOWN,
        "line_cap": LINE_CAP,
        "list_query": _list_query(request.GET),
    }
    if valid:
        data, data_script, lists = cached_map(filterset, request)
        context.update(map=data, map_script=data_script, map_lists=lists, map_strings=map_strings())
    return render(request, "partners/map.html", context, status=200 if valid else 400)


def cached_map(filterset, request):
    """The map's places and lines for these filters, what its script reads (as the page's
    JSON data block) and the same
    as lists (thousands of names, the slowest part of the page to render): from the
    cache, or read (a few grouped queries over every organization the filters keep, a
    second at 100,000) and cached until the data changes, by language (the names) and
    day (the agreements in force)."""
    today = timezone.localdate()
    filters = sorted(request.GET.lists())
    digest = hashlib.sha256(repr(filters).encode("utf-8", "surrogateescape")).hexdigest()
    key = versioned_key("map", get_language() or "", today.isoformat(), digest)
    cached = cache_get(key)
    if cached is None:
        data = map_data(filterset, request.GET, today)
        lists = render_to_string("partners/map_lists.html", {"map": data}, request=request)
        # Escaped for the page once: a megabyte of JSON takes a tenth of a second.
        cached = (data, json_script(payload(data), "map-data"), lists)
        cache_set(key, cached)
    return cached


def map_strings():
    """The words the map's script writes, in the page's language ({…} are filled in)."""
    return {
        "map": _("Map of the organizations and of the agreements between their places"),
        "placedAtCity": _("placed at its city"),
        "group": _("Organizations: {count}, in {places} places. Press Enter to zoom in."),
        "place": _("{place}, organizations: {count}"),
        "listThem": _("Press Enter to list them."),
        "line": _("{places}, agreements: {count}"),
        "allInList": _("{place} and its metro area, in the directory"),
        "moreAgreements": _("Agreements in all: {count}"),
        "baseMapMissing": _("The base map could not be drawn; the markers are shown without it."),
    }


def _list_query(query):
    """The map's filters as the directory's list reads them (it draws no lines)."""
    params = query.copy()
    params.pop("agreements", None)
    return f"?{params.urlencode()}" if params else ""
