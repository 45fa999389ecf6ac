"""The buttons of the staff dashboard and of the agreement's page: renew, snooze, mark
done, confirm. Each is a POST (with its CSRF token) to an address under its record's
admin, checked there: the record must be one the user manages (404 otherwise, as for
a missing one) and they must have the change permission (403; renewing also needs
the permission to add what it creates). A bad value is a 400 with a message, a
record saved by someone else at the same moment or one that cannot be renewed a
message, never a 500. The pages show a button only to those who may use it
(``may_change``, ``may_renew``).
"""

import datetime

from django.contrib import messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import formats
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from agreements import confirmation, dashboard
from agreements.choices import AgreementStatus, CommitmentStatus
from agreements.models import Agreement, Benefit, Commitment, Party
from agreements.renewal import CannotRenew, renew
from portal.signals import admin_saved
from portal.versioning import RecordChanged

# A renewal is a new agreement with copies of the old one's parties, benefits and
# commitments: renewing needs the permission to add each.
RENEWAL_CREATES = (Agreement, Party, Benefit, Commitment)


def _permission(action, model):
    opts = model._meta
    return f"{opts.app_label}.{get_permission_codename(action, opts)}"


def may_change(user, model) -> bool:
    return user.has_perm(_permission("change", model))


def may_renew(user) -> bool:
    """Whether ``user`` may renew the agreements they manage: change the old one, add
    the renewal and its copies."""
    return may_change(user, Agreement) and user.has_perms(
        [_permission("add", model) for model in RENEWAL_CREATES]
    )


def _back(request, default):
    """Where the button's page was (the dashboard, the record), if it is on this site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(default)


def _changed_meanwhile(model_admin, request, default):
    model_admin.message_user(
        request,
        gettext(
            "Nothing was changed: someone else saved this record at the same moment. "
            "Reload the page and try again."
        ),
        messages.ERROR,
    )
    return _back(request, default)


def _snooze_days(request):
    value = request.POST.get("days", "")
    if value.isascii() and value.isdigit() and int(value) in dashboard.SNOOZE_DAYS:
        return int(value)
    return None


def _snooze(model_admin, request, record, message, values):
    """Hold ``record``'s reminders (an agreement's end, a commitment) for the days
    chosen. Not an edit of the record (``updated_at`` stays): a dormant agreement
    stays dormant."""
    days = _snooze_days(request)
    if days is None:
        return HttpResponseBadRequest(gettext("Choose to snooze for 7 or 30 days."))
    until = dashboard.today() + datetime.timedelta(days=days)
    record.reminders_snoozed_until = until
    record._change_reason = gettext("Reminders snoozed")
    try:
        record.save(update_fields=["reminders_snoozed_until"])
    except RecordChanged:
        return _changed_meanwhile(model_admin, request, model_admin.change_url(record))
    model_admin.message_user(request, message % {**values, "date": _date(until)}, messages.SUCCESS)
    return _back(request, reverse("admin:index"))


class ActionUrlsMixin:
    """``action_views``: {name: view(request, obj)}, each at ``<id>/<name>/``, POST only."""

    action_views: tuple[str, ...] = ()

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            *(
                path(
                    f"<path:object_id>/{name}/",
                    self.admin_site.admin_view(require_POST(self._action(name))),
                    name=f"{info[0]}_{info[1]}_{name}",
                )
                for name in self.action_views
            ),
            *super().get_urls(),
        ]

    def _action(self, name):
        view = getattr(self, f"{name}_view")

        def action(request, object_id):
            obj = self.get_object(request, object_id)  # 404 unless managed
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
            return view(request, obj)

        action.__name__ = f"{name}_view"
        return action

    def change_url(self, obj):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])


class AgreementActionsMixin(ActionUrlsMixin):
    """Renew, snooze the end's reminders, confirm the record for an association."""

    action_views = ("renew", "snooze", "confirm")

    def renew_view(self, request, agreement):
        if not may_renew(request.user):
            raise PermissionDenied
        try:
            renewal, created = renew(agreement, user=request.user, today=dashboard.today())
        except CannotRenew as reason:
            self.message_user(request, str(reason), messages.ERROR)
            return _back(request, self.change_url(agreement))
        if created:
            admin_saved.send(sender=Agreement, instance=renewal)
            message = gettext(
                "A renewal draft was created from “%(title)s”, with its parties, benefits and "
                "open commitments. Complete it, then mark it signed once it is."
            )
        elif renewal.status == AgreementStatus.SIGNED:
            message = gettext("“%(title)s” already has a signed renewal: here it is.")
        else:
            message = gettext("“%(title)s” already has a renewal in preparation: here it is.")
        self.message_user(request, message % {"title": agreement.title}, messages.SUCCESS)
        return HttpResponseRedirect(self.change_url(renewal))

    def snooze_view(self, request, agreement):
        return _snooze(
            self,
            request,
            agreement,
            gettext("Reminders about the end of “%(title)s” are snoozed until %(date)s."),
            {"title": agreement.title},
        )

    def confirm_view(self, request, agreement):
        value = request.POST.get("organization", "")
        if not (value.isascii() and value.isdigit()):
            return HttpResponseBadRequest(gettext("Say which association confirms."))
        organization_id = int(value)
        if organization_id not in confirmation.may_confirm_for(agreement, request.viewer):
            # Only a signatory association's own staff speak for it.
            raise PermissionDenied
        seen = request.POST.get("fingerprint", "")
        if not confirmation.is_fingerprint(seen):
            return HttpResponseBadRequest(gettext("Say which version of the record you confirm."))
        try:
            confirmed = confirmation.confirm(agreement, organization_id, request.user, seen=seen)
        except RecordChanged:
            self.message_user(
                request,
                gettext(
                    "Nothing was confirmed: this record changed since you opened it. Read it "
                    "again, then confirm it."
                ),
                messages.ERROR,
            )
            return HttpResponseRedirect(self.change_url(agreement))
        self.message_user(
            request,
            gettext("You confirmed this record for %(association)s.")
            % {"association": confirmed.organization},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self.change_url(agreement))


class CommitmentActionsMixin(ActionUrlsMixin):
    """Mark a commitment done, snooze its reminders."""

    action_views = ("done", "snooze")

    def done_view(self, request, commitment):
        today = dashboard.today()
        commitment.status = CommitmentStatus.DONE
        commitment.last_checked_on = today
        commitment._change_reason = gettext("Marked done")
        try:
            commitment.save(update_fields=["status", "last_checked_on", "updated_at"])
        except RecordChanged:
            return _changed_meanwhile(self, request, self.change_url(commitment))
        confirmation.refresh_confirmations(commitment.agreement, request.viewer)
        admin_saved.send(sender=Commitment, instance=commitment)
        self.message_user(
            request,
            gettext("“%(commitment)s” is marked done.") % {"commitment": commitment},
            messages.SUCCESS,
        )
        return _back(request, reverse("admin:index"))

    def snooze_view(self, request, commitment):
        return _snooze(
            self,
            request,
            commitment,
            gettext("Reminders about “%(commitment)s” are snoozed until %(date)s."),
            {"commitment": commitment},
        )


def _date(day):
    return formats.date_format(day, "DATE_FORMAT")
