"""What visitors, members and association staff do, end to end, in Chromium."""

import re

import pytest

from agreements.models import Agreement, Benefit, BenefitCategory
from organizations.models import Membership, Organization, OrganizationKind, Visibility
from tests.browser.browsing import PASSWORD, sign_in, sign_in_to_admin
from tests.factories import AccountFactory, StaffFactory

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect


def facts(page):
    """The detail page's facts box as {term: description}."""
    terms = page.locator(".facts dt").all_inner_texts()
    descriptions = page.locator(".facts dd").all_inner_texts()
    return {
        term.strip().lower(): description.strip()
        for term, description in zip(terms, descriptions, strict=True)
    }


def test_visitor_finds_where_and_when_clara_and_the_oncopole_signed(page):
    page.goto("/en/")
    header = page.get_by_role("banner")
    header.get_by_label("Search organizations, agreements and events").fill("quebec")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/search/\?q=quebec$"))

    page.get_by_role("link", name="Québec Oncopole", exact=True).click()
    expect(page).to_have_url(re.compile(r"/en/organizations/quebec-oncopole/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Québec Oncopole"))

    page.get_by_role("link", name=re.compile(r"^CLARA – Québec Oncopole")).first.click()
    expect(page).to_have_url(re.compile(r"/en/agreements/clara-quebec-oncopole-2018/$"))
    signing = facts(page)
    assert (signing["signed"], signing["place"], signing["signed during"]) == (
        "8 March 2018",
        "Hôtel de Matignon, Paris",
        "Alternating Meeting of the Prime Ministers of Québec and France 2018",
    )


def test_visitor_filters_agreements_to_those_with_a_party_in_france(page):
    page.goto("/en/agreements/")
    # The box lists the countries the parties are in, with how many agreements each.
    page.get_by_label("A party in the country:", exact=True).select_option(label="France (2)")
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"[?&]country=FR(&|$)"))
    titles = page.locator(".browse-results .card-title").all_inner_texts()
    assert sorted(titles) == [
        "CLARA – Québec Oncopole cancer research collaboration agreement",
        "Montréal InVivo – Lyonbiopôle – i-Care agreement on SME internationalization",
    ]


