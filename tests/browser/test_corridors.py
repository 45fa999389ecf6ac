"""A visitor browses the corridors, in Chromium, on the demo data."""

import re

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect


def test_visitor_opens_the_quebec_massachusetts_corridor_and_reads_its_years(page):
    page.goto("/en/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Corridors").click()
    expect(page).to_have_url(re.compile(r"/en/corridors/$"))
    rows = page.locator(".corridor-table tbody th a").all_inner_texts()
    assert sorted(rows) == [
        "Ontario – Québec",
        "Québec – Auvergne-Rhône-Alpes",
        "Québec – Massachusetts",
    ]

    page.get_by_role("link", name="Québec – Massachusetts").click()
    expect(page).to_have_url(re.compile(r"/en/corridors/quebec-ca--massachusetts-us/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Québec – Massachusetts")
    agreements = page.locator("section[aria-labelledby=agreements-heading] .card-title")
    expect(agreements).to_have_text(["BIOQuébec – MassBio cooperation agreement"])
    # The chart is a table: each year's numbers are read as text.
    years = page.get_by_role("table", name=re.compile("per year"))
    expect(years.locator("tbody tr")).to_have_text(
        [re.compile(r"^\s*2016\s+0\s+2\s*$"), re.compile(r"^\s*2017\s+1\s+1\s*$")]
    )
