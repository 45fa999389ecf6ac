"""A signed-in member's benefits page: what they can claim today, and their claims."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from agreements.models import Benefit
from members import claim_mail
from members.benefit_forms import ClaimForm
from members.claims import ClaimRefused, change_status, make_claim
from members.models import Claim, ClaimStatus
from members.my_benefits import member_benefits
from portal.publishing import published_through


def _page(request, *, form=None, form_for=None, refusal="", status=200):
    """The page, with a claim form that was refused or invalid for ``form_for``."""
    today = timezone.localdate()
    page = member_benefits(request.user, request.viewer, today)
    # A refusal for a benefit the page no longer lists (an ended membership, a benefit
    # that ended since the page was loaded) is said at the top.
    page.refusal = refusal if form_for not in {item.benefit.pk for item in page.benefits} else ""
    for item in page.benefits:
        if item.benefit.pk == form_for:
            item.form = form
            item.refusal = refusal
        else:
            item.form = ClaimForm(benefit_id=item.benefit.pk)
            item.refusal = ""
    return render(
        request,
        "members/my_benefits.html",
        {"section": "my_benefits", "page": page, "today": today},
        status=status,
    )


@never_cache
@login_required
def my_benefits(request):
    return _page(request)


@never_cache
@login_required
def claim(request, benefit_id):
    """Claim a benefit in one step; eligibility and the allowance are checked now. A GET
    (the address a sign-in sent back to) shows the member's page."""
    if request.method != "POST":
        return HttpResponseRedirect(reverse("members:my_benefits"))
    if not Benefit.objects.filter(published_through("agreement"), pk=benefit_id).exists():
        raise Http404(_("No such benefit."))
    form = ClaimForm(request.POST, benefit_id=benefit_id)
    if not form.is_valid():
        return _page(request, form=form, form_for=benefit_id, status=400)
    try:
        made = make_claim(
            request.user,
            benefit_id,
            quantity=form.cleaned_data["quantity"],
            note=form.cleaned_data["note"],
        )
    except ClaimRefused as refused:
        return _page(request, form=form, form_for=benefit_id, refusal=refused.reason, status=409)
    claim_mail.claim_made(made)
    messages.success(
        request,
        _("Your claim is sent to %(association)s: you will get their answer by email.")
        % {"association": made.handled_by.name if made.handled_by else _("the association")},
    )
    return HttpResponseRedirect(reverse("members:my_benefits") + "#claims")


@never_cache
@login_required
def withdraw(request, claim_id):
    """The member takes back a claim still waiting for an answer."""
    if request.method != "POST":
        return HttpResponseRedirect(reverse("members:my_benefits") + "#claims")
    claim = Claim.objects.filter(pk=claim_id, user=request.user, status=ClaimStatus.PENDING).first()
    if claim is None:
        raise Http404(_("No such claim waiting for an answer."))
    try:
        change_status(claim, ClaimStatus.WITHDRAWN, allowed_from=(ClaimStatus.PENDING,))
    except ClaimRefused as refused:
        # Decided meanwhile: the decision stands.
        messages.error(request, refused.reason)
    else:
        messages.success(request, _("Your claim is withdrawn."))
    return HttpResponseRedirect(reverse("members:my_benefits") + "#claims")
