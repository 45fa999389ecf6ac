"""``{% staff_dashboard %}``: the staff dashboard on the admin index (``agreements.dashboard``)."""

from django import template

from agreements import dashboard
from agreements.admin_actions import may_change, may_renew
from agreements.models import Agreement, Commitment

register = template.Library()


@register.inclusion_tag("admin/agreements/dashboard.html", takes_context=True)
def staff_dashboard(context):
    request = context["request"]
    viewer = request.viewer
    if not viewer.is_staff:
        return {"sections": []}
    return {
        "sections": dashboard.sections(viewer, dashboard.today()),
        "snooze_days": dashboard.SNOOZE_DAYS,
        # The buttons shown: only those the viewer may use.
        "may": {
            "renew": may_renew(request.user),
            "change_agreement": may_change(request.user, Agreement),
            "change_commitment": may_change(request.user, Commitment),
        },
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path(),
    }
