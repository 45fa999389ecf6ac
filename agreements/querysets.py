import datetime

from django.db import models
from django.db.models import F, Prefetch, Q

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


class BenefitQuerySet(models.QuerySet):
    def current(self, today: datetime.date):
        """Benefits open on ``today``: started (or no start) and not ended (or no end)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=today),
            Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        )
