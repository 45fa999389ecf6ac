import datetime

from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language

from portal.localized import localized


class AgreementQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(status="in_force")

    def for_cards(self):
        """What an agreement card shows: its parties and their organizations, in one query."""
        from agreements.models import Party, party_role_order

        parties = Party.objects.select_related("organization").order_by(
            party_role_order(), localized("organization__name")
        )
        return self.prefetch_related(Prefetch("party_set", queryset=parties))

    def order_by_signing(self):
        """Most recently signed first; agreements with no known date last."""
        return self.order_by(F("signed_on").desc(nulls_last=True), "id")

    def for_export(self):
        """The registry's CSV file: cards with their signing events and themes, in the
        registry's order."""
        themes = self.model.themes.field.related_model.objects.order_by(localized("name"))
        return (
            self.select_related("signing_event")
            .for_cards()
            .prefetch_related(Prefetch("themes", queryset=themes))
            .order_by_signing()
        )


class BenefitQuerySet(models.QuerySet):
    def current(self, today: datetime.date):
        """Benefits open on ``today``: started (or no start) and not ended (or no end)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=today),
            Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        )

    def claimable_by_members_of(self, association, today, viewer):
        """What the benefits page lists: benefits ``association``'s members can claim on
        ``today``, with their claim details as ``viewer`` may see them, by category."""
        return (
            self.current(today)
            .with_claim_details(viewer)
            .filter(granted_to=association)
            .select_related("agreement")
            .order_by("category", localized("agreement__title"), "id")
        )

    def with_claim_details(self, viewer):
        """Benefits with ``claim_details``: how to claim, or "" where ``viewer`` may not see it.

        The stored ``how_to_claim`` columns are not loaded at all, so no template or
        serializer can show them by mistake. Members-only details are for members and
        staff of an association the benefit is granted to; staff-only ones for that
        staff; administrators see all.
        """
        language = (get_language() or "en").split("-")[0]
        other = "fr" if language == "en" else "en"
        if language not in ("en", "fr"):
            language, other = "en", "fr"
        text = Coalesce(
            NullIf(F(f"how_to_claim_{language}"), Value("")),
            NullIf(F(f"how_to_claim_{other}"), Value("")),
            Value(""),
            output_field=TextField(),
        )
        if viewer.is_admin:
            allowed = Q(pk__isnull=False)
        else:
            allowed = Q(claim_visibility="public")
            if viewer.claims_for:
                from agreements.models import Benefit

                granted = Benefit.granted_to.through.objects.filter(benefit_id=OuterRef("pk"))
                allowed |= Q(claim_visibility="members") & Q(
                    Exists(granted.filter(organization_id__in=viewer.claims_for))
                )
                if viewer.staff_of:
                    allowed |= Q(claim_visibility="staff") & Q(
                        Exists(granted.filter(organization_id__in=viewer.staff_of))
                    )
        stored = ~Q(how_to_claim_en="") | ~Q(how_to_claim_fr="")
        return self.defer("how_to_claim", "how_to_claim_en", "how_to_claim_fr").annotate(
            claim_details=Case(
                When(allowed, then=text), default=Value(""), output_field=TextField()
            ),
            # Whether there are details this viewer may not see (to invite a sign-in).
            claim_details_withheld=Case(
                When(~allowed & stored, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
