from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from partners.between import between_page, organizations_by_slug


def between(request, slug, other):
    """The history of two organizations, at one address per pair: the slugs in
    ascending order (the order the sitemap and the organization pages link to); the
    other order is redirected there, and an organization with itself is its own page."""
    if slug == other:
        return redirect(reverse("organizations:detail", kwargs={"slug": slug}))
    if slug > other:
        return redirect("partners:between", slug=other, other=slug, permanent=True)
    found = organizations_by_slug([slug, other])
    missing = [name for name in (slug, other) if name not in found]
    if missing:
        return render(
            request,
            "partners/between_not_found.html",
            {"section": "organizations", "missing": missing},
            status=404,
        )
    context = between_page(found[slug], found[other], timezone.localdate())
    return render(request, "partners/between.html", {"section": "organizations", **context})
