"""A staff member's private calendar (iCalendar): what their reminders are about.

The ends of the agreements and the due dates of the open commitments that
``agreements.reminders`` would remind them of, within the associations they are
staff of, as all-day entries in their account's language. The address holds a
secret token (``accounts.private_calendar``): an unknown, revoked or malformed
one is a 404, and the answer is never stored by a cache on the way.
"""

import datetime

import icalendar
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.private_calendar import profile_for_token
from agreements import reminders
from events.calendar import CONTENT_TYPE, REFRESH_INTERVAL, one_line, paragraphs

PRODID = "-//Passerelle//Passerelle private calendar//EN"


def _entry(uid, day, summary, description, url, changed):
    stamp = changed.astimezone(datetime.UTC)
    return icalendar.Event.new(
        uid=uid,
        stamp=stamp,
        last_modified=stamp,
        summary=one_line(summary),
        start=day,
        # All day: it ends the next morning. The calendar's last day has no next one,
        # and an all-day entry without an end lasts its day (RFC 5545, 3.6.1).
        end=day + datetime.timedelta(days=1) if day < datetime.date.max else None,
        description=paragraphs(description),
        url=one_line(url),
        transparency="TRANSPARENT",
    )


def calendar_bytes(agreements, commitments, absolute_url) -> bytes:
    """The calendar, in the active language."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.calendar_name = one_line(_("Passerelle · my due dates and agreement ends"))
    calendar.add(
        "refresh-interval", icalendar.vDuration(REFRESH_INTERVAL), parameters={"VALUE": "DURATION"}
    )
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH_INTERVAL))
    for agreement in agreements:
        url = absolute_url(reverse("admin:agreements_agreement_change", args=[agreement.pk]))
        parties = ", ".join(p.organization.name for p in agreement.party_set.all())
        calendar.add_component(
            _entry(
                f"agreement-end-{agreement.pk}@passerelle",
                agreement.ends_on,
                _("Agreement ends: %(title)s") % {"title": agreement.title},
                "\n".join(
                    [
                        _("Last day in force of “%(title)s” (%(end)s).")
                        % {"title": agreement.title, "end": agreement.ends},
                        _("Parties: %(parties)s") % {"parties": parties},
                        url,
                    ]
                ),
                url,
                agreement.updated_at,
            )
        )
    for commitment in commitments:
        url = absolute_url(reverse("admin:agreements_commitment_change", args=[commitment.pk]))
        calendar.add_component(
            _entry(
                f"commitment-{commitment.pk}@passerelle",
                commitment.due_by,
                _("Commitment due: %(commitment)s") % {"commitment": commitment},
                "\n".join(
                    [
                        commitment.description,
                        _("Due: %(due)s · agreement: %(title)s")
                        % {"due": commitment.due, "title": commitment.agreement.title},
                        _("Status: %(status)s") % {"status": commitment.get_status_display()},
                        url,
                    ]
                ),
                url,
                commitment.updated_at,
            )
        )
    return calendar.to_ical()


@require_safe
def private_calendar(request, token):
    profile = profile_for_token(token)
    if profile is None:
        raise Http404
    associations = set(profile.associations.values_list("pk", flat=True))
    agreements, commitments = reminders.reminded_of(
        profile.user_id, associations, timezone.localdate()
    )
    root = request.build_absolute_uri("/").removesuffix("/")
    with translation.override(profile.language):
        content = calendar_bytes(agreements, commitments, lambda path: root + path)
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    # The address is the only key: no shared cache may keep a copy of what it opens.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
