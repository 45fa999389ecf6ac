"""What every browse page (organizations, agreements, events) does the same way.

A FilterSet read from the query string narrows the list; invalid values are
shown as form errors with status 400, never a 500. Lists are paginated with a
cap: counting is bounded (``COUNT`` over at most ``RESULT_CAP + 1`` rows), so a
page over 100,000 rows never counts the whole table, and the number shown is
"1,000+" past the cap. Pages beyond the cap are not offered; the last one says
to narrow the filters. The files made from a list (its CSV export, its
calendar) read the same filters and, having no page to show errors on, answer
``bad_filters_response``.
"""

import hashlib
from functools import cached_property

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpResponseBadRequest, QueryDict
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic import ListView

from portal.filters import SortFilter, filter_tags
from portal.page_cache import cache_get, cache_set, versioned_key

RESULT_CAP = 1000
PAGE_SIZE = 20


class CappedPaginator(Paginator):
    """A paginator that counts at most ``cap + 1`` rows and serves pages up to the cap.

    ``total``, when the caller knows it (``list_total``), is the exact number of rows:
    the list then says it, and only the first ``cap`` can still be browsed."""

    def __init__(self, object_list, per_page, cap=RESULT_CAP, total=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self.total = total

    @cached_property
    def bounded_count(self):
        if self.total is not None:
            return self.total
        # In no order: the database may stop at the cap instead of sorting every match.
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def capped(self):
        """True when there are more results than can be browsed."""
        return self.bounded_count > self.cap

    @cached_property
    def count(self):
        return min(self.bounded_count, self.cap)


def list_total(filterset_class, base_queryset, query: dict) -> int:
    """The exact number of records a list shows for the filters ``query`` (one of its
    ``counted_exactly``): what the home page's key numbers say and the list they link
    to repeats. Counted once per list, filters and day (an agreement's state, an
    upcoming event follow the calendar) after each change to the data."""
    filters = QueryDict(mutable=True)
    for name, value in sorted(query.items()):
        filters[name] = value
    key = versioned_key(
        "list-total",
        filterset_class.__name__,
        timezone.localdate().isoformat(),
        filters.urlencode(),
    )
    total = cache_get(key)
    if total is None:
        filterset = filterset_class(filters or None, queryset=base_queryset)
        total = filterset.qs.order_by().count()
        cache_set(key, total)
    return total


class BrowseView(ListView):
    """A ListView narrowed by a django-filter FilterSet and paginated with a cap."""

    filterset_class = None
    paginate_by = PAGE_SIZE
    paginator_class = CappedPaginator
    # The filters (as query strings read them) whose results are counted exactly,
    # past the cap: the list unfiltered and those the home page's numbers link to.
    counted_exactly = ({},)
    # What an empty list says: nothing matches the visitor's filters; there is nothing
    # at all; and what to try next when filters are set.
    empty_filtered = _lazy("No results match these filters.")
    empty_unfiltered = _lazy("Nothing has been published here yet.")
    empty_hint = _lazy("Remove a filter, or search every record instead.")

    def get_base_queryset(self):
        raise NotImplementedError

    def chosen_filters(self) -> dict:
        """The filters the visitor set, as the query string has them: those with a
        value other than the one the list assumes when none is given."""
        defaults = getattr(self.filterset_class, "default_filters", {})
        filters = self.filterset_class.base_filters
        return {
            name: value
            for name, value in self.request.GET.items()
            if name in filters
            # The order of the list is no filter.
            and not isinstance(filters[name], SortFilter)
            and value.strip()
            and defaults.get(name) != value
        }

    def get_paginator(self, queryset, per_page, **kwargs):
        chosen = self.chosen_filters()
        if chosen in self.counted_exactly:
            kwargs["total"] = list_total(self.filterset_class, self.get_base_queryset(), chosen)
        return super().get_paginator(queryset, per_page, **kwargs)

    def get_queryset(self):
        self.filterset = self.filterset_class(
            self.request.GET or None, queryset=self.get_base_queryset(), request=self.request
        )
        if self.filterset.is_bound and not self.filterset.is_valid():
            return self.filterset.queryset.none()
        return self.filterset.qs

    def get_page_rows(self, object_list):
        """What the page shows of its slice of records: the records themselves, unless a
        list reads them cheaper (rows of values, ``portal.rows``)."""
        return object_list

    page_error = None

    def paginate_queryset(self, queryset, page_size):
        """Like ListView's, but a page that does not exist is explained on the list
        page itself (status 404) rather than by a bare error page."""
        paginator = self.get_paginator(queryset, page_size)
        raw = self.request.GET.get(self.page_kwarg) or 1
        try:
            page = paginator.page(raw)
        except PageNotAnInteger:
            self.page_error = _("The page number must be a whole number.")
        except EmptyPage:
            if paginator.capped and int(raw) > paginator.num_pages:
                self.page_error = _(
                    "Only the first %(cap)s results can be browsed. Narrow the filters to see "
                    "the rest."
                ) % {"cap": number_format(paginator.cap, force_grouping=True)}
            else:
                self.page_error = _("There is no such page of results.")
        else:
            page.object_list = self.get_page_rows(page.object_list)
            return paginator, page, page.object_list, page.has_other_pages()
        return paginator, None, queryset.none(), False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filterset"] = self.filterset
        context["filter_form"] = self.rendered_filter_form()
        context["filter_tags"], context["clear_filters_url"] = self.active_filters()
        context["result_cap"] = RESULT_CAP
        context["page_error"] = self.page_error
        context["filters_chosen"] = bool(self.chosen_filters())
        context["empty_state"] = {
            "filtered": self.empty_filtered,
            "unfiltered": self.empty_unfiltered,
            "hint": self.empty_hint,
        }
        return context

    def active_filters(self):
        """The tags of the filters the visitor set, and the address that clears them: none
        for a form with errors, which the form shows instead."""
        if not self.request.GET or not self.filterset.is_valid():
            return [], self.request.path
        return filter_tags(self.filterset, self.request.GET, self.request.path, self.page_kwarg)

    def rendered_filter_form(self):
        """The filter form's HTML. A valid form's is cached, by list, filters (the page
        number aside: every page of a list shows the same form) and day (its counts
        follow the calendar: an agreement's state, an upcoming event), until the data
        changes; one with errors is rendered each time."""

        def render():
            return render_to_string(
                "includes/filter_form.html", {"form": self.filterset.form}, request=self.request
            )

        if self.filterset.is_bound and not self.filterset.is_valid():
            return render()
        # Each name's values in the order given: a filter reads the last one.
        filters = sorted(
            (name, values) for name, values in self.request.GET.lists() if name != self.page_kwarg
        )
        digest = hashlib.sha256(repr(filters).encode("utf-8", "surrogateescape")).hexdigest()
        key = versioned_key(
            "filter-form", self.request.path, timezone.localdate().isoformat(), digest
        )
        html = cache_get(key)
        if html is None:
            html = render()
            cache_set(key, html)
        return html

    def render_to_response(self, context, **response_kwargs):
        if self.filterset.is_bound and not self.filterset.is_valid():
            response_kwargs.setdefault("status", 400)
        elif self.page_error:
            response_kwargs.setdefault("status", 404)
        return super().render_to_response(context, **response_kwargs)


def bad_filters_response(form) -> HttpResponseBadRequest:
    """Status 400 and, in plain text, what could not be understood in the query string."""
    lines = [_("Some filters could not be understood:")]
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        for error in errors:
            if field is not None and field.label:
                lines.append(
                    "- " + _("%(field)s: %(error)s") % {"field": field.label, "error": error}
                )
            else:
                lines.append(f"- {error}")
    return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
