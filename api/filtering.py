"""The lists' filters: the FilterSets of the pages, through django-filter's backend."""

from functools import cache

from django.http import QueryDict
from django_filters.rest_framework import DjangoFilterBackend

from api.pagination import ByIdCursorPagination

# The parameters every list reads for itself, none of them a filter.
NOT_FILTERS = {
    "lang",
    ByIdCursorPagination.cursor_query_param,
    ByIdCursorPagination.page_size_query_param,
}


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, which builds and validates the FilterSet's form (every
    filter copied, every choice box filled) on each request. A request that gives no
    filter at all gets the queryset as the FilterSet would leave it, without the form,
    where that is the queryset unchanged (``leaves_unfiltered``)."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if (
            filterset_class is not None
            and NOT_FILTERS.issuperset(request.query_params)
            and leaves_unfiltered(filterset_class)
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


@cache
def leaves_unfiltered(filterset_class):
    """Whether ``filterset_class`` given no data accepts it and returns the queryset it
    filters as it is: no filter applies a default (the events' ``when`` does)."""
    queryset = filterset_class._meta.model._default_manager.none()
    filterset = filterset_class(data=QueryDict(), queryset=queryset)
    return filterset.is_valid() and filterset.filter_queryset(queryset) is queryset
