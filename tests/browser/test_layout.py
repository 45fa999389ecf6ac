"""No page is wider than a phone (375 px) or a laptop (1280 px) screen, in either language."""

import pytest

from tests.browser.browsing import url

# Pages of each layout: the home, a list with its filters, detail pages with
# tables and long names.
PAGES = {
    "home": lambda lang: url("home", lang),
    "agreements": lambda lang: url("agreements:list", lang),
    "organizations": lambda lang: url("organizations:list", lang),
    "agreement": lambda lang: url("agreements:detail", lang, slug="clara-quebec-oncopole-2018"),
    "organization": lambda lang: url("organizations:detail", lang, slug="quebec-oncopole"),
    "event": lambda lang: url("events:detail", lang, slug="montreal-trade-mission-lyon-2016"),
}

# The page's width, and what sticks out past the window's right edge.
OVERFLOW = """() => {
  const width = window.innerWidth;
  const culprits = [...document.querySelectorAll("body *")]
    .filter((element) => element.getBoundingClientRect().right > width + 0.5)
    .slice(0, 5)
    .map((element) => element.outerHTML.slice(0, 120));
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, culprits};
}"""


@pytest.mark.parametrize("width", [375, 1280])
def test_pages_have_no_horizontal_overflow(new_context, width):
    page = new_context(viewport={"width": width, "height": 800}).new_page()
    overflowing = {}
    for language in ["en", "fr"]:
        for name, path in PAGES.items():
            assert page.goto(path(language)).status == 200
            measure = page.evaluate(OVERFLOW)
            assert measure["innerWidth"] == width
            if measure["scrollWidth"] > measure["innerWidth"]:
                overflowing[f"{name} ({language})"] = measure
    assert overflowing == {}


# The admin pages staff work in most: each model's list, add and change pages.
ADMIN_MODELS = [
    ("agreements", "agreement", "bioquebec-lso-mou-2025"),
    ("organizations", "organization", "bioquebec"),
    ("events", "event", "montreal-trade-mission-lyon-2016"),
]


# A membership file previewed in the 1280 px test: long names in every column.
WIDE_IMPORT = (
    "member,association,since,until\n"
    "Fondation Léa et Napoléon Bullukian,Lyon Auvergne Rhône-Alpes Cancer Cluster,"
    "21 septembre 2017,2025\n"
).encode()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_admin_pages_fit_a_1280_pixel_window(new_context, language):
    from django.apps import apps

    from tests.browser.browsing import sign_in_to_admin
    from tests.factories import AdministratorFactory

    AdministratorFactory(username="administrator")
    context = new_context(viewport={"width": 1280, "height": 800}, locale=language)
    page = context.new_page()
    sign_in_to_admin(page, "administrator")
    overflowing = {}
    for app_label, model_name, slug in ADMIN_MODELS:
        record = apps.get_model(app_label, model_name).objects.get(slug=slug)
        base = f"/admin/{app_label}/{model_name}/"
        for view, path in [
            ("list", base),
            ("add", f"{base}add/"),
            ("change", f"{base}{record.pk}/change/"),
        ]:
            assert page.goto(path).status == 200
            measure = page.evaluate(OVERFLOW)
            if measure["scrollWidth"] > measure["innerWidth"]:
                overflowing[f"{model_name} {view}"] = measure
    # The import pages, empty and with the preview of a wide file.
    for model_name in ["organization", "membership"]:
        assert page.goto(f"/admin/organizations/{model_name}/import/").status == 200
        if page.evaluate(OVERFLOW)["scrollWidth"] > 1280:
            overflowing[f"{model_name} import"] = page.evaluate(OVERFLOW)
    page.set_input_files(
        "#id_import_file",
        {
            "name": "wide.csv",
            "mimeType": "text/csv",
            "buffer": WIDE_IMPORT,
        },
    )
    page.select_option("#id_format", "0")
    with page.expect_navigation() as navigation:
        page.locator("input[type=submit]").click()
    assert navigation.value.status == 200  # the preview
    measure = page.evaluate(OVERFLOW)
    if measure["scrollWidth"] > measure["innerWidth"]:
        overflowing["membership import preview"] = measure
    assert overflowing == {}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_admin_merge_pages_fit_a_1280_pixel_window(new_context, language):
    from organizations.merge import merge_organizations
    from organizations.models import Organization
    from tests.browser.browsing import sign_in_to_admin
    from tests.browser.test_accessibility import open_merge_confirmation
    from tests.factories import AdministratorFactory

    administrator = AdministratorFactory(username="administrator")
    context = new_context(viewport={"width": 1280, "height": 800}, locale=language)
    page = context.new_page()
    sign_in_to_admin(page, "administrator")
    kept = Organization.objects.get(slug="bioquebec")
    twin = Organization.objects.create(name="BIOQuebec Inc", slug="bioquebec-2", kind="association")
    merge = merge_organizations(
        kept,
        Organization.objects.create(name="Bio Quebec", slug="bio-quebec", kind="association"),
        author=administrator,
    )
    overflowing = {}
    open_merge_confirmation(page, kept, twin)
    pages = [
        ("merge confirmation", None),
        ("merges list", "/admin/organizations/organizationmerge/"),
        ("revert confirmation", f"/admin/organizations/organizationmerge/{merge.pk}/revert/"),
    ]
    for name, path in pages:
        if path is not None:
            assert page.goto(path).status == 200
        measure = page.evaluate(OVERFLOW)
        if measure["scrollWidth"] > measure["innerWidth"]:
            overflowing[name] = measure
    assert overflowing == {}
