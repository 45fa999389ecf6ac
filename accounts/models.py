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
    language = models.CharField(
        _("language"),
        max_length=7,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the emails the portal sends them."),
    )
    receives_unassigned_reminders = models.BooleanField(
        _("association administrator"),
        default=False,
        help_text=_(
            "For staff accounts: gets the reminders of their associations' agreements and "
            "commitments that have no responsible staff member. When an association has "
            "no administrator, all its staff get them."
        ),
    )
    # The private calendar's address holds a token; only its hash is kept
    # (accounts.private_calendar). Revoking it empties these.
    calendar_token_hash = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    calendar_token_created_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)
