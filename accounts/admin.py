from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Profile
from portal.admin_base import PortalChangeListMixin

User = get_user_model()


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    fields = ["organization", "associations", "receives_unassigned_reminders", "language"]
    autocomplete_fields = ["organization", "associations"]
    verbose_name_plural = _("profile: organization, associations and emails")


admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(PortalChangeListMixin, UserAdmin):
    """Accounts, managed by portal administrators only (staff have no user permissions)."""

    inlines = [ProfileInline]
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "organization"]
    list_select_related = ["profile__organization"]

    @admin.display(description=_("organization"), ordering="profile__organization__name")
    def organization(self, user):
        profile = getattr(user, "profile", None)
        return profile.organization if profile else None
