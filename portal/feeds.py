"""Atom feeds of newly recorded agreements and of upcoming events, in each language.

The feeds are mounted inside ``i18n_patterns``: ``/en/feeds/…`` and ``/fr/flux/…``
activate their language, so the feed's title, the entries' titles and summaries
(modeltranslation fields, choice labels, dates) and every link are in it.

A summary says what the public page says to everyone and nothing more: no
contact, no signer and no claim details. Those are never loaded, so no summary
can show them by mistake. Each feed makes the same few queries whatever it lists.

Control characters saved in a record (a paste into the admin) are taken out of
every text of an entry: XML 1.0 has no place for them, and Django refuses to
write a feed that holds one.
"""

import re

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import time_format
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agreements.choices import AgreementState
from agreements.models import Agreement
from events.models import Event

FEED_SIZE = 50

# Controls as XML 1.0 refuses them (all but tab, line feed and carriage return)...
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# ... and, in a title or a category, those three as well: they are one line.
_NOT_IN_A_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def one_line(text):
    return " ".join(_NOT_IN_A_LINE.sub(" ", text).split())


def xml_text(text):
    return _NOT_IN_XML.sub(" ", text)


def fact(label, value):
    """'Signed: 8 March 2018' as a paragraph; both parts are plain text, escaped here."""
    # Translators: one fact in a feed entry's summary, such as "Signed: 8 March 2018".
    text = gettext("%(label)s: %(value)s") % {"label": label, "value": value}
    return format_html("<p>{}</p>", text)


def summary_html(lines, text):
    """The facts, then the record's own text with its paragraphs kept."""
    parts = list(lines)
    if text:
        parts.append(linebreaks(text, autoescape=True))
    return mark_safe("".join(parts))  # Every part is escaped above.


def place_display(event):
    """'Palais des congrès, Montréal, Québec, Canada', as the event page shows it."""
    parts = [event.venue, event.city, event.region, event.country.name if event.country else ""]
    return ", ".join(part for part in parts if part)


def end_fact(agreement):
    """When a signed agreement ends, as its page says it; "" when that says nothing."""
    if agreement.state == AgreementState.ENDED:
        return fact(gettext("Ended"), agreement.ends)
    if agreement.state not in (AgreementState.IN_FORCE, AgreementState.NOT_YET_IN_EFFECT):
        return ""
    if agreement.ends_on is None:
        # Never a guessed end.
        return format_html("<p>{}</p>", gettext("Open-ended: no end date recorded"))
    return fact(gettext("In force until"), agreement.ends)


class PasserelleFeed(Feed):
    """What both feeds share: Atom, the portal as author, entries updated when the record was."""

    feed_type = Atom1Feed
    author_name = "Passerelle"

    def item_updateddate(self, item):
        return item.updated_at

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        for item in feed.items:
            for key, value in item.items():
                if key == "title" and value:
                    item[key] = one_line(value)
                elif isinstance(value, str):
                    item[key] = xml_text(value)
            item["categories"] = [one_line(str(category)) for category in item["categories"]]
        return feed


class NewAgreementsFeed(PasserelleFeed):
    title = _("Passerelle: newly recorded agreements")
    subtitle = _("The agreements most recently recorded on Passerelle, newest first.")

    def link(self):
        return reverse("agreements:list")

    def items(self):
        return (
            Agreement.objects.for_cards()
            .with_state(timezone.localdate())
            .select_related("signing_event")
            .prefetch_related("themes")
            .order_by("-created_at", "-id")[:FEED_SIZE]
        )

    def item_title(self, agreement):
        return agreement.title

    def item_pubdate(self, agreement):
        # Published on the portal when it was recorded, whenever it was signed.
        return agreement.created_at

    def item_categories(self, agreement):
        return [capfirst(agreement.get_kind_display()), *(t.name for t in agreement.themes.all())]

    def item_description(self, agreement):
        lines = [
            format_html(
                "<p>{} · {}</p>",
                capfirst(agreement.get_kind_display()),
                agreement.state_label,
            ),
            fact(gettext("Signed"), agreement.signed or gettext("Date not known")),
        ]
        if agreement.signing_place:
            lines.append(fact(gettext("Place"), agreement.signing_place))
        if agreement.public_signing_event:
            lines.append(
                fact(gettext("Signed during"), agreement.public_signing_event.display_name)
            )
        if end := end_fact(agreement):
            lines.append(end)
        # Organizations and their roles only: who signed for them is a contact.
        parties = [
            f"{party.organization.name} ({party.get_role_display()})"
            for party in agreement.party_set.all()
        ]
        if parties:
            lines.append(fact(gettext("Parties"), ", ".join(parties)))
        return summary_html(lines, agreement.summary)


class UpcomingEventsFeed(PasserelleFeed):
    title = _("Passerelle: upcoming events")
    subtitle = _("Conferences, trade missions and workshops to come, soonest first.")

    def link(self):
        return reverse("events:list")

    def items(self):
        return (
            Event.objects.upcoming(timezone.localdate())
            .select_related("series")
            .with_organizers()[:FEED_SIZE]
        )

    def item_title(self, event):
        return event.display_name

    def item_pubdate(self, event):
        # When the event was announced on the portal; its own dates are in the summary.
        return event.created_at

    def item_categories(self, event):
        categories = [capfirst(event.get_kind_display())]
        if event.series:
            categories.append(event.series.name)
        return categories

    def item_description(self, event):
        kind = capfirst(event.get_kind_display())
        lines = [
            format_html("<p>{} · {}</p>", kind, event.series.name)
            if event.series
            else format_html("<p>{}</p>", kind)
        ]
        when = event.dates
        if event.start_time:
            times = time_format(event.start_time, "TIME_FORMAT")
            if event.end_time:
                times += "–" + time_format(event.end_time, "TIME_FORMAT")
            when = f"{when}, {times} ({event.time_zone})"
        lines.append(fact(gettext("When"), when))
        if place := place_display(event):
            lines.append(fact(gettext("Where"), place))
        organizers = [role.organization.name for role in event.organizer_roles]
        if organizers:
            lines.append(fact(gettext("Organizers"), ", ".join(organizers)))
        return summary_html(lines, event.description)