def test_switching_to_french_stays_on_the_same_page_with_its_filters(page):
    page.goto("/en/agreements/?country=FR&status=in_force")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()

    expect(page).to_have_url(re.compile(r"/fr/ententes/\?country=FR&status=in_force$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ententes")
    expect(page.get_by_label("Une partie dans le pays :", exact=True)).to_have_value("FR")
    assert page.locator(".browse-results .card").count() == 2

    page.goto("/fr/organisations/quebec-oncopole/")
    page.get_by_role("navigation", name="Langue").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/organizations/quebec-oncopole/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_visitor_downloads_an_events_calendar_file(page):
    page.goto("/en/events/montreal-trade-mission-lyon-2016/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to calendar").click()
    download = download_info.value

    assert download.suggested_filename.endswith(".ics")
    calendar = download.path().read_text(encoding="utf-8")
    assert calendar.startswith("BEGIN:VCALENDAR")
    assert calendar.rstrip().endswith("END:VCALENDAR")
    assert calendar.count("BEGIN:VEVENT") == 1
    assert "SUMMARY:Montréal life sciences trade mission to Lyon" in calendar.replace("\r\n ", "")


HOW_TO_CLAIM = "Quote the code CORRIDOR-2025 when registering with Life Sciences Ontario."


@pytest.fixture
def member_of_bioquebec(live_site):
    """A person at a member company of BIOQuébec, and a BIOQuébec benefit with claim details."""
    bioquebec = Organization.objects.get(slug="bioquebec")
    company = Organization.objects.create(
        name="Laval Biologics", slug="laval-biologics", kind=OrganizationKind.COMPANY, country="CA"
    )
    Membership.objects.create(member=company, association=bioquebec)
    benefit = Benefit.objects.get(
        agreement__slug="bioquebec-lso-mou-2025", category=BenefitCategory.PREFERENTIAL_RATES
    )
    benefit.how_to_claim = HOW_TO_CLAIM
    benefit.claim_visibility = Visibility.MEMBERS
    benefit.save()
    return AccountFactory(username="member", profile__organization=company)


def test_member_signs_in_and_sees_how_to_claim_a_benefit(page, member_of_bioquebec):
    page.goto("/en/benefits/?association=bioquebec")
    rates = page.locator(".benefit", has_text="Member rates at every event")
    expect(rates).to_contain_text("Sign in as a member to see how to claim it.")
    expect(page.locator("body")).not_to_contain_text(HOW_TO_CLAIM)

    rates.get_by_role("link", name="Sign in as a member").click()
    page.get_by_label("Username").fill("member")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/en/benefits/\?association=bioquebec$"))
    claim = rates.locator(".claim")
    expect(claim.get_by_role("heading", name="How to claim")).to_be_visible()
    expect(claim).to_contain_text(HOW_TO_CLAIM)

    # The agreement's own page shows it too, now.
    page.goto("/en/agreements/bioquebec-lso-mou-2025/")
    expect(page.locator(".claim", has_text=HOW_TO_CLAIM)).to_be_visible()


@pytest.fixture
def bioquebec_staff(live_site):
    return StaffFactory(
        username="bioquebec-staff", associations=[Organization.objects.get(slug="bioquebec")]
    )


def test_association_staff_edit_their_agreement_and_see_the_change_in_its_history(
    page, bioquebec_staff
):
    agreement = Agreement.objects.get(slug="bioquebec-lso-mou-2025")
    sign_in_to_admin(page, "bioquebec-staff")

    page.goto(f"/admin/agreements/agreement/{agreement.pk}/change/")
    summary = page.locator("#id_summary_en")
    summary.fill("The corridor's two largest life sciences associations join forces.")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(page.locator("#id_summary_en")).to_have_value(
        "The corridor's two largest life sciences associations join forces."
    )

    page.goto(f"/admin/agreements/agreement/{agreement.pk}/history/")
    latest = page.locator("#change-history tbody tr").first
    expect(latest).to_contain_text("bioquebec-staff")
    expect(latest).to_contain_text("Summary")

    agreement.refresh_from_db()
    assert (
        agreement.summary_en == "The corridor's two largest life sciences associations join forces."
    )
    assert agreement.history.count() == 2


def test_staff_type_a_signing_date_as_the_press_release_gives_it(new_context, bioquebec_staff):
    agreement = Agreement.objects.get(slug="bioquebec-lso-mou-2025")
    # Staff in Lyon, six hours ahead of the server.
    page = new_context(timezone_id="Europe/Paris").new_page()
    sign_in_to_admin(page, "bioquebec-staff")

    page.goto(f"/admin/agreements/agreement/{agreement.pk}/change/")
    page.locator("#id_signed_on").fill("juin 2017")
    page.locator("input[name=_continue]").click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(page.locator("#id_signed_on")).to_have_value("June 2017")
    # Dates are days, not moments: no note about the server's time zone anywhere.
    expect(page.locator(".timezonewarning")).to_have_count(0)
    agreement.refresh_from_db()
    assert str(agreement.signed) == "June 2017"


def test_association_staff_get_404_on_another_associations_agreement(
    page, bioquebec_staff, console_watch, live_site
):
    others = Agreement.objects.get(slug="clara-quebec-oncopole-2018")
    sign_in_to_admin(page, "bioquebec-staff")

    for path in [
        f"/admin/agreements/agreement/{others.pk}/change/",
        f"/admin/agreements/agreement/{others.pk}/history/",
    ]:
        console_watch.expect_status(live_site.url + path, 404)
        assert page.goto(path).status == 404

    page.goto("/admin/agreements/agreement/")
    titles = page.locator("#result_list tbody th a").all_inner_texts()
    assert sorted(titles) == [
        "BIOQuébec – Life Sciences Ontario memorandum of understanding",
        "BIOQuébec – MassBio cooperation agreement",
    ]


def test_member_claims_a_benefit_and_the_partner_associations_staff_approve_it(
    new_context, member_of_bioquebec
):
    # The rates are for both associations' members: a BIOQuébec member's claim goes
    # to Life Sciences Ontario, the partner that grants them.
    StaffFactory(
        username="lso-staff",
        associations=[Organization.objects.get(slug="life-sciences-ontario")],
    )
    member = new_context().new_page()
    sign_in(member, "member")
    member.get_by_role("link", name="My benefits").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("My benefits")
    rates = member.locator(".benefit-claim", has_text="Member rates at every event")
    expect(rates).to_contain_text("provided by Life Sciences Ontario")
    expect(rates).to_contain_text("as a member of BIOQuébec")
    expect(rates).to_contain_text(HOW_TO_CLAIM)
    rates.get_by_label("Quantity").fill("2")
    rates.get_by_label("Note for the association (optional)").fill("2 seats at the LSO Gala")
    rates.get_by_role("button", name=re.compile("^Claim this benefit")).click()

    expect(member.locator(".notice")).to_contain_text("Your claim is sent to Life Sciences Ontario")
    claims = member.get_by_role("table")
    expect(claims).to_contain_text("2 seats at the LSO Gala")
    expect(claims).to_contain_text("waiting for the association")

    staff = new_context().new_page()
    sign_in_to_admin(staff, "lso-staff")
    staff.goto("/admin/members/claim/")
    staff.locator("#result_list tbody tr").first.get_by_role("link").first.click()
    expect(staff.locator("body")).to_contain_text("2 seats at the LSO Gala")
    staff.get_by_label("Approve").check()
    staff.get_by_label("Message to the member").fill("Two gala seats are held for you.")
    staff.locator("input[name=_save]").click()
    expect(staff.locator(".messagelist")).to_contain_text("approved")
    # The agreement's page shows its staff what its benefits are used for.
    staff.goto("/en/agreements/bioquebec-lso-mou-2025/")
    usage = staff.locator(".claim-usage")
    expect(usage.get_by_role("heading", level=2)).to_have_text("Claims under this agreement")
    total = usage.get_by_role("row", name=re.compile(r"^Total"))
    assert total.get_by_role("cell").all_inner_texts() == ["1", "2", "0"]

    member.reload()
    claims = member.get_by_role("table")
    expect(claims).to_contain_text("approved")
    expect(claims).to_contain_text("Two gala seats are held for you.")
