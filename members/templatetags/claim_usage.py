"""``{% claim_usage agreement %}``: the claims made under an agreement, per benefit and
per year, on its public page, for the staff who manage the agreement and for
administrators: the evidence a renewal decision needs.

Anyone else gets nothing, and costs no query: the page is the public one, and
anonymous visitors' copies are cached (``portal.page_cache`` never stores nor serves
a signed-in visitor's page). Counts only, never who claimed.
"""

from django import template
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear

from members.models import COUNTED_STATUSES, Claim, ClaimStatus
from portal.scoping import manages_instance

register = template.Library()


def may_see_usage(agreement, viewer) -> bool:
    """Whether ``viewer`` manages ``agreement`` (as its owner or a party's staff), or is
    an administrator: no query for anyone who is not staff."""
    if viewer.is_admin:
        return True
    if not viewer.is_staff or not viewer.staff_of:
        return False
    return manages_instance(agreement, viewer)


def usage_rows(agreement):
    """{benefit id: [{year, counted, units, declined}, ...]} in one query: counted are the
    claims given or waiting to be (pending or approved), units what they hold; claims
    their members withdrew are left out."""
    counted = Q(status__in=COUNTED_STATUSES)
    rows = (
        Claim.objects.filter(
            benefit__agreement_id=agreement.pk,
            status__in=[*COUNTED_STATUSES, ClaimStatus.DECLINED],
        )
        .annotate(year=ExtractYear("created_at"))
        .values("benefit_id", "year")
        .annotate(
            counted=Count("pk", filter=counted),
            units=Sum("quantity", filter=counted, default=0),
            declined=Count("pk", filter=Q(status=ClaimStatus.DECLINED)),
        )
        .order_by("benefit_id", "year")
    )
    found = {}
    for row in rows:
        found.setdefault(row["benefit_id"], []).append(row)
    return found


@register.inclusion_tag("members/claim_usage.html", takes_context=True)
def claim_usage(context, agreement, benefits):
    """The usage section for ``agreement``'s ``benefits`` (as the page lists them)."""
    viewer = context["request"].viewer
    if not may_see_usage(agreement, viewer):
        return {"shown": False}
    rows = usage_rows(agreement)
    sections = []
    for benefit in benefits:
        years = rows.get(benefit.pk, [])
        sections.append(
            {
                "benefit": benefit,
                "years": years,
                "total": {
                    name: sum(row[name] for row in years)
                    for name in ("counted", "units", "declined")
                },
            }
        )
    return {"shown": True, "sections": sections, "any": bool(rows)}
