"""What crawlers read: ``sitemap.xml`` in both languages, and ``robots.txt``.

``sitemap.xml`` is an index of sections (static pages, organizations,
agreements, events, series), each split into files of at most ``limit`` URLs.
Every public page is listed once per language, with ``hreflang`` alternates for
English, French and ``x-default``. A file reads one slice of one table with two
queries (a count and the slice) whatever the number of records, and the index
two per section (a count and the latest update).

Without ``django.contrib.sites`` Django's sitemap views take the domain from the
request (``RequestSite``), so the URLs are absolute on whatever host and scheme
the site is served from.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation

from agreements.models import Agreement
from events.models import Event, Series
from organizations.models import Organization
from partners.between import pairs_sharing_an_agreement
from partners.corridors import corridor_index
from portal.page_cache import cache_get, cache_set, versioned_key

# URLs a file, both languages counted. The protocol allows 50,000, but a file of
# 10,000 (5,000 records) already takes about two seconds to build.
URLS_PER_FILE = 10_000


class InEachLanguage:
    """(record, language) pairs over a queryset, read from the database a slice at a time.

    Django's i18n sitemap builds the pairs for every record before paginating, which
    would load all 100,000 organizations for each file; this sequence only loads the
    records of the slice the paginator asks for.
    """

    def __init__(self, queryset, languages):
        self.queryset = queryset
        self.languages = languages

    def count(self):
        return self.queryset.count() * len(self.languages)

    def __getitem__(self, index):
        size = len(self.languages)
        first = index.start // size
        records = self.queryset[first : -(-index.stop // size)]
        pairs = [(record, language) for record in records for language in self.languages]
        return pairs[index.start - first * size : index.stop - first * size]


class BilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = URLS_PER_FILE

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        # Django's x-default is the English address without its /en/ prefix. Only the
        # home page answers there in every language (LocaleMiddleware redirects "/" by
        # the visitor's preference); /organizations/ is a 404 for a French visitor,
        # whose page is /fr/organisations/. Elsewhere x-default is the English page.
        for url in urls:
            alternates = {alternate["lang_code"]: alternate for alternate in url["alternates"]}
            x_default = alternates.get("x-default")
            if x_default and urlsplit(x_default["location"]).path != "/":
                x_default["location"] = alternates[settings.LANGUAGE_CODE]["location"]
        return urls


class StaticPagesSitemap(BilingualSitemap):
    """The home, the lists, about, privacy and the API documentation; search results are not
    worth indexing."""

    def items(self):
        return [
            "home",
            "organizations:list",
            "agreements:list",
            "events:list",
            "events:calendar_page",
            "benefits:list",
            "partners:map",
            "partners:corridors",
            "partners:network",
            "about",
            "privacy",
            "api_docs",
        ]

    def location(self, item):
        return reverse(item)


class RecordSitemap(BilingualSitemap):
    """The detail page of every record of ``model``, which is public in full."""

    model = None

    def items(self):
        return self.model.objects.only("slug").order_by("pk")

    @property
    def paginator(self):
        return Paginator(InEachLanguage(self.items(), self._languages()), self.limit)


class UpdatedRecordSitemap(RecordSitemap):
    """Records that know when they last changed: each URL carries it as ``lastmod``."""

    def items(self):
        return self.model.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, record):
        return record.updated_at

    def get_latest_lastmod(self):
        # One aggregate; Django's default calls lastmod() on every record.
        return self.model.objects.aggregate(latest=Max("updated_at"))["latest"]


class OrganizationSitemap(UpdatedRecordSitemap):
    model = Organization


class AgreementSitemap(UpdatedRecordSitemap):
    model = Agreement


class EventSitemap(UpdatedRecordSitemap):
    model = Event


class SeriesSitemap(RecordSitemap):
    model = Series


class CorridorSitemap(BilingualSitemap):
    """Every corridor's page: as many as pairs of places, read from the cached index
    (``partners.corridors``)."""

    def items(self):
        return [corridor.slug for corridor in corridor_index(timezone.localdate()).corridors]

    def location(self, slug):
        return reverse("partners:corridor", args=[slug])


class PairsInEachLanguage(InEachLanguage):
    """``InEachLanguage`` over pairs of organizations, whose count joins every party to
    the other parties of its agreement: counted once until the data changes."""

    def count(self):
        key = versioned_key("sitemap", "between", "count")
        count = cache_get(key)
        if count is None:
            count = super().count()
            cache_set(key, count)
        return count


class BetweenSitemap(RecordSitemap):
    """The page between two organizations, for each pair that shares a published
    agreement, at its one address (``partners.between_views.between``)."""

    def items(self):
        return pairs_sharing_an_agreement()

    def location(self, pair):
        return reverse("partners:between", kwargs=pair)

    @property
    def paginator(self):
        return Paginator(PairsInEachLanguage(self.items(), self._languages()), self.limit)


# Classes, not instances: the views make a new one for each request.
SITEMAPS = {
    "pages": StaticPagesSitemap,
    "organizations": OrganizationSitemap,
    "agreements": AgreementSitemap,
    "events": EventSitemap,
    "series": SeriesSitemap,
    "corridors": CorridorSitemap,
    "between": BetweenSitemap,
}


def robots_txt(request):
    """Everything may be crawled but the admin, the API, accounts, search results and
    the forms that send requests (as the sign-in page, under accounts)."""
    disallowed = ["/admin/", "/api/"]
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            # The correction form's address holds the record's: its common start.
            corrections = reverse("members:correction_sent").rstrip("/").rpartition("/")[0]
            disallowed += [
                reverse("accounts:profile"),
                reverse("search"),
                reverse("members:request_account"),
                f"{corrections}/",
            ]
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in disallowed),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
