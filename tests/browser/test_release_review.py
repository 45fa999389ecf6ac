"""Association staff turn a press release into a draft agreement, in Chromium: paste,
review beside the text, create the draft; the screens pass axe-core and fit 1280 px."""

import pytest

from agreements.choices import AgreementKind
from agreements.models import Agreement
from organizations.models import Organization
from portal.publishing import Publication
from tests.browser.axe import axe_violations
from tests.browser.browsing import sign_in_to_admin
from tests.factories import StaffFactory

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

RELEASE = """BIOQuébec and Prairie BioNetwork sign a memorandum of understanding

MONTRÉAL, September 15, 2026 – BIOQuébec and Prairie BioNetwork, the life sciences
association based in Saskatoon, Saskatchewan, signed a three-year memorandum of
understanding to help their members do business together.

Key benefits for members:
- Member rates at the partner's annual conference
- Joint business missions between Québec and the Prairies

A first joint mission is planned for spring 2027.
"""

COMMUNIQUE = """BIOQuébec et Prairie BioNetwork signent un protocole d'entente

MONTRÉAL, le 15 septembre 2026 – BIOQuébec et Prairie BioNetwork, l'association des
sciences de la vie établie à Saskatoon, ont signé un protocole d'entente d'une durée de
trois ans pour aider leurs membres à faire des affaires ensemble.

Avantages clés pour les membres :
- Tarifs membres au congrès annuel du partenaire
- Missions d'affaires conjointes entre le Québec et les Prairies
"""

UPLOAD = "/admin/agreements/agreement/from-release/"
OVERFLOW = "({scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth})"


@pytest.fixture
def bioquebec_staff(live_site):
    return StaffFactory(
        username="bioquebec-staff", associations=[Organization.objects.get(slug="bioquebec")]
    )


def read_release(page, text):
    page.goto("/admin/agreements/agreement/")
    page.locator(f"a[href='{UPLOAD}']").click()
    page.locator("#id_text").fill(text)
    with page.expect_navigation() as navigation:
        page.locator("input[type=submit]").click()
    return navigation.value


def test_staff_paste_a_release_review_it_and_create_the_draft(new_context, bioquebec_staff):
    page = new_context().new_page()
    sign_in_to_admin(page, "bioquebec-staff")
    assert read_release(page, RELEASE).status == 200

    expect(page.locator("h1")).to_have_text("Review what was read from the press release")
    expect(page.locator("#id_kind")).to_have_value(AgreementKind.MOU)
    expect(page.locator("#id_signed")).to_have_value("15 September 2026")
    expect(page.locator("#id_place")).to_have_value("Montréal")
    expect(page.locator("#id_term_months")).to_have_value("36")
    # BIOQuébec is matched in the directory (the autocomplete shows its name); the
    # other signatory is flagged as new, with what the release says of it.
    first = page.locator("fieldset.release-row").first
    expect(first.locator(".select2-selection__rendered")).to_contain_text("BIOQuébec")
    second = page.locator("fieldset.release-row").nth(1)
    expect(second.locator(".release-flag")).to_contain_text("Not found in the directory")
    expect(second.locator("[name=parties-1-new_name]")).to_have_value("Prairie BioNetwork")
    expect(second.locator("[name=parties-1-new_city]")).to_have_value("Saskatoon")
    expect(second.locator("[name=parties-1-new_kind]")).to_have_value("association")
    # Each field's evidence is marked in the text; its link leads there.
    kind_row = page.locator(".form-row.field-kind")
    kind_row.get_by_role("link", name="Show in the text").click()
    anchor = page.evaluate("location.hash")
    expect(page.locator(f"mark{anchor}")).to_contain_text("memorandum of")
    expect(page.locator(f"mark{anchor}")).to_be_in_viewport()

    # Staff correct what they know better, then create the draft.
    page.locator("#id_title").fill("BIOQuébec – Prairie BioNetwork MOU")
    posted = page.evaluate(
        "[...new FormData(document.querySelector('form.release-fields')).entries()]"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Create draft").click()
    expect(page.locator(".messagelist")).to_contain_text("was created from the press release")
    expect(page.locator("#id_title_en")).to_have_value("BIOQuébec – Prairie BioNetwork MOU")

    agreement = Agreement.all_objects.get(title_en="BIOQuébec – Prairie BioNetwork MOU")
    assert agreement.publication == Publication.DRAFT
    assert agreement.owner.slug == "bioquebec"
    assert agreement.benefits.count() == 2
    assert agreement.commitments.count() == 1
    prairie = Organization.all_objects.get(name_en="Prairie BioNetwork")
    assert prairie.publication == Publication.DRAFT
    assert agreement.history.latest().history_user.username == "bioquebec-staff"

    # The same review sent again (a second press, a second tab) records nothing new.
    again = page.request.post(
        UPLOAD,
        multipart=dict(posted),
        headers={"Referer": page.url},
    )
    assert again.ok
    assert Agreement.all_objects.filter(title_en__contains="Prairie").count() == 1
    assert Organization.all_objects.filter(name_en="Prairie BioNetwork").count() == 1

    # Nobody outside BIOQuébec's staff sees it until it is published.
    visitor = new_context().new_page()
    for path in ["/en/agreements/", "/en/organizations/?q=Prairie", "/en/search/?q=Prairie"]:
        visitor.goto(path)
        expect(visitor.locator("main")).not_to_contain_text("Prairie BioNetwork")


@pytest.mark.axe
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_release_screens_have_no_accessibility_violation_and_fit_1280_pixels(
    new_context, axe_source, bioquebec_staff, language, console_watch, live_site
):
    console_watch.expect_status(live_site.url + UPLOAD, 400)
    page = new_context(
        locale="fr-CA" if language == "fr" else "en-CA",
        viewport={"width": 1280, "height": 800},
    ).new_page()
    sign_in_to_admin(page, "bioquebec-staff")
    problems, overflowing = {}, {}

    def check(name):
        if violations := axe_violations(page, axe_source):
            problems[name] = violations
        measure = page.evaluate(OVERFLOW)
        if measure["scrollWidth"] > measure["innerWidth"]:
            overflowing[name] = measure

    page.goto(UPLOAD)
    check("upload")
    assert read_release(page, "   ").status == 400
    expect(page.locator(".errornote")).to_be_visible()
    check("upload refused")
    assert read_release(page, COMMUNIQUE if language == "fr" else RELEASE).status == 200
    check("review")
    page.locator("#id_signed").fill("31 February 2026")
    with page.expect_navigation() as navigation:
        page.locator("input[type=submit]").last.click()
    assert navigation.value.status == 400
    check("review with errors")
    assert problems == {}, problems
    assert overflowing == {}
