"""What the browser tests do on the site, as a person would."""

from django.urls import reverse
from django.utils import translation

from tests.factories import PASSWORD


def url(name, language, query="", **kwargs):
    """The path of a named page in a language (French paths are translated)."""
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None) + query


def sign_in(page, username, password=PASSWORD):
    """Sign in through the site's own form, in English."""
    page.goto("/en/account/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/en/account/")


def sign_in_to_admin(page, username, password=PASSWORD):
    page.goto("/admin/login/?next=/admin/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("input[type=submit], button[type=submit]").first.click()
    page.wait_for_url("**/admin/")
