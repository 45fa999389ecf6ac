"""The cards of a list — organizations, agreements, events, benefits — built in Python.

A list page shows twenty cards. As an included template each card cost about as
much as the rest of the page: a template context per card, a lookup through the
template engine per field, a URL reversal per link. Here a card is one
``format_html()`` with the markup the templates had (every value escaped the
same way autoescaping escaped it), the words a card repeats are translated once
per list, and the detail URLs are their prefix and the slug (portal.slug_urls).

The tags read records by their attributes and import no app (this is layer 0).
"""

from django import template
from django.template.defaultfilters import linebreaksbr, urlencode
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext

from portal.slug_urls import slug_url_prefix
from portal.templatetags.portal_tags import place_text

register = template.Library()


class Labels(dict):
    """Labels a list repeats, each worked out once per list: ``labels(key, make)``."""

    def __call__(self, key, make):
        try:
            return self[key]
        except KeyError:
            label = self[key] = make()
            return label


def place_suffix(record, labels):
    """The card's place after a middle dot (" · Montréal, Québec, Canada") when the record
    has a city, a region or a country (a card shows no venue alone), each field read once;
    a country's name translated once per list (``labels``)."""
    city, region, country = record.city, record.region, record.country
    if not (city or region or country):
        return ""
    country_name = labels(("country", country.code), lambda: country.name) if country else ""
    # Plain text: the card's format_html escapes it, once.
    return " · " + place_text(getattr(record, "venue", ""), city, region, country_name)


def kind_label(record, labels):
    """The record's kind, capitalized, as its cards show it."""
    return labels(("kind", record.kind), lambda: capfirst(record.get_kind_display()))


def agreements_suffix(record):
    """The number of published agreements after a middle dot (" · 3 agreements"), on the
    cards of a list sorted by it (rows with ``agreement_count``)."""
    count = getattr(record, "agreement_count", None)
    if count is None:
        return ""
    text = ngettext("%(count)s agreement", "%(count)s agreements", count) % {
        "count": number_format(count, force_grouping=True)
    }
    return format_html(" · {}", text)


def in_words(names, and_word):
    """'A', 'A and B', 'A, B and C' (escaped), as the cards list their organizations."""
    names = list(names)
    if len(names) < 2:
        return format_html_join("", "{}", ((name,) for name in names))
    head = format_html_join(", ", "{}", ((name,) for name in names[:-1]))
    return format_html("{} {} {}", head, and_word, names[-1])


def joined(cards):
    return mark_safe("\n".join(cards))


@register.simple_tag
def organization_cards(organizations):
    """The directory's cards: name and acronym, kind and place, sectors (``card_rows()``)."""
    url = slug_url_prefix("organizations:detail")
    sectors_label = gettext("Sectors")
    labels = Labels()
    cards = []
    for organization in organizations:
        name, acronym = organization.name, organization.acronym
        sectors = organization.sector_names
        cards.append(
            format_html(
                '<article class="card">\n'
                '  <h3 class="card-title"><a href="{}">{}</a>{}</h3>\n'
                '  <p class="card-meta">{}{}{}</p>{}\n'
                "</article>",
                f"{url}{organization.slug}/",
                name,
                format_html(' <span class="acronym">({})</span>', acronym)
                if acronym and acronym != name
                else "",
                kind_label(organization, labels),
                place_suffix(organization, labels),
                agreements_suffix(organization),
                format_html(
                    '\n  <ul class="tags" aria-label="{}">{}</ul>',
                    sectors_label,
                    format_html_join("", "<li>{}</li>", ((name,) for name in sectors)),
                )
                if sectors
                else "",
            )
        )
    return joined(cards)


@register.simple_tag
def agreement_cards(agreements):
    """Agreement cards: title, kind, state today, signing date, signatories' names
    (instances annotated ``with_state()`` and with ``party_set`` prefetched, or
    ``card_rows()``)."""
    url = slug_url_prefix("agreements:detail")
    unknown_date, signed_by, and_word = (
        gettext("signing date unknown"),
        gettext("Signed by"),
        gettext("and"),
    )
    labels = Labels()
    cards = []
    for agreement in agreements:
        signatories = agreement.signatory_names
        cards.append(
            format_html(
                '<article class="card">\n'
                '  <h3 class="card-title"><a href="{}">{}</a></h3>\n'
                '  <p class="card-meta">{} · <span class="status status-{}">{}</span> · {}</p>{}\n'
                "</article>",
                f"{url}{agreement.slug}/",
                agreement.title,
                kind_label(agreement, labels),
                agreement.state,
                labels(("state", agreement.state), lambda a=agreement: a.state_label),
                format_html('<span class="date">{}</span>', agreement.signed)
                if agreement.signed_on
                else unknown_date,
                format_html(
                    '\n  <p class="card-parties">{} {}</p>',
                    signed_by,
                    in_words(signatories, and_word),
                )
                if signatories
                else "",
            )
        )
    return joined(cards)


