from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import CursorPagination


class ByIdCursorPagination(CursorPagination):
    """Pages that stay right while records are added: each page starts after the last id."""

    ordering = ("id",)
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    invalid_cursor_message = _("This page address is not valid; start from the first page.")


class EventCursorPagination(ByIdCursorPagination):
    """Events in date order, as calendars read them."""

    ordering = ("start_date", "id")
