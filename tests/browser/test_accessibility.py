"""axe-core's WCAG 2.2 AA rules find nothing on any page, in English and in French.

Each page is opened in a plain browser context, under the site's own CSP, so the
same visit also checks that no console error or CSP violation happens.
"""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from agreements.models import Agreement, Benefit
from events.models import Event
from members.claims import make_claim
from organizations.models import Membership, Organization, OrganizationKind, OrganizationMerge
from tests.browser.axe import axe_violations
from tests.browser.browsing import sign_in, sign_in_to_admin, url
from tests.factories import AccountFactory, AdministratorFactory

pytestmark = pytest.mark.axe
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

LANGUAGES = ["en", "fr"]


# name → path in a language. One entry per public template, and the states of a
# page that show different markup (empty and filled, errors).
PUBLIC_PAGES = {
    "home": lambda lang: url("home", lang),
    "organizations": lambda lang: url("organizations:list", lang),
    "organizations, filtered": lambda lang: url(
        "organizations:list", lang, "?country=CA&kind=association"
    ),
    "organization": lambda lang: url("organizations:detail", lang, slug="bioquebec"),
    "organization with relationships": lambda lang: url(
        "organizations:detail", lang, slug="quebec-oncopole"
    ),
    "between two organizations": lambda lang: url(
        "partners:between", lang, slug="bioquebec", other="massbio"
    ),
    "between two organizations, an undated agreement": lambda lang: url(
        "partners:between", lang, slug="biopolisquebec", other="life-sciences-ontario"
    ),
    "organization with contacts to call": lambda lang: url(
        "organizations:detail", lang, slug="iric"
    ),
    "agreements": lambda lang: url("agreements:list", lang),
    "agreement": lambda lang: url("agreements:detail", lang, slug="clara-quebec-oncopole-2018"),
    "agreement with benefits": lambda lang: url(
        "agreements:detail", lang, slug="bioquebec-lso-mou-2025"
    ),
    "events": lambda lang: url("events:list", lang),
    "past events": lambda lang: url("events:list", lang, "?when=past"),
    "events calendar": lambda lang: url("events:calendar_page", lang),
    "events calendar, a month with events": lambda lang: url(
        "events:calendar_month", lang, year=2016, month=11
    ),
    "event": lambda lang: url("events:detail", lang, slug="montreal-trade-mission-lyon-2016"),
    "event known to the month": lambda lang: url(
        "events:detail", lang, slug="entretiens-jacques-cartier-2018"
    ),
    "series": lambda lang: url("events:series", lang, slug="entretiens-jacques-cartier"),
    "map": lambda lang: url("partners:map", lang),
    "map of a city": lambda lang: url("partners:map", lang, "?city=lyon&agreements=signed"),
    "benefits": lambda lang: url("benefits:list", lang),
    "corridors": lambda lang: url("partners:corridors", lang),
    "corridor": lambda lang: url(
        "partners:corridor", lang, slug="quebec-ca--auvergne-rhone-alpes-fr"
    ),
    "benefits of an association": lambda lang: url("benefits:list", lang, "?association=bioquebec"),
    "network": lambda lang: url("partners:network", lang),
    "network, a past year of clusters": lambda lang: url(
        "partners:network", lang, "?year=2018&kind=cluster"
    ),
    "search": lambda lang: url("search", lang),
    "search results": lambda lang: url("search", lang, "?q=quebec"),
    "search without results": lambda lang: url("search", lang, "?q=zzzzqqq"),
    "about": lambda lang: url("about", lang),
    "privacy": lambda lang: url("privacy", lang),
    "API documentation": lambda lang: url("api_docs", lang),
    "sign-in": lambda lang: url("accounts:login", lang),
    "password reset": lambda lang: url("accounts:password_reset", lang),
    "password reset sent": lambda lang: url("accounts:password_reset_done", lang),
    "password reset link not valid": lambda lang: url(
        "accounts:password_reset_confirm", lang, uidb64="MQ", token="not-a-token"
    ),
    "password reset complete": lambda lang: url("accounts:password_reset_complete", lang),
    "request a member account": lambda lang: url("members:request_account", lang),
    "member account request sent": lambda lang: url("members:request_sent", lang),
    "suggest a correction": lambda lang: url(
        "members:suggest_correction", lang, kind="organization", slug="bioquebec"
    ),
    "correction sent": lambda lang: url(
        "members:correction_sent",
        lang,
        "?next=" + url("organizations:detail", lang, slug="bioquebec"),
    ),
}


def sweep(page, axe_source, pages, problems):
    """Open each path; what axe finds on each, keyed by page."""
    for name, path in pages:
        response = page.goto(path)
        assert response.status == 200, f"{name}: {path} answered {response.status}"
        if violations := axe_violations(page, axe_source):
            problems[f"{name} ({path})"] = violations


