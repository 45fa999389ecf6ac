from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination


class ByIdCursorPagination(CursorPagination):
    """Pages that stay right while records are added: each page starts after the last id."""

    ordering = ("id",)
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    invalid_cursor_message = _("This page address is not valid; start from the first page.")

    def decode_cursor(self, request):
        """A cursor's position goes into a query: one the ordering field cannot hold (a
        hand-made cursor) is an invalid page address, not a server error."""
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None:
            field_name = self.ordering[0].lstrip("-")
            field = self.model_field(field_name)
            try:
                value = field.to_python(cursor.position)
            except ValidationError:
                raise NotFound(self.invalid_cursor_message) from None
            if isinstance(value, int) and not -(2**63) <= value < 2**63:
                raise NotFound(self.invalid_cursor_message)
        return cursor

    def paginate_queryset(self, queryset, request, view=None):
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def model_field(self, name):
        return self._model._meta.get_field("id" if name == "pk" else name)


class EventCursorPagination(ByIdCursorPagination):
    """Events in date order, as calendars read them; past events newest first, as the
    events page lists them."""

    ordering = ("start_date", "id")

    def get_ordering(self, request, queryset, view):
        if request.query_params.get("when") == "past":
            return ("-start_date", "-id")
        return self.ordering
