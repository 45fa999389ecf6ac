"""The events' month calendar in a browser: its month links, and on a phone a list of
the days that have events, with nothing wider than the screen."""

from tests.browser.browsing import url

# What the page sticks out past the window's right edge, if anything.
SCROLL_WIDTH = "() => document.documentElement.scrollWidth"


def test_the_calendar_goes_from_month_to_month_and_fits_a_phone(new_context):
    page = new_context(viewport={"width": 375, "height": 800}).new_page()
    # October 2016 has no event known to its days; the trade mission to Lyon runs
    # 21–23 November 2016.
    assert page.goto(url("events:calendar_month", "en", year=2016, month=10)).status == 200
    assert page.locator("h1").inner_text() == "Events in October 2016"
    assert page.locator("td.has-events").count() == 0

    page.get_by_role("link", name="November 2016").click()

    page.wait_for_url("**/en/events/calendar/2016/11/")
    assert page.locator("h1").inner_text() == "Events in November 2016"
    # On a phone the grid is a list: the weekday headers and the days without events
    # are hidden, each day with events says its full date.
    assert page.locator("table.month-calendar thead").is_hidden()
    visible_days = page.locator("td.calendar-day:visible")
    assert visible_days.locator(".day-long").all_inner_texts() == [
        "Monday 21 November",
        "Tuesday 22 November",
        "Wednesday 23 November",
    ]
    assert (
        visible_days.locator(".day-events a").all_inner_texts()
        == ["Montréal life sciences trade mission to Lyon 2016"] * 3
    )
    assert page.evaluate(SCROLL_WIDTH) <= 375

    page.get_by_role("link", name="October 2016").click()

    page.wait_for_url("**/en/events/calendar/2016/10/")
    assert page.locator("td.calendar-day:visible").count() == 0
