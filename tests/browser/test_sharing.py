"""The pages' schema.org data blocks are read by the browser as data, under the site's
own CSP: no violation is reported (the console watch fails the test on one), and the
block parses to the record the page shows."""

import json

import pytest

from tests.browser.browsing import url

STRUCTURED_DATA = """() => [...document.querySelectorAll('script[type="application/ld+json"]')]
  .map((script) => script.textContent)"""


@pytest.mark.parametrize("language", ["en", "fr"])
def test_json_ld_blocks_parse_and_break_no_content_security_policy(page, live_site, language):
    pages = {
        "ResearchOrganization": url("organizations:detail", language, slug="iric"),
        "Event": url("events:detail", language, slug="entretiens-jacques-cartier-2018"),
    }
    for schema_type, path in pages.items():
        assert page.goto(path).status == 200
        [block] = page.evaluate(STRUCTURED_DATA)
        data = json.loads(block)
        assert data["@type"] == schema_type
        assert data["url"] == live_site.url + path
        assert data["name"] == page.locator("main h1").inner_text().split(" (")[0]
    # A contact's action is reached with the keyboard and named by what it does.
    page.goto(pages["ResearchOrganization"])
    call = page.locator(".contacts a[href^='tel:']").first
    call.focus()
    assert call.evaluate("(link) => link === document.activeElement")
    assert page.evaluate("() => document.activeElement.textContent").strip() != ""
