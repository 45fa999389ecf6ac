"""The map of partners in a browser: drawn with nothing from another host, markers
that open their record, and zoom from the keyboard."""

import re
from urllib.parse import urlsplit

import pytest

from tests.test_pages_helpers import url

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

# The scale of the map's transform: "translate(x,y) scale(k)".
SETTLED = """() => new Promise((resolve) =>
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 100))))"""
SCALE = """() => {
  const transform = document.querySelector(".map-world").getAttribute("transform") || "";
  const match = transform.match(/scale\\(([\\d.]+)\\)/);
  return match ? parseFloat(match[1]) : 1;
}"""


@pytest.fixture
def offline_page(new_context, live_site):
    """A page whose requests to any other host are aborted, and recorded."""
    context = new_context()
    allowed = {"127.0.0.1", urlsplit(live_site.url).hostname}
    outside = []

    def route(request_route):
        host = urlsplit(request_route.request.url).hostname
        if host in allowed:
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.outside_requests = outside
    return page


def test_the_map_is_drawn_with_nothing_from_another_host(offline_page):
    page = offline_page
    page.goto(url("partners:map"))

    expect(page.locator(".map-land")).to_have_count(1)
    expect(page.locator(".map-borders")).to_have_count(1)
    assert page.locator(".map-marker").count() >= 3
    assert page.locator(".map-line").count() >= 1
    assert page.outside_requests == []


def test_enter_on_the_marker_of_one_organization_opens_its_page(offline_page):
    page = offline_page
    page.goto(url("partners:map", query={"city": "toronto"}))

    marker = page.locator("a.map-marker")
    expect(marker).to_have_count(1)
    expect(marker).to_have_attribute("aria-label", "Life Sciences Ontario (placed at its city)")
    marker.focus()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(url("organizations:detail", slug="life-sciences-ontario")))
    assert page.outside_requests == []


def test_a_click_on_a_marker_opens_its_page(offline_page):
    page = offline_page
    page.goto(url("partners:map", query={"city": "grenoble"}))

    page.locator("a.map-marker").click()

    expect(page).to_have_url(re.compile(url("organizations:detail", slug="universite-grenoble")))


def test_the_keyboard_zooms_the_map_and_a_group_of_markers_parts(offline_page):
    page = offline_page
    page.goto(url("partners:map"))
    expect(page.locator(".map-land")).to_have_count(1)

    zoom_in = page.get_by_role("button", name="Zoom in", exact=True)
    zoom_in.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => ({SCALE})() > 1.9")

    page.get_by_role("button", name="Show all", exact=True).press("Enter")
    page.wait_for_function(f"() => ({SCALE})() === 1")
    # The markers are drawn anew as the zoom moves: the last drawing done.
    page.evaluate(SETTLED)

    # The group around Lyon: Enter zooms until its places part.
    page.locator(".map-marker-group", has_text="7").press("Enter")
    page.wait_for_function(f"() => ({SCALE})() > 4")
    expect(page.locator(".map-marker-place[aria-label^='Lyon, France']")).to_have_count(1)
    expect(page.locator("a.map-marker[aria-label^='Université Grenoble']")).to_have_count(1)
    expect(page.locator(".map-marker-group", has_text="7")).to_have_count(0)

    # A place of several organizations lists them below the map.
    page.locator(".map-marker-place[aria-label^='Lyon, France']").press("Enter")
    selection = page.locator("#map-selection")
    expect(selection).to_be_visible()
    expect(selection.get_by_role("link", name="Lyonbiopôle")).to_be_visible()
    assert page.outside_requests == []
