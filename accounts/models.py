from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Profile(models.Model):
    """What the portal knows of an account beyond Django's user.

    A member's ``organization`` is where they work: they count as members of every
    association that organization is a current member of. A staff account's
    ``associations`` are the ones whose records it manages in the admin.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("user"),
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organization"),
        help_text=_("Where this person works; they are members of its associations."),
    )
    associations = models.ManyToManyField(
        "organizations.Organization",
        blank=True,
        related_name="staff_profiles",
        verbose_name=_("staff of"),
        help_text=_("For staff accounts: the associations whose records they manage."),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)
