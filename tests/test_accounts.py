"""Accounts: member sign-in and sign-out, password reset, the profile page, login
throttling (django-axes), and what signing in changes on the benefit pages.

French interface text is asserted through ui(), so these tests hold before and after
the French catalogue has the accounts strings; organization names, usernames and
claim details are content and asserted literally.
"""

import datetime
import io
import re
import time
from unittest import mock
from urllib.parse import parse_qs, quote

import pytest
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from organizations.models import Visibility
from tests.factories import (
    PASSWORD,
    AgreementFactory,
    BenefitFactory,
    MemberFactory,
    MembershipFactory,
    OrganizationFactory,
    PartyFactory,
    StaffFactory,
)
from tests.test_pages_helpers import LANGUAGES, Page, get_page, label, ui, ui_count, url
from tests.test_tasks import run_queued_tasks

NEW_PASSWORD = "a lighthouse of teal kites"
SENTINEL = "CLAIM-SENTINEL"

# The test client's address unless told otherwise; django-axes locks a username out
# from one address.
ADDRESS = "203.0.113.7"
OTHER_ADDRESS = "198.51.100.9"

FAILURE_LIMIT = 5
COOL_OFF_MINUTES = 15


@pytest.fixture(autouse=True)
def _throttling_defaults(settings):
    # The defaults of portal/settings.py, whatever the environment of the test run says.
    settings.AXES_FAILURE_LIMIT = FAILURE_LIMIT
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=COOL_OFF_MINUTES)


def sign_in(client, username, password, *, path=None, address=ADDRESS, **data):
    return client.post(
        path or url("accounts:login"),
        {"username": username, "password": password, **data},
        REMOTE_ADDR=address,
    )


def signed_in_as(client):
    """The username the profile page shows, or None when it asks to sign in."""
    response = client.get(url("accounts:profile"))
    if response.status_code != 200:
        return None
    return Page(response).facts()["Username"]


def invalid_login(lang):
    username = label(lang, User._meta.get_field("username").verbose_name)
    return ui(lang, AuthenticationForm.error_messages["invalid_login"], username=username)


# Signing in ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_sign_in_page_shows_the_form_in_each_language(client, db, lang):
    page = get_page(client, url("accounts:login", lang))

    assert (page.status, page.lang, page.h1) == (200, lang, ui(lang, "Member sign-in"))
    assert sorted(page.form_values()) == ["csrfmiddlewaretoken", "next", "password", "username"]
    assert page.links("main p a") == [
        url("accounts:password_reset", lang),
        url("members:request_account", lang),
    ]


def test_the_french_sign_in_address_is_made_of_translated_segments():
    # /fr/compte/connexion/ once the French catalogue has the segments.
    assert url("accounts:login", "fr") == f"/fr/{ui('fr', 'account/')}{ui('fr', 'sign-in/')}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_right_password_signs_in_and_opens_the_profile_page(client, member, lang):
    response = sign_in(client, "member", PASSWORD, path=url("accounts:login", lang))

    assert (response.status_code, response["Location"]) == (302, url("accounts:profile", lang))
    assert signed_in_as(client) == "member"


def test_signing_in_goes_on_to_the_page_of_this_site_named_in_next(client, member):
    wanted = url("benefits:list", query={"association": "association-a"})

    response = sign_in(client, "member", PASSWORD, next=wanted)

    assert (response.status_code, response["Location"]) == (302, wanted)


