"""Who is looking: the audience a request's user belongs to, computed once per request.

Every output that shows personal information or claim details asks the QuerySet
methods ``Contact.objects.visible_to(viewer)`` and
``Benefit.objects.with_claim_details(viewer)``, which take a :class:`Viewer`.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone


@dataclass(frozen=True)
class Viewer:
    """An anonymous visitor, a member, association staff or an administrator."""

    is_admin: bool = False
    is_staff: bool = False
    # The associations the user's organization is a current member of.
    member_of: frozenset[int] = field(default_factory=frozenset)
    # For staff: the associations whose records they manage.
    staff_of: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_member(self):
        """Members of at least one association; staff and administrators see what they see."""
        return bool(self.member_of) or self.is_staff or self.is_admin

    @property
    def claims_for(self):
        """Associations whose members' benefits this viewer may see the claim details of."""
        return self.member_of | self.staff_of


ANONYMOUS = Viewer()


def viewer_for(user) -> Viewer:
    """The :class:`Viewer` for ``user``, cached on it for the rest of the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_passerelle_viewer", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        # Administrators see and manage everything: nothing more to look up.
        viewer = Viewer(is_admin=True, is_staff=True)
        user._passerelle_viewer = viewer
        return viewer
    from accounts.models import Profile
    from organizations.models import Membership

    profile = Profile.objects.filter(user=user).only("organization_id").first()
    member_of = frozenset()
    staff_of = frozenset()
    if profile is not None:
        if profile.organization_id is not None:
            today = timezone.localdate()
            member_of = frozenset(
                Membership.objects.filter(
                    Q(since__isnull=True) | Q(since__lte=today),
                    Q(until__isnull=True) | Q(until__gte=today),
                    member_id=profile.organization_id,
                ).values_list("association_id", flat=True)
            )
        if user.is_staff:
            staff_of = frozenset(profile.associations.values_list("pk", flat=True))
    viewer = Viewer(
        is_admin=user.is_superuser,
        is_staff=user.is_staff,
        member_of=member_of,
        staff_of=staff_of,
    )
    user._passerelle_viewer = viewer
    return viewer
