"""Who hears of a request sent through the public forms, and what they read.

A request reaches the staff of the association it is addressed to as
``agreements.reminders`` reaches them: its administrators, else all its active staff
with an email; an association with none, or a record no association manages,
reaches the portal's administrators. Each reads it in their own language (their
profile's), with the link to the request in the admin.

The view stores the request and, once that commits, enqueues one task with its id:
the worker builds the messages and enqueues one email each. Whether an account
already uses the requester's address is looked up there too, so a request for a
known and for an unknown address take the same path through the web request.
"""

from django.contrib.auth import get_user_model
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from members.addressees import staff_of
from members.models import AccessRequest, CorrectionRequest
from portal.mail import send_email


def one_line(text: str) -> str:
    """A header holds one line."""
    return " ".join(f"Passerelle · {text}".split())


@task
def announce_access_request(*, request_id: int, site_url: str) -> None:
    """Tell the association's staff of a member account request, and confirm it to the
    requester (in the language of the page they used)."""
    access = (
        AccessRequest.objects.select_related("association", "organization")
        .filter(pk=request_id)
        .first()
    )
    if access is None:
        return
    admin_url = site_url + reverse("admin:members_accessrequest_change", args=[access.pk])
    for person in staff_of(access.association_id):
        with translation.override(person.language):
            context = {"person": person, "access": access, "admin_url": admin_url}
            send_email.enqueue(
                to=[person.email],
                subject=one_line(
                    _("Member account request: %(name)s, %(organization)s")
                    % {"name": access.name, "organization": access.organization_name}
                ),
                body=render_to_string("members/email/access_request_staff.txt", context),
            )
    # Only the owner of the address reads this: it may say that an account exists.
    has_account = (
        get_user_model().objects.filter(email__iexact=access.email, is_active=True).exists()
    )
    with translation.override(access.language):
        context = {
            "access": access,
            "has_account": has_account,
            "reset_url": site_url + reverse("accounts:password_reset"),
            "sign_in_url": site_url + reverse("accounts:login"),
        }
        send_email.enqueue(
            to=[access.email],
            subject=one_line(_("Your request for a member account")),
            body=render_to_string("members/email/access_request_confirmation.txt", context),
        )


# The admin page of each kind of record, by CorrectionRequest.Kind.
RECORD_ADMIN = {
    CorrectionRequest.Kind.ORGANIZATION: "admin:organizations_organization_change",
    CorrectionRequest.Kind.AGREEMENT: "admin:agreements_agreement_change",
    CorrectionRequest.Kind.EVENT: "admin:events_event_change",
    CorrectionRequest.Kind.SERIES: "admin:events_series_change",
}


def record_admin_path(correction) -> str:
    return reverse(RECORD_ADMIN[correction.record_kind], args=[correction.record_id])


@task
def announce_correction_request(*, request_id: int, site_url: str) -> None:
    """Tell the staff of the association that manages the record of a suggested
    correction (the portal's administrators when none does)."""
    correction = (
        CorrectionRequest.objects.select_related("handled_by").filter(pk=request_id).first()
    )
    if correction is None:
        return
    context = {
        "correction": correction,
        "admin_url": site_url
        + reverse("admin:members_correctionrequest_change", args=[correction.pk]),
        "record_url": site_url + correction.record_path,
        "record_admin_url": site_url + record_admin_path(correction),
    }
    for person in staff_of(correction.handled_by_id):
        with translation.override(person.language):
            send_email.enqueue(
                to=[person.email],
                subject=one_line(
                    _("Suggested correction: %(record)s") % {"record": correction.record_title}
                ),
                body=render_to_string(
                    "members/email/correction_request_staff.txt", {**context, "person": person}
                ),
            )
