import hashlib

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from agreements.detail import agreement_page
from agreements.filters import AgreementListFilter
from agreements.forms import BenefitAssociationForm
from agreements.models import Agreement, Benefit, BenefitCategory
from organizations.models import Organization
from portal.browse import BrowseView
from portal.localized import localized
from portal.page_cache import cache_get, cache_set, versioned_key
from portal.publishing import preview_response


class AgreementListView(BrowseView):
    filterset_class = AgreementListFilter
    template_name = "agreements/agreement_list.html"
    extra_context = {"section": "agreements"}
    # The home page's "in force" and "with member benefits" numbers link here.
    counted_exactly = ({}, {"status": "in_force"}, {"has_benefits": "true"})
    empty_filtered = gettext_lazy("No agreements match these filters.")
    empty_unfiltered = gettext_lazy("No agreement has been published yet.")
    empty_hint = gettext_lazy("Remove a filter, widen the years, or search every record instead.")

    def get_base_queryset(self):
        return Agreement.objects.for_list()

    def get_page_rows(self, object_list):
        return object_list.card_rows(timezone.localdate())


def agreement_detail(request, slug):
    context = agreement_page(slug, request.viewer, timezone.localdate())
    if context is None:
        raise Http404(_("No such record."))
    response = render(
        request, "agreements/agreement_detail.html", {"section": "agreements", **context}
    )
    return preview_response(response, context["agreement"])


# How many of the associations whose members have benefits the page links to.
GRANTING_LISTED = 30


def association_box(form, association):
    """The benefits page's association box, as HTML, showing ``association``. A valid
    box's HTML is cached by language, day and value (every visitor who typed or chose
    the same gets the same box); one with errors is rendered each time."""
    if form.is_bound and not form.is_valid():
        return form["association"].as_field_group()
    if form.is_bound:
        value = form.data.get("association", "")
    else:
        value = association.slug if association is not None else ""
    digest = hashlib.sha256(value.encode("utf-8", "surrogateescape")).hexdigest()
    key = versioned_key(
        "association-box", get_language() or "", form.granting.today.isoformat(), digest
    )
    html = cache_get(key)
    if html is None:
        # A text box shows what was typed; a list, the association it found.
        box = form if form.is_bound and not form.granting.complete else form.showing(association)
        html = box["association"].as_field_group()
        cache_set(key, html)
    return html


def benefit_list(request):
    """The benefits an association's members can claim today, by category."""
    viewer = request.viewer
    today = timezone.localdate()
    form = BenefitAssociationForm(request.GET or None, today=today)
    association = form.cleaned_data["association"] if form.is_valid() else None
    # A signed-in member sees their own associations first.
    own_associations = (
        list(Organization.objects.filter(pk__in=viewer.member_of).order_by(localized("name")))
        if viewer.member_of
        else []
    )
    if association is None and not form.is_bound and own_associations:
        association = own_associations[0]
    categories = []
    if association is not None:
        benefits = Benefit.objects.claimable_item_rows(association, today, viewer)
        by_category = {}
        for benefit in benefits:
            by_category.setdefault(benefit.category, []).append(benefit)
        categories = [
            (BenefitCategory(category).label, items) for category, items in by_category.items()
        ]
    return render(
        request,
        "agreements/benefit_list.html",
        {
            "section": "benefits",
            "form": form,
            "association_box": association_box(form, association),
            "association": association,
            "categories": categories,
            "today": today,
            "granting": form.granting.organizations(GRANTING_LISTED)
            if association is None and not form.is_bound
            else [],
            "own_associations": own_associations,
            "viewer": viewer,
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
