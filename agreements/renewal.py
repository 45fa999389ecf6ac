"""Renewing an agreement: a new draft that renews it, never an overwrite.

The draft links to the agreement it renews (``renews``) and starts from what it said:
its parties and their roles (not who signed: nobody has signed yet), its benefits and
whom they are granted to, its open commitments (as planned again; a due date only when
it is still ahead), its themes, owner, term and reminder days. The old agreement reads
*renewed* once the renewal is signed and published (``agreements.lifecycle``).
"""

import datetime

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from agreements.choices import (
    OPEN_COMMITMENT_STATUSES,
    AgreementKind,
    AgreementStatus,
    CommitmentStatus,
)
from agreements.dashboard import PENDING_RENEWAL_STATUSES
from agreements.models import Agreement, Benefit, Commitment, Party
from portal.dates import DatePrecision
from portal.publishing import Publication

SLUG_LENGTH = Agreement._meta.get_field("slug").max_length
# Naming the agreement a new one renews (its admin form, the press-release review) is
# for the staff who manage it: it makes that agreement read "renewed".
RENEWS_UNMANAGED = _(
    "Choose an agreement one of your associations manages: only its own staff may mark it renewed."
)


def pending_renewal(agreement):
    """A renewal of ``agreement`` being prepared (draft or in negotiation), or None."""
    return (
        Agreement.all_objects.filter(renews=agreement, status__in=PENDING_RENEWAL_STATUSES)
        .order_by("pk")
        .first()
    )


def renewal_title(title: str, language: str) -> str:
    with translation.override(language):
        return pgettext("title of a renewal", "%(title)s — renewal") % {"title": title}


def free_slug(base: str) -> str:
    """``base``-renewal, or with a number after it when that is taken."""
    stem = f"{base}-renewal"[:SLUG_LENGTH]
    slug, number = stem, 1
    while Agreement.all_objects.filter(slug=slug).exists():
        number += 1
        suffix = f"-{number}"
        slug = stem[: SLUG_LENGTH - len(suffix)] + suffix
    return slug


def renew(old: Agreement, *, user, today: datetime.date) -> tuple[Agreement, bool]:
    """``(renewal, created)``: the renewal being prepared, else a new draft copied from
    ``old``, written in one transaction."""
    with transaction.atomic():
        # One renewal at a time, even when "renew" is pressed twice at once.
        Agreement.all_objects.select_for_update().filter(pk=old.pk).first()
        existing = pending_renewal(old)
        if existing is not None:
            return existing, False
        title_en = old.title_en or old.title_fr or old.title
        title_fr = old.title_fr or title_en
        new = Agreement(
            title_en=renewal_title(title_en, "en"),
            title_fr=renewal_title(title_fr, "fr"),
            slug=free_slug(old.slug),
            kind=AgreementKind.RENEWAL,
            status=AgreementStatus.DRAFT,
            publication=Publication.DRAFT,
            summary_en=old.summary_en,
            summary_fr=old.summary_fr,
            objectives_en=old.objectives_en,
            objectives_fr=old.objectives_fr,
            term_months=old.term_months,
            notice_days=old.notice_days,
            renews=old,
            owner_id=old.owner_id,
        )
        new._change_reason = gettext("Renewal of “%(title)s”") % {"title": old.title}
        new.save()
        new.themes.set(old.themes.all())
        for party in old.party_set.all():
            Party.objects.create(
                agreement=new,
                organization_id=party.organization_id,
                role=party.role,
                responsible_id=party.responsible_id,
            )
        for benefit in old.benefits.prefetch_related("granted_to"):
            copy = Benefit.objects.create(
                agreement=new,
                category=benefit.category,
                description_en=benefit.description_en,
                description_fr=benefit.description_fr,
                how_to_claim_en=benefit.how_to_claim_en,
                how_to_claim_fr=benefit.how_to_claim_fr,
                claim_visibility=benefit.claim_visibility,
            )
            copy.granted_to.set(benefit.granted_to.all())
        for commitment in old.commitments.filter(status__in=OPEN_COMMITMENT_STATUSES):
            ahead = commitment.due_on is not None and commitment.due_by >= today
            Commitment.objects.create(
                agreement=new,
                description_en=commitment.description_en,
                description_fr=commitment.description_fr,
                due_on=commitment.due_on if ahead else None,
                due_on_precision=commitment.due_on_precision if ahead else DatePrecision.DAY,
                status=CommitmentStatus.PLANNED,
                owner_id=commitment.owner_id,
            )
    return new, True
