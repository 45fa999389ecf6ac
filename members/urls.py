from django.urls import path
from django.utils.translation import gettext_lazy as _

from members import benefit_views, request_views

app_name = "members"

urlpatterns = [
    # A signed-in member's benefits and claims (members.benefit_views).
    path(_("my-benefits/"), benefit_views.my_benefits, name="my_benefits"),
    path(_("my-benefits/<int:benefit_id>/claim/"), benefit_views.claim, name="claim"),
    path(
        _("my-benefits/claims/<int:claim_id>/withdraw/"),
        benefit_views.withdraw,
        name="withdraw",
    ),
    # The ways in for people who are not staff (members.request_views).
    path(_("request-account/"), request_views.request_account, name="request_account"),
    path(_("request-account/sent/"), request_views.request_account_sent, name="request_sent"),
    path(
        _("suggest-correction/<str:kind>/<str:slug>/"),
        request_views.suggest_correction,
        name="suggest_correction",
    ),
    path(
        _("suggest-correction/sent/"),
        request_views.correction_sent,
        name="correction_sent",
    ),
]
