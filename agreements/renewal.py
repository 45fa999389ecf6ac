"""Renewing an agreement: a new draft that renews it, never an overwrite.

The draft links to the agreement it renews (``renews``) and starts from what it said:
its parties and their roles (not who signed: nobody has signed yet), its benefits and
whom they are granted to, its open commitments (as planned again; a due date only when
it is still ahead), its themes, owner, term and reminder days. The old agreement reads
*renewed* once the renewal is signed and published (``agreements.lifecycle``).

One renewal at a time: while one is under way (any renewal not terminated: being
prepared, signed but not yet published, or signed and published), "renew" opens it.
"""

import datetime

from django.db import transaction
from django.db.models import Exists
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from agreements import lifecycle
from agreements.choices import (
    OPEN_COMMITMENT_STATUSES,
    AgreementKind,
    AgreementStatus,
    CommitmentStatus,
)
from agreements.models import Agreement, Benefit, Commitment, Party
from portal.dates import DatePrecision
from portal.publishing import Publication

SLUG_LENGTH = Agreement._meta.get_field("slug").max_length
TITLE_LENGTH = Agreement._meta.get_field("title").max_length
ELLIPSIS = "…"
# Naming the agreement a new one renews (its admin form, the press-release review) is
# for the staff who manage it: it makes that agreement read "renewed".
RENEWS_UNMANAGED = _(
    "Choose an agreement one of your associations manages: only its own staff may mark it renewed."
)


def renewals_under_way(renews):
    """The renewals of ``renews`` (an agreement, or ``OuterRef("pk")``) that are not
    terminated. For an agreement that does not read renewed (in force, ended), these
    are the renewals pending: being prepared, or signed but not yet published."""
    return Agreement.all_objects.filter(renews=renews).exclude(status=AgreementStatus.TERMINATED)


def renewal_under_way(agreement):
    """The first of ``renewals_under_way(agreement)``, or None."""
    return renewals_under_way(agreement).order_by("pk").first()


def renewal_title(title: str, language: str) -> str:
    """ "<title> — renewal" in ``language``, the title shortened (with an ellipsis) so
    that the whole fits the field."""
    with translation.override(language):
        pattern = pgettext("title of a renewal", "%(title)s — renewal")
    whole = pattern % {"title": title}
    if len(whole) <= TITLE_LENGTH:
        return whole
    room = TITLE_LENGTH - len(pattern % {"title": ""}) - len(ELLIPSIS)
    return pattern % {"title": title[:room].rstrip() + ELLIPSIS}


def free_slug(base: str) -> str:
    """``base``-renewal, or with a number after it when that is taken."""
    stem = f"{base}-renewal"[:SLUG_LENGTH]
    slug, number = stem, 1
    while Agreement.all_objects.filter(slug=slug).exists():
        number += 1
        suffix = f"-{number}"
        slug = stem[: SLUG_LENGTH - len(suffix)] + suffix
    return slug


class CannotRenew(Exception):
    """Why an agreement cannot be renewed, in a sentence for its staff."""


def renew(old: Agreement, *, user, today: datetime.date) -> tuple[Agreement, bool]:
    """``(renewal, created)``: the renewal under way, else a new draft copied from
    ``old``, written in one transaction.

    Only a signed agreement is renewed: a draft or one in negotiation is still being
    written, a terminated one is over, and one a signed renewal superseded (which was
    terminated since) is renewed through that renewal. Raises ``CannotRenew`` otherwise.
    """
    with transaction.atomic():
        # One renewal at a time, even when "renew" is pressed twice at once.
        locked = Agreement.all_objects.select_for_update().filter(pk=old.pk).first()
        if locked is None:
            raise CannotRenew(
                gettext("Someone deleted this agreement meanwhile: nothing was renewed.")
            )
        old = locked
        title = {"title": old.title}
        if old.status != AgreementStatus.SIGNED:
            raise CannotRenew(
                gettext(
                    "“%(title)s” was not renewed: only a signed agreement can be renewed, "
                    "and its status is “%(status)s”."
                )
                % {**title, "status": old.get_status_display()}
            )
        existing = renewal_under_way(old)
        if existing is not None:
            return existing, False
        superseded = Agreement.all_objects.filter(
            Exists(lifecycle.superseding_renewals(Agreement)), pk=old.pk
        )
        if superseded.exists():
            raise CannotRenew(
                gettext("“%(title)s” was not renewed: a signed renewal already supersedes it.")
                % title
            )
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
        # The history's reason holds 100 characters; a long title is shortened to fit.
        reason = gettext("Renewal of “%(title)s”") % {"title": old.title}
        new._change_reason = Truncator(reason).chars(100)
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
