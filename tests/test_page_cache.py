"""Anonymous pages come from the cache, and no visitor ever sees a stale or another's page.

The invalidation tests run twice: on each process's local memory (the default)
and on Redis (``CACHE_URL`` in production), which must be running for them; CI
starts it and sets ``REQUIRE_REDIS`` so that a missing Redis fails the run.
"""

import gzip
import html
import os
import uuid

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.models import Organization, Visibility
from portal.page_cache import content_version
from tests.factories import (
    AgreementFactory,
    BenefitFactory,
    ContactFactory,
    EventFactory,
    OrganizationFactory,
    PartyFactory,
)
from tests.test_admin_writes import organization_form
from tests.test_pages_helpers import get_page, url

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_available():
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.fixture(params=["local memory", "redis"])
def cache_backend(request, settings):
    if request.param == "redis":
        if not redis_available():
            if os.environ.get("REQUIRE_REDIS"):
                pytest.fail(f"Redis is not answering at {REDIS_URL} and REQUIRE_REDIS is set.")
            pytest.skip(f"Redis is not answering at {REDIS_URL} (redis-server starts it).")
        prefix = uuid.uuid4().hex
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
                # Each test its own keys: parallel runs share the server.
                "KEY_PREFIX": prefix,
            }
        }
        yield request.param
        # This test's keys only: clear() would empty the database under a test that
        # another worker runs at the same time.
        server = cache._cache.get_client(write=True)
        for key in server.scan_iter(f"{prefix}:*"):
            server.delete(key)
        return
    yield request.param
    cache.clear()


def served_from_cache(client, path, django_assert_num_queries, **extra):
    """The page, asserting it took no query at all."""
    with django_assert_num_queries(0):
        return client.get(path, **extra)


# Serving --------------------------------------------------------------------------------


def test_an_anonymous_page_is_served_again_from_the_cache_without_a_query(
    client, db, django_assert_num_queries, cache_backend
):
    OrganizationFactory(name="Cached Biotech", slug="cached-biotech")
    path = url("organizations:detail", slug="cached-biotech")
    first = client.get(path)

    again = served_from_cache(client, path, django_assert_num_queries)

    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert "Cached Biotech" in get_page(client, path).h1


def test_each_language_and_query_string_is_its_own_page(client, db, django_assert_num_queries):
    OrganizationFactory(name_en="Bridge Lab", name_fr="Labo Passerelle", slug="bridge-lab")
    client.get(url("organizations:list", "en"))

    french = get_page(client, url("organizations:list", "fr"))
    filtered = client.get(url("organizations:list", "en", {"kind": "company"}))

    assert french.texts(".card-title") == ["Labo Passerelle"]
    assert filtered.status_code == 200
    served_from_cache(client, url("organizations:list", "fr"), django_assert_num_queries)


