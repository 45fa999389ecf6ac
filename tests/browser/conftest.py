"""Browser tests: Playwright for Python driving the system's Chromium.

Browsers cannot be downloaded on the machines this runs on, so Playwright never
installs one: it launches Debian's Chromium (`apt-get install chromium`), at
/usr/bin/chromium unless CHROMIUM says otherwise. Without it, or without the
playwright package, every test here is skipped with the reason; without axe-core
(`npm ci`), the accessibility sweep is. With REQUIRE_BROWSER_TESTS=1 (CI) they
fail instead.

Each test gets pytest-django's live server (one per xdist worker) over a
database holding the demo data, flushed after the test. Every browser test
carries the `xdist_group("browser")` mark, so that `--dist loadgroup` (Makefile)
runs them one after the other in one worker, with one Chromium.
"""

import importlib.util
import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.browser.axe import AXE_SCRIPT

BROWSER_DIR = Path(__file__).resolve().parent
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

NO_AXE = f"{AXE_SCRIPT} is missing (npm ci)"
# CI sets it: there, a browser test that cannot run fails rather than skips.
REQUIRED = os.environ.get("REQUIRE_BROWSER_TESTS") == "1"


def missing_browser():
    """Why the browser tests cannot run here, or None."""
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed (make env installs it)"
    if not CHROMIUM.is_file():
        return f"Chromium not found at {CHROMIUM}: apt-get install chromium"
    return None


def pytest_collection_modifyitems(config, items):
    # Hooks in a conftest see the whole session's items: mark only ours.
    reason = missing_browser()
    for item in items:
        if BROWSER_DIR not in Path(item.path).parents:
            continue
        item.add_marker(pytest.mark.xdist_group("browser"))
        if REQUIRED:
            continue  # the fixtures fail instead
        if reason:
            item.add_marker(pytest.mark.skip(reason=f"browser tests skipped: {reason}"))
        elif item.get_closest_marker("axe") and not AXE_SCRIPT.is_file():
            item.add_marker(pytest.mark.skip(reason=f"accessibility sweep skipped: {NO_AXE}"))


@pytest.fixture(scope="package")
def browser():
    """Chromium, for the browser tests of this package; the ORM stays usable meanwhile.

    Playwright's synchronous API parks an asyncio event loop in another greenlet
    of the test's thread while it runs, and Django then takes every query from
    this thread (loading the demo data, flushing the database) for one made from
    async code and refuses it (SynchronousOnlyOperation). Nothing runs on that
    loop while a query does, so the check is lifted exactly while Playwright runs.
    """
    if reason := missing_browser():
        pytest.fail(f"REQUIRE_BROWSER_TESTS is set, but {reason}")
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def live_site(browser, live_server):
    """The live server, with the demo data (loaded for each test: the database is flushed after)."""
    call_command("load_demo", verbosity=0)
    return live_server


# Chromium reports a CSP violation on the console; this makes sure of it, with the
# directive and what was blocked.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || event.documentURI}:${event.lineNumber}`);
});
"""


class ConsoleWatch:
    """Console errors, uncaught exceptions and CSP violations on every page of a test."""

    def __init__(self):
        self.problems = []
        self.expected_statuses = {}

    def attach(self, page):
        page.on("console", lambda message: self._on_console(message))
        page.on("pageerror", lambda error: self.problems.append(f"uncaught error: {error}"))

    def expect_status(self, url, status):
        """The document at `url` answers `status` on purpose (a 404 page): not a problem."""
        self.expected_statuses[url] = status

    def _on_console(self, message):
        csp = "Content Security Policy" in message.text or "CSP violation" in message.text
        if message.type != "error" and not csp:
            return
        url = message.location.get("url")
        failed = re.match(r"Failed to load resource: .* status of (\d+)", message.text)
        if failed and self.expected_statuses.get(url) == int(failed.group(1)):
            return
        self.problems.append(f"console {message.type} on {url}: {message.text}")


@pytest.fixture
def console_watch():
    """Every page opened in a `new_context` is watched; any problem fails the test."""
    watch = ConsoleWatch()
    yield watch
    assert watch.problems == [], "console errors or CSP violations:\n" + "\n".join(watch.problems)


@pytest.fixture
def new_context(browser, live_site, console_watch):
    """Open a fresh browser context (no cookies) on the live site, with the site's own CSP."""
    contexts = []

    def open_context(**options):
        context = browser.new_context(
            base_url=live_site.url,
            locale=options.pop("locale", "en-CA"),
            viewport=options.pop("viewport", {"width": 1280, "height": 900}),
            **options,
        )
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        context.on("page", console_watch.attach)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


@pytest.fixture(scope="session")
def axe_source():
    if not AXE_SCRIPT.is_file():
        pytest.fail(f"REQUIRE_BROWSER_TESTS is set, but {NO_AXE}")
    return AXE_SCRIPT.read_text(encoding="utf-8")