@register.simple_tag
def event_cards(events):
    """Event cards: name and edition, dates, kind and place."""
    url = slug_url_prefix("events:detail")
    labels = Labels()
    cards = []
    for event in events:
        cards.append(
            format_html(
                '<article class="card">\n'
                '  <h3 class="card-title"><a href="{}">{}</a></h3>\n'
                '  <p class="card-meta"><span class="date">{}</span> · {}{}</p>\n'
                "</article>",
                f"{url}{event.slug}/",
                event.display_name,
                event.dates,
                kind_label(event, labels),
                place_suffix(event, labels),
            )
        )
    return joined(cards)


@register.simple_tag(takes_context=True)
def claim_details(context, benefit):
    """How to claim a benefit, or why it is not shown (the ``claim_details_withheld``
    annotation of ``visible_to()``): a sign-in link for visitors, the audience it is
    shown to for members."""
    return claim_text(context, benefit, Labels())


def claim_text(context, benefit, labels):
    """``claim_details``, with the sentences a list repeats made once (``labels``)."""
    code = getattr(benefit, "claim_code", "")
    if benefit.claim_details or code:
        return format_html(
            '<div class="claim">\n    <h4>{}</h4>\n    {}{}\n  </div>',
            labels("how to claim", lambda: gettext("How to claim")),
            format_html("<p>{}</p>", linebreaksbr(benefit.claim_details, autoescape=True))
            if benefit.claim_details
            else "",
            format_html(
                '<p>{} <code class="member-code">{}</code></p>',
                labels("member code", lambda: gettext("Member code:")),
                code,
            )
            if code
            else "",
        )
    if not benefit.claim_details_withheld:
        return ""
    if context["user"].is_authenticated:
        return labels(("withheld", benefit.claim_details_for_staff_only), lambda: withheld(benefit))
    return labels("sign in", lambda: sign_in_to_claim(context["request"]))


def withheld(benefit):
    """Why a signed-in visitor does not see how to claim ``benefit``."""
    if benefit.claim_details_for_staff_only:
        message = gettext(
            "How to claim it is shown to the staff of the associations it is granted to."
        )
    else:
        message = gettext(
            "How to claim it is shown to members of the associations it is granted to."
        )
    return format_html('<p class="claim-withheld">{}</p>', message)


def sign_in_to_claim(request):
    """The sign-in link a visitor is offered instead of how to claim, back to this page."""
    # The sentence holds its link's markup; only the values put into it are escaped.
    sign_in = gettext(
        '<a href="%(url)s?next=%(next)s">Sign in as a member</a> to see how to claim it.'
    ) % {
        "url": escape(reverse("accounts:login")),
        "next": escape(urlencode(request.get_full_path())),
    }
    return format_html('<p class="claim-withheld">{}</p>', mark_safe(sign_in))


def until(date):
    """The benefit's end ("until 8 March 2018") as ``{% blocktranslate %}`` gives it: the
    date escaped, the sentence as translated."""
    return gettext("until %(date)s") % {"date": escape(date_format(date, "DATE_FORMAT"))}


@register.simple_tag(takes_context=True)
def benefit_items(context, benefits):
    """The benefits page's items: description, how to claim, the agreement granting it
    and until when (select ``agreement`` with them)."""
    url = slug_url_prefix("agreements:detail")
    through = gettext("Through")
    labels = Labels()
    items = []
    for benefit in benefits:
        agreement = benefit.agreement
        items.append(
            format_html(
                '<li class="benefit">\n'
                "  <p>{}</p>\n"
                "  {}\n"
                '  <p class="muted">{} <a href="{}">{}</a>{}</p>\n'
                "</li>",
                benefit.description,
                claim_text(context, benefit, labels),
                through,
                f"{url}{agreement.slug}/",
                agreement.title,
                mark_safe(" · " + until(benefit.valid_until)) if benefit.valid_until else "",
            )
        )
    return joined(items)
