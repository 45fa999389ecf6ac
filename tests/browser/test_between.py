"""The history between two organizations, reached from an organization's page."""

import re

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect


def test_visitor_follows_a_partners_history_link_to_their_timeline(page):
    page.goto("/en/organizations/massbio/")
    partners = page.locator("section[aria-labelledby=partners-heading]")
    partners.get_by_role("link", name="History with BIOQuébec").click()

    # One address per pair: the slugs in ascending order, whichever page it came from.
    expect(page).to_have_url(re.compile(r"/en/organizations/bioquebec/with/massbio/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("BIOQuébec and MassBio")
    timeline = page.locator("section[aria-labelledby=timeline-heading]")
    assert timeline.locator("h3").all_inner_texts() == ["2018", "2017", "2016", "Date not known"]
    agreement = timeline.locator(".timeline-agreement")
    expect(agreement.locator(".timeline-when")).to_have_text("Agreement · 21 June 2017")
    agreement.get_by_role("link", name="BIOQuébec – MassBio cooperation agreement").click()
    expect(page).to_have_url(re.compile(r"/en/agreements/bioquebec-massbio-2017/$"))
