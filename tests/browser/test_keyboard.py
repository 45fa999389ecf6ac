"""The header navigation, language switcher, search and filters work with the keyboard alone.

Every element the Tab key reaches on the way shows where the focus is.
"""

import re

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

# What the focused element is called, and whether its focus can be seen: an
# outline or a box shadow drawn while it has the focus.
FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  const rect = element.getBoundingClientRect();
  return {
    name: (element.getAttribute("aria-label") || element.innerText || element.id || "").trim(),
    id: element.id,
    tag: element.tagName.toLowerCase(),
    indicated: outline || style.boxShadow !== "none",
  };
}"""

# The skip link slides in when focused (a 0.15 s transition): wait for it.
ON_SCREEN = """() => {
  const rect = document.activeElement.getBoundingClientRect();
  return rect.width > 0 && rect.height > 0 && rect.top >= 0 && rect.left >= 0;
}"""


def press_tab(page, key="Tab"):
    page.keyboard.press(key)
    focused = page.evaluate(FOCUSED)
    assert focused["indicated"], f"no visible focus on {focused}"
    page.wait_for_function(ON_SCREEN, timeout=2000)
    return focused


def tab_to(page, name=None, element_id=None, key="Tab", limit=80):
    """Press Tab until the named element has the focus; every step must show the focus."""
    for _ in range(limit):
        focused = press_tab(page, key)
        if (name is not None and focused["name"] == name) or (
            element_id is not None and focused["id"] == element_id
        ):
            return focused
    raise AssertionError(f"{name or element_id} never got the focus in {limit} presses of {key}")


def test_header_controls_are_reached_in_order_with_a_visible_focus(page):
    page.goto("/en/")
    reached = [press_tab(page)["name"] for _ in range(12)]
    assert reached == [
        "Skip to main content",
        "Passerelle",
        "Français",
        "Member sign-in",
        "Organizations",
        "Map",
        "Agreements",
        "Events",
        "Member benefits",
        "Corridors",
        "header-q",
        "Search",
    ]

    # The skip link takes the focus to the page's content.
    page.keyboard.press("Shift+Tab")
    tab_to(page, name="Skip to main content", key="Shift+Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_a_visitor_browses_filters_switches_language_and_searches_with_the_keyboard(page):
    page.goto("/en/")
    tab_to(page, name="Agreements")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/agreements/$"))

    # A filter: the select takes typed letters, the button Enter.
    tab_to(page, element_id="id_country")
    page.keyboard.type("France")
    expect(page.locator("#id_country")).to_have_value("FR")
    tab_to(page, name="Apply filters")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/agreements/\?(.*&)?country=FR(&|$)"))
    expect(page.locator(".browse-results .card")).to_have_count(2)

    # The language switcher keeps the page and its filters.
    tab_to(page, name="Français")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/fr/ententes/\?(.*&)?country=FR(&|$)"))
    expect(page.locator(".browse-results .card")).to_have_count(2)

    # The header search.
    tab_to(page, element_id="header-q")
    page.keyboard.type("quebec")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/fr/recherche/\?q=quebec$"))
    expect(page.get_by_role("link", name="Oncopole du Québec", exact=True)).to_be_visible()
