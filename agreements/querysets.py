import datetime

from django.db import models
from django.db.models import Q


class AgreementQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(status="in_force")


class BenefitQuerySet(models.QuerySet):
    def current(self, today: datetime.date):
        """Benefits open on ``today``: started (or no start) and not ended (or no end)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=today),
            Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        )
