"""Admins of what the portal records by itself (merges, confirmations, reminders sent)."""

from django.contrib import admin


class RecordedByThePortalAdmin(admin.ModelAdmin):
    """Read only, and for administrators alone: nobody edits what the portal recorded."""

    def has_module_permission(self, request):
        return request.viewer.is_admin

    def has_view_permission(self, request, obj=None):
        return request.viewer.is_admin

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
