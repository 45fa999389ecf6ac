"""The partnership network in a browser: Cytoscape draws it under the site's CSP, the
year slider redraws it, and an organization opens its page (by mouse and by keyboard)."""

import re

import pytest

from tests.browser.browsing import url

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

# Where a node is drawn on the page, from Cytoscape's own API.
NODE_POSITION = """([graph, id]) => {
  const node = graph.cytoscape.getElementById(id);
  const box = graph.getBoundingClientRect();
  const at = node.renderedPosition();
  return {x: box.left + at.x, y: box.top + at.y, url: node.data("url")};
}"""


SETTLED = """() => document.fonts.ready.then(() => new Promise((resolve) =>
  requestAnimationFrame(() => requestAnimationFrame(resolve))))"""


def test_the_network_draws_moves_with_the_slider_and_opens_an_organization(page, console_watch):
    page.goto(url("partners:network", "en"))
    graph = page.locator("#network-graph")
    rows = page.locator("#network-table tbody tr")

    # Drawn on canvases, one node per row of the table (the same organizations).
    expect(graph).to_have_attribute("data-node-count", re.compile(r"^[1-9]\d*$"))
    assert graph.locator("canvas").count() >= 1
    this_year_rows = rows.count()
    assert int(graph.get_attribute("data-node-count")) == this_year_rows
    this_year = graph.get_attribute("data-year")

    # The slider to its first year, with the keyboard: the year, the summary, the table
    # and the graph follow, and the address says which year is shown.
    slider = page.get_by_role("slider", name="Year")
    slider.focus()
    slider.press("Home")
    first_year = slider.input_value()
    assert first_year < this_year
    expect(page.locator("#network-year-value")).to_have_text(first_year)
    expect(graph).to_have_attribute("data-year", first_year)
    expect(page.locator("#network-summary")).to_contain_text(f"with agreements in {first_year}.")
    earlier_rows = rows.count()
    assert 0 < earlier_rows < this_year_rows
    assert graph.get_attribute("data-node-count") == str(earlier_rows)
    assert page.url.endswith(f"?year={first_year}&kind=&country=")

    # A click on the organization of the table's first row opens its page.
    first = rows.first.locator("th a")
    name, href = first.inner_text(), first.get_attribute("href")
    node_id = page.evaluate(
        "(name) => JSON.parse(document.getElementById('network-data').textContent)"
        ".nodes.find((node) => node.name === name).id",
        name,
    )
    # The mouse clicks where the node is on screen: the graph in view, and drawn (two
    # frames after the page stopped moving).
    graph.scroll_into_view_if_needed()
    page.evaluate(SETTLED)
    spot = page.evaluate(NODE_POSITION, [graph.element_handle(), node_id])
    assert spot["url"] == href
    page.mouse.click(spot["x"], spot["y"])
    page.wait_for_url(f"**{href}")
    expect(page.locator("main h1")).to_have_text(name)

    # Back on the network, the keyboard: the first organization (most agreements), Enter.
    page.go_back()
    expect(graph).to_have_attribute("data-year", first_year)
    graph.focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#network-selection")).to_contain_text(f"{name} — agreements:")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{href}")
    assert console_watch.problems == []