def report(problems):
    return "axe found violations:\n" + "\n".join(
        f"- {page}:\n    " + "\n    ".join(violations) for page, violations in problems.items()
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_have_no_accessibility_violation(
    page, axe_source, console_watch, live_site, language
):
    problems = {}
    sweep(
        page, axe_source, [(name, path(language)) for name, path in PUBLIC_PAGES.items()], problems
    )
    assert page.locator("html").get_attribute("lang") == language

    # Pages that answer an error on purpose: the browser logs the status.
    for name, path, status in [
        ("page not found", f"/{language}/no-such-page/", 404),
        ("invalid filter", url("agreements:list", language, "?signed_from=abc"), 400),
        ("unknown association", url("benefits:list", language, "?association=nobody"), 400),
        ("network of a bad year", url("partners:network", language, "?year=soon"), 400),
        (
            "unknown organization of a pair",
            url("partners:between", language, slug="bioquebec", other="nobody"),
            404,
        ),
    ]:
        console_watch.expect_status(live_site.url + path, status)
        assert page.goto(path).status == status
        if violations := axe_violations(page, axe_source):
            problems[f"{name} ({path})"] = violations

    page.goto(url("accounts:login", language))
    page.locator("#id_username").fill(f"nobody-{language}")
    page.locator("#id_password").fill("wrong password")
    page.locator("form.stacked-form button[type=submit]").click()
    page.locator(".form-errors").wait_for()
    if violations := axe_violations(page, axe_source):
        problems["sign-in with an error"] = violations

    assert problems == {}, report(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_error_pages_have_no_accessibility_violation(
    page, axe_source, console_watch, live_site, settings, language
):
    # The pages Django renders itself on a failure (no request context).
    settings.ROOT_URLCONF = "tests.urls_failing"
    problems = {}
    for path, status in [("failing/", 500), ("forbidden/", 403), ("suspicious/", 400)]:
        path = f"/{language}/{path}"
        console_watch.expect_status(live_site.url + path, status)
        assert page.goto(path).status == status
        if violations := axe_violations(page, axe_source):
            problems[f"{status} ({path})"] = violations
    assert problems == {}, report(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_account_pages_have_no_accessibility_violation(
    page, axe_source, language, console_watch, live_site
):
    company = Organization.objects.create(
        name="Laval Biologics", slug="laval-biologics", kind=OrganizationKind.COMPANY
    )
    Membership.objects.create(
        member=company, association=Organization.objects.get(slug="bioquebec")
    )
    Benefit.objects.filter(agreement__slug="bioquebec-lso-mou-2025").update(
        how_to_claim_en="Write to the association.", how_to_claim_fr="Écrire à l'association."
    )
    member = AccountFactory(username="member", profile__organization=company)
    uid = urlsafe_base64_encode(force_bytes(member.pk))
    token = default_token_generator.make_token(member)
    problems = {}
    # The link in the email redirects to a page that asks for the new password.
    sweep(
        page,
        axe_source,
        [
            (
                "new password",
                url("accounts:password_reset_confirm", language, uidb64=uid, token=token),
            )
        ],
        problems,
    )
    assert page.locator("input[type=password]").count() == 2
    sign_in(page, "member")
    sweep(
        page,
        axe_source,
        [
            ("profile", url("accounts:profile", language)),
            # A member's own associations are offered, and claim details shown.
            ("benefits", url("benefits:list", language)),
            ("agreement", url("agreements:detail", language, slug="bioquebec-lso-mou-2025")),
        ],
        problems,
    )
    # Their benefits page, with a claim of theirs listed, then with a refused claim's
    # errors on it.
    benefit = Benefit.objects.filter(agreement__slug="bioquebec-lso-mou-2025").earliest("pk")
    make_claim(member, benefit.pk, note="Two seats")
    sweep(page, axe_source, [("my benefits", url("members:my_benefits", language))], problems)
    claim_path = url("members:claim", language, benefit_id=benefit.pk)
    form = page.locator(f"form[action='{claim_path}']")
    console_watch.expect_status(live_site.url + claim_path, 400)
    form.locator("input[name=quantity]").fill("0")
    form.get_by_role("button").click()
    page.wait_for_load_state()
    assert page.locator(".errorlist").count() == 1
    if violations := axe_violations(page, axe_source):
        problems["my benefits, refused claim"] = violations
    assert problems == {}, report(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_at_phone_width_have_no_accessibility_violation(new_context, axe_source, language):
    # Another layout: the header's tabs, stacked filters, tables that scroll.
    page = new_context(viewport={"width": 375, "height": 800}).new_page()
    names = [
        "home",
        "agreements",
        "agreement",
        "organization",
        "event",
        "search results",
        "between two organizations",
    ]
    # The filters folded behind their button, the active filters' tags above the results.
    names.append("organizations, filtered")
    names.append("events calendar, a month with events")
    problems = {}
    sweep(page, axe_source, [(name, PUBLIC_PAGES[name](language)) for name in names], problems)
    assert problems == {}, report(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_admin_pages_have_no_accessibility_violation(new_context, axe_source, language):
    AdministratorFactory(username="administrator")
    # The admin is not under a language prefix: it follows the browser's language.
    page = new_context(locale="fr-CA" if language == "fr" else "en-CA").new_page()
    sign_in_to_admin(page, "administrator")
    agreement = Agreement.objects.get(slug="clara-quebec-oncopole-2018")
    admin_url = f"/admin/agreements/agreement/{agreement.pk}"
    bioquebec = Organization.objects.get(slug="bioquebec")
    event = Event.objects.get(slug="montreal-trade-mission-lyon-2016")
    problems = {}
    sweep(
        page,
        axe_source,
        [
            ("index", "/admin/"),
            ("agreements list", "/admin/agreements/agreement/"),
            ("change form", f"{admin_url}/change/"),
            ("history", f"{admin_url}/history/"),
            ("organization add form", "/admin/organizations/organization/add/"),
            (
                "organization change form",
                f"/admin/organizations/organization/{bioquebec.pk}/change/",
            ),
            ("event add form", "/admin/events/event/add/"),
            ("event change form", f"/admin/events/event/{event.pk}/change/"),
            ("events list", "/admin/events/event/"),
        ],
        problems,
    )
    assert page.locator("html").get_attribute("lang") == language

    # A party row added in the page: its fields and autocompletes are named too.
    page.goto(f"{admin_url}/change/")
    rows = page.locator("#party_set-group tr.form-row:not(.empty-form)")
    count = rows.count()
    page.locator("#party_set-group .add-row a").click()
    expect(rows).to_have_count(count + 1)
    if violations := axe_violations(page, axe_source):
        problems["change form with a party row added"] = violations
    assert problems == {}, report(problems)


def open_merge_confirmation(page, *organizations):
    """From the organizations' list: select them and run "Merge selected organizations"."""
    page.goto(
        "/admin/organizations/organization/?id__in=" + ",".join(str(o.pk) for o in organizations)
    )
    for organization in organizations:
        page.locator(f'input[name="_selected_action"][value="{organization.pk}"]').check()
    page.locator('select[name="action"]').select_option("merge_selected")
    page.locator('button[name="index"]').click()
    expect(page.locator("fieldset.merge-choice legend")).to_be_visible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_admin_merge_pages_have_no_accessibility_violation(new_context, axe_source, language):
    AdministratorFactory(username="administrator")
    page = new_context(locale="fr-CA" if language == "fr" else "en-CA").new_page()
    sign_in_to_admin(page, "administrator")
    twins = [
        Organization.objects.create(
            name="Genome Quebec", slug="genome-quebec-2", kind="association"
        ),
        Organization.objects.get(slug="bioquebec"),
    ]
    problems = {}

    open_merge_confirmation(page, *twins)
    if violations := axe_violations(page, axe_source):
        problems["merge confirmation"] = violations
    page.locator(f'input[name="kept"][value="{twins[1].pk}"]').check()
    page.locator('.submit-row input[type="submit"]').click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    merge = OrganizationMerge.objects.get()
    sweep(
        page,
        axe_source,
        [
            ("merges list", "/admin/organizations/organizationmerge/"),
            ("merge", f"/admin/organizations/organizationmerge/{merge.pk}/change/"),
            ("revert confirmation", f"/admin/organizations/organizationmerge/{merge.pk}/revert/"),
        ],
        problems,
    )
    assert problems == {}, report(problems)


# A file whose first line adds an organization and whose second refuses: the preview
# and the refused lines, the two states of the import page after an upload.
IMPORT_PREVIEW = b"name_en,kind,city\nTidewater Labs,company,Halifax\nBioQuebec,,Laval\n"
IMPORT_REFUSED = b"name_en,kind\nTidewater Labs,laboratory\n"


@pytest.mark.parametrize("language", LANGUAGES)
def test_admin_import_pages_have_no_accessibility_violation(
    new_context, axe_source, language, console_watch, live_site
):
    AdministratorFactory(username="administrator")
    # The refused file's page answers 400 on purpose.
    console_watch.expect_status(live_site.url + "/admin/organizations/organization/import/", 400)
    page = new_context(locale="fr-CA" if language == "fr" else "en-CA").new_page()
    sign_in_to_admin(page, "administrator")
    problems = {}
    sweep(
        page,
        axe_source,
        [
            ("organizations import", "/admin/organizations/organization/import/"),
            ("memberships import", "/admin/organizations/membership/import/"),
        ],
        problems,
    )
    for name, content, status in [
        ("import preview", IMPORT_PREVIEW, 200),
        ("import refused", IMPORT_REFUSED, 400),
    ]:
        page.goto("/admin/organizations/organization/import/")
        page.set_input_files(
            "#id_import_file", {"name": "file.csv", "mimeType": "text/csv", "buffer": content}
        )
        page.select_option("#id_format", "0")
        with page.expect_navigation() as navigation:
            page.locator("input[type=submit]").click()
        assert navigation.value.status == status, name
        if violations := axe_violations(page, axe_source):
            problems[name] = violations
    assert problems == {}, report(problems)
