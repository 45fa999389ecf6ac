"""``{% staff_dashboard %}``: the staff dashboard on the admin index (``agreements.dashboard``)."""

from django import template

from agreements import dashboard

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
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path(),
    }
