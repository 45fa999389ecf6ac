"""The ways in for people who are not staff: asking an association for a member account,
and suggesting a correction to a public record.

Both forms store a request for the association's staff (members.models), never an
account, and reach them by email once the request is committed
(members.request_mail). Each is limited per client address and per email address
(members.throttling): over the limit the form answers 429, storing and sending
nothing. The answer to a member account request is the same whether or not an
account already uses the address; only the confirmation email, which the owner of
the address alone reads, says so.
"""

import re
from functools import partial
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from agreements.models import Agreement
from events.models import Event, Series
from members import throttling
from members.models import CorrectionRequest
from members.request_forms import AccessRequestForm, CorrectionRequestForm
from members.request_mail import announce_access_request, announce_correction_request
from organizations.models import Organization

ACCESS_FORM = "access"
CORRECTION_FORM = "correction"

# Each kind of public record: its public manager (published records only), the field
# that names it and the URL name of its page.
RECORDS = {
    CorrectionRequest.Kind.ORGANIZATION: (Organization.objects, "name", "organizations:detail"),
    CorrectionRequest.Kind.AGREEMENT: (Agreement.objects, "title", "agreements:detail"),
    CorrectionRequest.Kind.EVENT: (Event.objects, "name", "events:detail"),
    CorrectionRequest.Kind.SERIES: (Series.objects, "name", "events:series"),
}
RECORD_PAGES = frozenset(url_name for _manager, _field, url_name in RECORDS.values())
# What a SlugField holds; anything else names no record.
SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def site_url(request) -> str:
    """The site's address for the emails' links: SITE_URL, else this request's."""
    return settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")


def too_many(request, template, context, wait):
    """The form again, with what was typed, answered 429: nothing was stored or sent."""
    response = render(request, template, {**context, "throttled": True}, status=429)
    response["Retry-After"] = str(wait)
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def request_account(request):
    template = "members/request_account.html"
    form = AccessRequestForm(request.POST if request.method == "POST" else None)
    context = {"section": "account", "form": form}
    if request.method == "POST" and form.is_valid():
        address = throttling.client_address(request)
        wait = throttling.take(ACCESS_FORM, address, form.cleaned_data["email"])
        if wait is not None:
            return too_many(request, template, context, wait)
        with transaction.atomic():
            access = form.save(language=get_language())
            transaction.on_commit(
                partial(
                    announce_access_request.enqueue,
                    request_id=access.pk,
                    site_url=site_url(request),
                )
            )
        return HttpResponseRedirect(reverse("members:request_sent"))
    status = 400 if form.is_bound else 200
    return render(request, template, context, status=status)


def request_account_sent(request):
    return render(request, "members/request_sent.html", {"section": "account"})


def public_record(kind, slug):
    """The published record of ``kind`` (a CorrectionRequest.Kind) with ``slug``; 404
    for an unknown kind or slug and for a draft."""
    if kind not in RECORDS or not SLUG.fullmatch(slug):
        raise Http404(_("No such record."))
    manager, _field, _url_name = RECORDS[kind]
    record = manager.filter(slug=slug).first()
    if record is None:
        raise Http404(_("No such record."))
    return record


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def suggest_correction(request, kind, slug):
    record = public_record(kind, slug)
    _manager, field, _url_name = RECORDS[kind]
    title = getattr(record, field)
    path = record.get_absolute_url()
    template = "members/suggest_correction.html"
    form = CorrectionRequestForm(request.POST if request.method == "POST" else None)
    context = {
        "section": "",
        "form": form,
        "record_title": title,
        "record_url": path,
        "record_kind": CorrectionRequest.Kind(kind).label,
        "kind": kind,
        "slug": slug,
    }
    if request.method == "POST" and form.is_valid():
        address = throttling.client_address(request)
        wait = throttling.take(CORRECTION_FORM, address, form.cleaned_data["email"])
        if wait is not None:
            return too_many(request, template, context, wait)
        correction = form.save(commit=False)
        correction.record_kind = kind
        correction.record_id = record.pk
        correction.record_title = title[:300]
        correction.record_path = path[:300]
        correction.handled_by_id = record.owner_id
        correction.language = get_language()
        if request.user.is_authenticated:
            correction.user = request.user
        with transaction.atomic():
            correction.save()
            transaction.on_commit(
                partial(
                    announce_correction_request.enqueue,
                    request_id=correction.pk,
                    site_url=site_url(request),
                )
            )
        sent = reverse("members:correction_sent")
        return HttpResponseRedirect(f"{sent}?{urlencode({'next': path})}")
    status = 400 if form.is_bound else 200
    return render(request, template, context, status=status)


def record_page(request):
    """The ``?next=`` page to go back to: a record's page on this site, or None."""
    path = request.GET.get("next", "")
    if not path.startswith("/") or not url_has_allowed_host_and_scheme(
        path, allowed_hosts=None, require_https=False
    ):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return path if match.view_name in RECORD_PAGES else None


def correction_sent(request):
    return render(
        request,
        "members/correction_sent.html",
        {"section": "", "record_url": record_page(request)},
    )