@pytest.mark.parametrize(
    "elsewhere",
    ["https://phishing.example/en/account/", "//phishing.example/", "/\\phishing.example/"],
)
def test_signing_in_does_not_follow_next_to_another_site(client, member, elsewhere):
    form = get_page(client, url("accounts:login", query={"next": elsewhere}))

    response = sign_in(client, "member", PASSWORD, next=elsewhere)

    assert form.form_values()["next"] == ""
    assert (response.status_code, response["Location"]) == (302, url("accounts:profile"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_wrong_password_and_an_unknown_username_get_the_same_answer(client, member, lang):
    path = url("accounts:login", lang)

    wrong_password = Page(sign_in(client, "member", "not my password", path=path))
    unknown_username = Page(sign_in(client, "nobody-here", "not my password", path=path))

    assert (wrong_password.status, wrong_password.errors()) == (200, [invalid_login(lang)])
    assert (unknown_username.status, unknown_username.errors()) == (200, [invalid_login(lang)])
    assert wrong_password.main_text == unknown_username.main_text
    assert signed_in_as(client) is None


def test_an_inactive_account_gets_the_same_answer_as_an_unknown_username(client, member):
    member.is_active = False
    member.save()

    inactive = Page(sign_in(client, "member", PASSWORD))
    unknown_username = Page(sign_in(client, "nobody-here", PASSWORD))

    assert (inactive.status, inactive.errors()) == (200, [invalid_login("en")])
    assert inactive.main_text == unknown_username.main_text
    assert signed_in_as(client) is None


# Signing out ---------------------------------------------------------------------


def account_nav(client, lang="en"):
    return get_page(client, url("home", lang)).texts("nav.account-nav li")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_signing_out_by_post_signs_out_and_the_header_offers_sign_in_again(client, member, lang):
    sign_in(client, "member", PASSWORD)
    before = account_nav(client, lang)

    response = client.post(url("accounts:logout", lang))

    assert before == [ui(lang, "Your account"), ui(lang, "My benefits"), ui(lang, "Sign out")]
    assert (response.status_code, response["Location"]) == (302, url("home", lang))
    assert account_nav(client, lang) == [ui(lang, "Member sign-in")]
    assert signed_in_as(client) is None


def test_get_on_sign_out_is_refused_and_keeps_the_user_signed_in(client, member):
    sign_in(client, "member", PASSWORD)

    response = client.get(url("accounts:logout"))

    assert (response.status_code, response["Allow"]) == (405, "POST, OPTIONS")
    assert signed_in_as(client) == "member"


# Password reset ------------------------------------------------------------------


def ask_for_reset(client, email, lang="en"):
    """Ask for a reset, then let the worker send what the request queued."""
    response = client.post(url("accounts:password_reset", lang), {"email": email})
    run_queued_tasks()
    return response


def link_in(message):
    return re.search(r"^http://testserver(/\S+)$", message.body, re.MULTILINE)[1]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_password_reset_pages_render_in_each_language(client, db, lang):
    form = get_page(client, url("accounts:password_reset", lang))
    sent = get_page(client, url("accounts:password_reset_done", lang))
    done = get_page(client, url("accounts:password_reset_complete", lang))
    stale = get_page(
        client, url("accounts:password_reset_confirm", lang, uidb64="MQ", token="no-such-token")
    )

    assert [(page.status, page.lang, page.h1) for page in (form, sent, done, stale)] == [
        (200, lang, ui(lang, "Reset your password")),
        (200, lang, ui(lang, "Check your email")),
        (200, lang, ui(lang, "Password changed")),
        (200, lang, ui(lang, "Choose a new password")),
    ]
    assert sorted(form.form_values()) == ["csrfmiddlewaretoken", "email"]
    assert stale.text_of("main p[role=alert]") == ui(
        lang, "This link is no longer valid: it was already used or it has expired."
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_known_email_gets_one_link_that_sets_a_new_password_to_sign_in_with(
    client, member, mailoutbox, lang
):
    response = ask_for_reset(client, "member@example.org", lang)
    [message] = mailoutbox
    link = link_in(message)
    chosen = client.get(link, follow=True)
    saved = client.post(
        chosen.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert (response.status_code, response["Location"]) == (
        302,
        url("accounts:password_reset_done", lang),
    )
    assert (message.to, message.subject) == (
        ["member@example.org"],
        ui(lang, "Choose a new Passerelle password"),
    )
    assert link.startswith(f"/{lang}/")
    assert Page(chosen).h1 == ui(lang, "Choose a new password")
    assert sorted(Page(chosen).form_values()) == [
        "csrfmiddlewaretoken",
        "new_password1",
        "new_password2",
    ]
    assert (saved.status_code, saved["Location"]) == (
        302,
        url("accounts:password_reset_complete", lang),
    )
    assert Page(sign_in(client, "member", PASSWORD)).errors() == [invalid_login("en")]
    assert sign_in(client, "member", NEW_PASSWORD)["Location"] == url("accounts:profile")


def test_the_reset_email_names_the_account_it_resets(client, member, mailoutbox):
    ask_for_reset(client, "member@example.org")

    [message] = mailoutbox
    assert ui("en", "Your username: %(username)s", username="member") in message.body.splitlines()


def test_a_reset_link_works_only_once(client, member, mailoutbox):
    ask_for_reset(client, "member@example.org")
    link = link_in(mailoutbox[0])
    chosen = client.get(link, follow=True)
    client.post(
        chosen.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    again = Page(client.get(link, follow=True))

    assert again.text_of("main p[role=alert]") == ui(
        "en", "This link is no longer valid: it was already used or it has expired."
    )
    assert again.select("main form") == []


def test_an_unknown_email_gets_the_same_answer_and_no_email(client, member, mailoutbox):
    known = ask_for_reset(client, "member@example.org")
    mailoutbox.clear()

    unknown = ask_for_reset(client, "nobody@example.org")

    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert mailoutbox == []


# The profile page ----------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_profile_page_sends_a_visitor_to_sign_in_and_back(client, db, lang):
    response = client.get(url("accounts:profile", lang))

    assert (response.status_code, response["Location"]) == (
        302,
        f"{url('accounts:login', lang)}?next={quote(url('accounts:profile', lang))}",
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_profile_page_shows_the_organization_and_its_current_associations(
    client, member, association_a, association_b, lang
):
    company = member.profile.organization
    today = timezone.localdate()
    MembershipFactory(
        member=company, association=association_b, until=today + datetime.timedelta(days=30)
    )
    ended = OrganizationFactory(name="Association Close")
    MembershipFactory(
        member=company,
        association=ended,
        since=datetime.date(2019, 1, 1),
        until=today - datetime.timedelta(days=1),
    )
    not_yet = OrganizationFactory(name="Association Future")
    MembershipFactory(member=company, association=not_yet, since=today + datetime.timedelta(1))
    client.force_login(member)

    page = get_page(client, url("accounts:profile", lang))

    assert (page.status, page.h1) == (200, ui(lang, "Your account"))
    assert page.facts() == {
        ui(lang, "Username"): "member",
        ui(lang, "Email"): "member@example.org",
        ui(lang, "Organization"): "Mercury Devices",
        ui(lang, "Member of"): "Association A, Association B",
    }
    assert page.fact_links(ui(lang, "Member of")) == [
        url("benefits:list", lang, query={"association": "association-a"}),
        url("benefits:list", lang, query={"association": "association-b"}),
    ]


def test_the_profile_page_of_staff_shows_the_associations_they_manage(
    client, association_a, association_b
):
    staff = StaffFactory(username="dominique", associations=[association_b, association_a])
    client.force_login(staff)

    page = get_page(client, url("accounts:profile"))

    assert page.facts() == {
        "Username": "dominique",
        "Email": "dominique@example.org",
        "Organization": ui("en", "None recorded"),
        "Member of": ui("en", "No current membership is recorded for your organization."),
        "Staff of": "Association A, Association B",
    }


def test_the_profile_page_of_an_administrator_says_they_manage_everything(client, administrator):
    client.force_login(administrator)

    page = get_page(client, url("accounts:profile"))

    assert page.facts()["Staff of"] == ui("en", "All associations (administrator)")


# Login throttling ----------------------------------------------------------------


def fail(client, username, times, **kwargs):
    """The status codes of ``times`` sign-ins with a wrong password."""
    return [sign_in(client, username, "wrong password", **kwargs).status_code for _ in range(times)]


def later(minutes):
    # django-axes counts the failures in the cache, under a key that expires with the
    # cool-off; moving the clock of the cache (local memory in tests) moves time.
    future = time.time() + minutes * 60
    return mock.patch("django.core.cache.backends.locmem.time", mock.Mock(time=lambda: future))


def assert_locked_out(response, lang):
    page = Page(response)
    assert (page.status, page.lang, page.h1, response["Retry-After"]) == (
        429,
        lang,
        ui(lang, "Too many attempts"),
        str(COOL_OFF_MINUTES * 60),
    )
    assert page.text_of("main p[role=alert]") == ui_count(
        lang,
        "Sign-in is paused for this account from your connection after several failed "
        "attempts. Try again in %(minutes)s minute.",
        "Sign-in is paused for this account from your connection after several failed "
        "attempts. Try again in %(minutes)s minutes.",
        COOL_OFF_MINUTES,
        minutes=COOL_OFF_MINUTES,
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_after_the_failure_limit_even_the_right_password_gets_the_too_many_attempts_page(
    client, member, lang
):
    path = url("accounts:login", lang)

    failures = fail(client, "member", FAILURE_LIMIT, path=path)
    response = sign_in(client, "member", PASSWORD, path=path)

    # The attempt that reaches the limit is already answered with the lockout page.
    assert failures == [200] * (FAILURE_LIMIT - 1) + [429]
    assert_locked_out(response, lang)
    assert signed_in_as(client) is None


def test_after_the_failure_limit_the_admin_sign_in_is_locked_out_too(client, administrator):
    failures = fail(client, "administrator", FAILURE_LIMIT, path="/admin/login/")
    response = sign_in(client, "administrator", PASSWORD, path="/admin/login/")

    assert failures == [200] * (FAILURE_LIMIT - 1) + [429]
    assert_locked_out(response, "en")
    assert client.get("/admin/")["Location"] == "/admin/login/?next=/admin/"


def test_failures_on_the_member_sign_in_lock_the_admin_sign_in_for_the_same_username(
    client, administrator
):
    fail(client, "administrator", FAILURE_LIMIT)

    response = sign_in(client, "administrator", PASSWORD, path="/admin/login/")

    assert response.status_code == 429


def test_another_username_from_the_same_address_can_still_sign_in(client, member, association_a):
    MemberFactory(username="dominique", association=association_a)
    fail(client, "member", FAILURE_LIMIT)

    response = sign_in(client, "dominique", PASSWORD)

    assert (response.status_code, response["Location"]) == (302, url("accounts:profile"))
    assert signed_in_as(client) == "dominique"


def test_the_same_username_from_another_address_can_still_sign_in(client, member):
    fail(client, "member", FAILURE_LIMIT)

    response = sign_in(client, "member", PASSWORD, address=OTHER_ADDRESS)

    assert (response.status_code, response["Location"]) == (302, url("accounts:profile"))


def test_the_lockout_holds_until_the_cool_off_is_over(client, member):
    fail(client, "member", FAILURE_LIMIT)

    with later(COOL_OFF_MINUTES - 1):
        response = sign_in(client, "member", PASSWORD)

    assert response.status_code == 429


def test_after_the_cool_off_the_right_password_works_again(client, member):
    fail(client, "member", FAILURE_LIMIT)

    with later(COOL_OFF_MINUTES + 1):
        response = sign_in(client, "member", PASSWORD)

    assert (response.status_code, response["Location"]) == (302, url("accounts:profile"))
    assert signed_in_as(client) == "member"


def test_an_operator_lifts_a_lockout_with_the_address_and_the_username(client, member):
    fail(client, "member", FAILURE_LIMIT)

    call_command("axes_reset_ip_username", ADDRESS, "member", stdout=io.StringIO())
    response = sign_in(client, "member", PASSWORD)

    assert (response.status_code, response["Location"]) == (302, url("accounts:profile"))


def test_a_successful_sign_in_before_the_limit_starts_the_count_again(client, member):
    first_failures = fail(client, "member", FAILURE_LIMIT - 1)
    signed_in = sign_in(client, "member", PASSWORD)
    client.post(url("accounts:logout"))

    second_failures = fail(client, "member", FAILURE_LIMIT - 1)
    response = sign_in(client, "member", PASSWORD)

    assert (first_failures, signed_in.status_code) == ([200] * (FAILURE_LIMIT - 1), 302)
    assert second_failures == [200] * (FAILURE_LIMIT - 1)
    assert (response.status_code, response["Location"]) == (302, url("accounts:profile"))


# Benefits for members ------------------------------------------------------------


def grant(association, visibility, *, description="Member rate at partner events"):
    """A current benefit for the members of ``association``, with claim details."""
    agreement = AgreementFactory(title="Alpha–Gamma memorandum", slug="association_a-gamma")
    PartyFactory(agreement=agreement, organization=association)
    PartyFactory(agreement=agreement, organization=OrganizationFactory(name="Association Gamma"))
    benefit = BenefitFactory(
        agreement=agreement,
        description=description,
        how_to_claim_en=SENTINEL,
        claim_visibility=visibility,
    )
    benefit.granted_to.set([association])
    return benefit


def claims_shown(page, item_selector):
    """Each benefit on the page: its description → what it says about claiming it."""
    shown = {}
    for item in page.select(item_selector):
        claim = item.select("div.claim p") or item.select("p.claim-withheld")
        shown[item.select("p")[0].text] = claim[0].text if claim else None
    return shown


def claims_on_both_pages(client, benefit, association, lang="en"):
    """What the benefits page (for ``association``) and the agreement page say."""
    listing = get_page(client, url("benefits:list", lang, query={"association": association.slug}))
    detail = get_page(client, url("agreements:detail", lang, slug=benefit.agreement.slug))
    assert (listing.status, detail.status) == (200, 200)
    return {
        "benefits": claims_shown(listing, "li.benefit"),
        "agreement": claims_shown(detail, "div.benefit"),
        "anywhere in the HTML": SENTINEL in listing.html or SENTINEL in detail.html,
    }


def on_both_pages(claim, *, leaked):
    return {
        "benefits": {"Member rate at partner events": claim},
        "agreement": {"Member rate at partner events": claim},
        "anywhere in the HTML": leaked,
    }


def invitation_to_sign_in(lang):
    sentence = ui(
        lang,
        '<a href="%(url)s?next=%(next)s">Sign in as a member</a> to see how to claim it.',
        url="",
        next="",
    )
    return re.sub(r"<[^>]*>", "", sentence)


def members_only_notice(lang):
    return ui(lang, "How to claim it is shown to members of the associations it is granted to.")


def staff_only_notice(lang):
    return ui(lang, "How to claim it is shown to the staff of the associations it is granted to.")


def test_a_member_sees_their_associations_benefits_without_choosing(client, member, association_a):
    grant(association_a, Visibility.MEMBERS)
    client.force_login(member)

    page = get_page(client, url("benefits:list"))

    assert page.text_of("main h2") == ui(
        "en", "What members of %(name)s can claim today", name="Association A"
    )
    assert claims_shown(page, "li.benefit") == {"Member rate at partner events": SENTINEL}
    assert page.links("main a[aria-current=true]") == [
        url("benefits:list", query={"association": "association-a"})
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_members_only_claim_details_are_shown_to_members_of_the_association(
    client, member, association_a, lang
):
    benefit = grant(association_a, Visibility.MEMBERS)
    client.force_login(member)

    assert claims_on_both_pages(client, benefit, association_a, lang) == on_both_pages(
        SENTINEL, leaked=True
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_anonymous_visitor_is_invited_to_sign_in_for_members_only_claim_details(
    client, association_a, lang
):
    benefit = grant(association_a, Visibility.MEMBERS)
    listing_path = url("benefits:list", lang, query={"association": association_a.slug})

    listing = get_page(client, listing_path)

    assert claims_on_both_pages(client, benefit, association_a, lang) == on_both_pages(
        invitation_to_sign_in(lang), leaked=False
    )
    [invitation] = listing.links("p.claim-withheld a")
    path, _, query = invitation.partition("?")
    assert (path, parse_qs(query)) == (url("accounts:login", lang), {"next": [listing_path]})


def test_a_member_of_another_association_does_not_see_members_only_claim_details(
    client, association_a, association_b
):
    benefit = grant(association_a, Visibility.MEMBERS)
    client.force_login(MemberFactory(association=association_b))

    assert claims_on_both_pages(client, benefit, association_a) == on_both_pages(
        members_only_notice("en"), leaked=False
    )


def test_a_former_member_does_not_see_members_only_claim_details(client, association_a):
    benefit = grant(association_a, Visibility.MEMBERS)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    client.force_login(
        MemberFactory(
            association=association_a,
            association__since=datetime.date(2019, 1, 1),
            association__until=yesterday,
        )
    )

    assert claims_on_both_pages(client, benefit, association_a) == on_both_pages(
        members_only_notice("en"), leaked=False
    )


# What the benefits page and the agreement page say of a benefit's claim details.
CLAIM = "the claim details"
SIGN_IN = "an invitation to sign in"
MEMBERS_ONLY = "a notice that they are for members"
STAFF_ONLY = "a notice that they are for staff"

VISIBILITIES = (Visibility.PUBLIC, Visibility.MEMBERS, Visibility.STAFF)
# Who is looking → what they are told of claim details visible to the public, to the
# members of the association the benefit is granted to (A), to its staff.
CLAIM_DETAILS_SHOWN = {
    "anonymous": (CLAIM, SIGN_IN, SIGN_IN),
    "member": (CLAIM, CLAIM, STAFF_ONLY),
    "member_b": (CLAIM, MEMBERS_ONLY, STAFF_ONLY),
    "staff_a": (CLAIM, CLAIM, CLAIM),
    "staff_b": (CLAIM, MEMBERS_ONLY, STAFF_ONLY),
    "former_staff_a": (CLAIM, MEMBERS_ONLY, STAFF_ONLY),
    "administrator": (CLAIM, CLAIM, CLAIM),
}


def told_on_both_pages(told):
    return {
        CLAIM: on_both_pages(SENTINEL, leaked=True),
        SIGN_IN: on_both_pages(invitation_to_sign_in("en"), leaked=False),
        MEMBERS_ONLY: on_both_pages(members_only_notice("en"), leaked=False),
        STAFF_ONLY: on_both_pages(staff_only_notice("en"), leaked=False),
    }[told]


@pytest.fixture
def viewers(people, association_a, association_b):
    """The five named users, a member of B and a staff account of A no longer staff."""
    return {
        **people,
        "member_b": MemberFactory(username="member-b", association=association_b),
        "former_staff_a": StaffFactory(
            username="former-staff-a", associations=[association_a], is_staff=False
        ),
    }


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("viewer", sorted(CLAIM_DETAILS_SHOWN))
def test_claim_details_are_shown_according_to_their_visibility(
    client, viewers, association_a, visibility, viewer
):
    benefit = grant(association_a, visibility)
    if viewers[viewer] is not None:
        client.force_login(viewers[viewer])

    told = CLAIM_DETAILS_SHOWN[viewer][VISIBILITIES.index(visibility)]
    assert claims_on_both_pages(client, benefit, association_a) == told_on_both_pages(told)
