"""Lists that guide, in a browser: on a phone the results come first and the filters
open from a "Filters (n)" button; a tag removes its filter; the sort reorders."""

import pytest

from tests.browser.browsing import url

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

PHONE = {"width": 375, "height": 800}


def test_on_a_phone_the_results_come_first_and_the_filters_button_opens_them(new_context):
    page = new_context(viewport=PHONE).new_page()
    page.goto(url("organizations:list", "en", "?country=CA&kind=association&sort=agreements"))

    button = page.get_by_role("button", name="Filters (2)")
    form = page.locator("form.filter-form")
    first_result = page.locator(".card").first
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(form).to_be_hidden()
    # The first result is on the first screen, right under the button and the tags.
    box = first_result.bounding_box()
    assert box["y"] < PHONE["height"], box
    assert button.bounding_box()["y"] < box["y"]

    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(form).to_be_visible()
    expect(form.get_by_label("Country")).to_have_value("CA")
    # The filters follow the button: Tab goes on into them.
    page.keyboard.press("Tab")
    expect(page.get_by_label("Words")).to_be_focused()
    # Escape folds them back and returns to the button.
    page.keyboard.press("Escape")
    expect(form).to_be_hidden()
    expect(button).to_be_focused()


def test_on_a_wide_screen_the_filters_stay_beside_the_results(new_context):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(url("organizations:list", "en", "?country=CA"))

    expect(page.locator(".filters-toggle")).to_be_hidden()
    form = page.locator("form.filter-form")
    expect(form).to_be_visible()
    assert form.bounding_box()["x"] < page.locator(".card").first.bounding_box()["x"]


def test_a_tag_removes_its_filter_and_the_sort_box_reorders(new_context):
    page = new_context(viewport=PHONE).new_page()
    page.goto(url("organizations:list", "en", "?country=CA&kind=association"))
    titles = page.locator(".card-title a")
    expect(page.get_by_role("button", name="Filters (2)")).to_be_visible()

    page.get_by_role("link", name="Remove filter Kind: Association").click()

    expect(page.get_by_role("button", name="Filters (1)")).to_be_visible()
    expect(page.locator(".filter-tag")).to_have_text(["Country: Canada×"])
    assert "kind=" not in page.url
    assert "country=CA" in page.url
    by_name = titles.all_inner_texts()

    page.get_by_role("button", name="Filters (1)").click()
    expect(page.get_by_label("Sort by")).to_have_value("name")
    page.get_by_label("Sort by").select_option("agreements")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**sort=agreements**")

    counts = page.locator(".card-meta").all_inner_texts()
    numbers = [int(text.rsplit("· ", 1)[1].split()[0]) for text in counts]
    assert numbers == sorted(numbers, reverse=True)
    assert numbers[0] > 0
    assert titles.all_inner_texts() != by_name
    # The sort is no filter: still one tag.
    expect(page.get_by_role("button", name="Filters (1)")).to_be_visible()
