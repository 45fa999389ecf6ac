from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from accounts import private_calendar as calendar_tokens
from accounts.models import Profile
from accounts.tasks import send_password_reset
from organizations.models import Organization
from portal.localized import localized


class LoginView(auth_views.LoginView):
    """Member sign-in. A wrong username and a wrong password get the same answer."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    extra_context = {"section": "account"}


class PasswordResetView(auth_views.PasswordResetView):
    """Always answers "check your email": whether an account exists is not revealed.

    The answer is the same work for any address: the request queues the reset and
    returns, never looking for the account nor waiting on the mail server
    (accounts.tasks.send_password_reset does both in the worker).
    """

    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")
    extra_context = {"section": "account"}

    def form_valid(self, form):
        send_password_reset.enqueue(
            email=form.cleaned_data["email"],
            domain=self.request.get_host(),
            use_https=self.request.is_secure(),
            language=get_language(),
        )
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"
    extra_context = {"section": "account"}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    extra_context = {"section": "account"}


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
    extra_context = {"section": "account"}


@login_required
def profile(request):
    """The signed-in person: their organization and the associations they belong to."""
    viewer = request.viewer
    profile = Profile.objects.filter(user=request.user).select_related("organization").first()
    by_name = localized("name")
    return render(
        request,
        "accounts/profile.html",
        {
            "section": "account",
            "profile": profile,
            "member_of": Organization.objects.filter(pk__in=viewer.member_of).order_by(by_name),
            "staff_of": Organization.objects.filter(pk__in=viewer.staff_of).order_by(by_name),
            "viewer": viewer,
        },
    )


@never_cache
@login_required
def private_calendar(request):
    """A staff member's private calendar address: made (or replaced) and shown once,
    or revoked. Members have no such page."""
    if not request.user.is_staff:
        raise Http404
    address = ""
    done = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            token = calendar_tokens.create_token(request.user)
            address = request.build_absolute_uri(
                reverse("private_calendar", kwargs={"token": token})
            )
            done = "created"
        elif action == "revoke":
            calendar_tokens.revoke_token(request.user)
            done = "revoked"
        else:
            return HttpResponseRedirect(reverse("accounts:private_calendar"))
    profile = Profile.objects.filter(user=request.user).only("calendar_token_created_at").first()
    return render(
        request,
        "accounts/private_calendar.html",
        {
            "section": "account",
            "address": address,
            "done": done,
            "created_at": profile.calendar_token_created_at if profile else None,
        },
    )


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in: 429, on the site's own page."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(
        request,
        "accounts/locked_out.html",
        {"section": "account", "minutes": minutes, "title": _("Too many attempts")},
        status=429,
    )
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