def test_a_compressed_page_is_served_compressed_from_the_cache(
    client, db, django_assert_num_queries
):
    OrganizationFactory(name="Squeezed Therapeutics")
    path = url("organizations:list")
    client.get(path, HTTP_ACCEPT_ENCODING="gzip")

    again = served_from_cache(client, path, django_assert_num_queries, HTTP_ACCEPT_ENCODING="gzip")
    plain = client.get(path)

    assert again["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in again["Vary"]
    assert "Squeezed Therapeutics" in gzip.decompress(again.content).decode()
    assert "Content-Encoding" not in plain
    assert "Squeezed Therapeutics" in plain.content.decode()


# Invalidation ---------------------------------------------------------------------------


def test_an_admin_save_makes_the_next_anonymous_page_fresh(client, administrator, cache_backend):
    company = OrganizationFactory(name_en="Old Name Bio", slug="renamed-bio")
    path = url("organizations:detail", slug="renamed-bio")
    assert get_page(client, path).h1 == "Old Name Bio"

    staff = client.__class__()
    staff.force_login(administrator)
    saved = staff.post(
        reverse("admin:organizations_organization_change", args=[company.pk]),
        organization_form(company, name_en="New Name Bio"),
    )

    assert saved.status_code == 302
    assert get_page(client, path).h1 == "New Name Bio"


def test_an_inline_change_in_the_admin_makes_the_next_anonymous_page_fresh(
    client, administrator, cache_backend
):
    company = OrganizationFactory(name_en="Inline Bio", slug="inline-bio")
    path = url("organizations:detail", slug="inline-bio")
    assert "Ada Inline" not in client.get(path).content.decode()

    staff = client.__class__()
    staff.force_login(administrator)
    form = organization_form(company) | {
        "contacts-TOTAL_FORMS": "1",
        "contacts-0-name": "Ada Inline",
        "contacts-0-title": "Director",
        "contacts-0-visibility": Visibility.PUBLIC,
    }
    saved = staff.post(reverse("admin:organizations_organization_change", args=[company.pk]), form)

    assert saved.status_code == 302
    assert "Ada Inline" in get_page(client, path).text_of(".contacts")


def test_a_delete_in_the_admin_makes_the_next_anonymous_pages_fresh(
    client, administrator, cache_backend
):
    company = OrganizationFactory(name_en="Doomed Bio", slug="doomed-bio")
    OrganizationFactory(name_en="Staying Bio")
    detail = url("organizations:detail", slug="doomed-bio")
    directory = url("organizations:list")
    assert client.get(detail).status_code == 200
    assert get_page(client, directory).texts(".card-title") == ["Doomed Bio", "Staying Bio"]

    staff = client.__class__()
    staff.force_login(administrator)
    staff.post(
        reverse("admin:organizations_organization_delete", args=[company.pk]), {"post": "yes"}
    )

    assert not Organization.objects.filter(pk=company.pk).exists()
    assert client.get(detail).status_code == 404
    assert get_page(client, directory).texts(".card-title") == ["Staying Bio"]


def test_a_change_to_a_related_record_refreshes_the_pages_that_show_it(client, db, cache_backend):
    event = EventFactory(name_en="Signing Summit", slug="signing-summit")
    agreement = AgreementFactory(title_en="Corridor MOU", signing_event=event)
    path = url("events:detail", slug="signing-summit")
    assert "Corridor MOU" in client.get(path).content.decode()

    agreement.title_en = "Corridor MOU, renewed"
    agreement.save()

    assert "Corridor MOU, renewed" in client.get(path).content.decode()


def test_a_write_outside_any_signal_is_announced_by_the_loader(client, db, cache_backend):
    # generate_data inserts in bulk and then retires the cache itself.
    from django.core.management import call_command

    before = content_version()
    call_command("generate_data", organizations=3, agreements=1, events=1, benefits=1, verbosity=0)

    assert content_version() != before
    assert get_page(client, url("organizations:list")).texts(".card-title")


# Never cached ---------------------------------------------------------------------------


def test_a_signed_in_visitors_pages_are_never_stored_nor_served_from_the_cache(
    client, member, django_assert_num_queries
):
    company = OrganizationFactory(name_en="Members Corner", slug="members-corner")
    ContactFactory(organization=company, name="Mina Members", visibility=Visibility.MEMBERS)
    path = url("organizations:detail", slug="members-corner")
    anonymous = client.__class__()
    anonymous.get(path)  # cached for anonymous visitors, without the contact
    client.force_login(member)

    seen_by_member = client.get(path).content.decode()
    client.get(path)
    anonymous_again = served_from_cache(anonymous, path, django_assert_num_queries)

    assert "Mina Members" in seen_by_member
    assert "Mina Members" not in anonymous_again.content.decode()


def test_a_members_only_page_is_not_served_to_the_next_anonymous_visitor(
    client, member, association_a
):
    agreement = AgreementFactory()
    PartyFactory(agreement=agreement, organization=association_a)
    benefit = BenefitFactory(
        agreement=agreement,
        how_to_claim_en="Quote code MEMBERS-ONLY-42 when registering.",
        claim_visibility=Visibility.MEMBERS,
    )
    benefit.granted_to.add(association_a)
    path = url("benefits:list", query={"association": association_a.slug})
    client.force_login(member)
    assert "MEMBERS-ONLY-42" in client.get(path).content.decode()

    anonymous = client.__class__().get(path).content.decode()

    assert "MEMBERS-ONLY-42" not in anonymous


def test_a_response_that_sets_a_cookie_is_not_stored(client, db):
    path = url("accounts:login")
    first = client.get(path)
    client.cookies.clear()

    second = client.get(path)

    assert settings.CSRF_COOKIE_NAME in first.cookies
    assert settings.CSRF_COOKIE_NAME in second.cookies


def test_a_visitor_with_a_session_is_never_answered_from_the_cache(
    client, db, django_assert_num_queries
):
    OrganizationFactory(name_en="Session Bio", slug="session-bio")
    path = url("organizations:detail", slug="session-bio")
    client.get(path)
    client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-session-of-anyone"

    with CaptureQueriesContext(connection) as captured:
        client.get(path)

    assert len(captured) >= 1


def test_errors_and_the_admin_are_never_stored(client, db):
    missing = url("organizations:detail", slug="nobody-here")
    client.get(missing)
    # In bulk, so that no signal retires the cache: only a fresh page can show it.
    Organization.objects.bulk_create([OrganizationFactory.build(slug="nobody-here")])

    assert client.get(missing).status_code == 200
    assert client.get(reverse("admin:login")).status_code == 200
    assert settings.CSRF_COOKIE_NAME in client.get(reverse("admin:login")).cookies


def test_a_client_that_refuses_gzip_never_gets_a_compressed_page(client, db):
    OrganizationFactory(name="Plain Text Bio")
    path = url("organizations:list")
    client.get(path, HTTP_ACCEPT_ENCODING="gzip")

    refused = client.get(path, HTTP_ACCEPT_ENCODING="nogzip")

    assert "Content-Encoding" not in refused
    assert "Plain Text Bio" in refused.content.decode()


def test_the_filter_form_shows_the_value_the_list_used_when_a_filter_is_repeated(client, db):
    OrganizationFactory(name="Lyon Bio", country="FR")
    OrganizationFactory(name="Laval Bio", country="CA")
    client.get(url("organizations:list") + "?country=FR&country=CA")

    page = get_page(client, url("organizations:list") + "?country=CA&country=FR")

    assert page.card_titles() == ["Lyon Bio"]
    assert [o.text for o in page.select("select[name=country] option[selected]")] == ["France (1)"]


def test_pages_and_writes_go_on_when_the_cache_cannot_be_reached(client, administrator, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            # Nothing listens on port 1.
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    company = OrganizationFactory(name_en="Unreachable Bio", slug="unreachable-bio")
    staff = client.__class__()
    staff.force_login(administrator)

    saved = staff.post(
        reverse("admin:organizations_organization_change", args=[company.pk]),
        organization_form(company, name_en="Still Saved Bio"),
    )

    assert saved.status_code == 302
    assert get_page(client, url("organizations:detail", slug="unreachable-bio")).h1 == (
        "Still Saved Bio"
    )
    assert client.get(url("organizations:list")).status_code == 200
    assert client.get(url("home")).status_code == 200


def test_the_deployment_check_asks_for_a_shared_cache_for_the_limits_and_the_pages(settings):
    from portal.checks import shared_cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    local = shared_cache(None)
    settings.PAGE_CACHE_SECONDS = 0
    nothing_cached = shared_cache(None)
    settings.PAGE_CACHE_SECONDS = 600
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    shared = shared_cache(None)

    assert [warning.id for warning in local] == ["passerelle.W001"]
    assert "stale for up to 600 seconds" in local[0].msg
    # Sign-in lockouts and the API's limit count in the cache, pages cached or not.
    assert [warning.id for warning in nothing_cached] == ["passerelle.W001"]
    assert "stale" not in nothing_cached[0].msg
    assert shared == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_benefits_association_box_shows_the_association_each_visitor_asked_for(
    client, association_a, lang
):
    """The box's HTML is cached by language, day and value: each visitor finds the
    association they asked for chosen in it, and a value that matches nothing is
    explained every time."""
    BenefitFactory().granted_to.set([association_a])
    other = OrganizationFactory(name="Other Association", slug="other-association")
    BenefitFactory().granted_to.set([other])

    def chosen(query):
        page = get_page(client, url("benefits:list", lang, {"association": query}))
        return page.status, page.form_values()["association"]

    assert chosen("association-a") == (200, "association-a")
    assert chosen("other association") == (200, "other-association")
    assert chosen("ASSOCIATION A") == (200, "association-a")
    assert chosen("association-a") == (200, "association-a")
    for _visit in range(2):
        response = client.get(url("benefits:list", lang, {"association": "Nothing Like It"}))
        assert response.status_code == 400
        assert "Nothing Like It" in html.unescape(response.text)
        assert 'aria-invalid="true"' in response.text
