"""The staff dashboard in a browser: axe-core finds nothing on it in English and in
French, with an entry in every section, nor on an agreement's page with its
confirmations; its buttons work."""

import datetime

import pytest
from django.utils import timezone

from agreements import confirmation, lifecycle
from agreements.choices import AgreementStatus
from agreements.models import Agreement
from organizations.models import Organization
from tests.browser.axe import axe_violations
from tests.browser.browsing import sign_in_to_admin
from tests.browser.test_accessibility import LANGUAGES, report
from tests.factories import AgreementFactory, CommitmentFactory, PartyFactory, StaffFactory

pytestmark = pytest.mark.axe
expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect


def fill_every_section(association):
    today = timezone.localdate()

    def agreement(**fields):
        record = AgreementFactory(owner=association, **fields)
        PartyFactory(agreement=record, organization=association)
        return record

    ending = agreement(title="Ending soon", effective_until=today + datetime.timedelta(days=40))
    agreement(title="Ended lately", effective_until=today - datetime.timedelta(days=20))
    CommitmentFactory(
        agreement=ending, description="Overdue report", due_on=today - datetime.timedelta(days=9)
    )
    agreement(title="A draft", status=AgreementStatus.DRAFT)
    quiet = agreement(title="Quiet one", signed_on=today - datetime.timedelta(days=900))
    Agreement.all_objects.filter(pk=quiet.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=400)
    )
    assert lifecycle.DORMANT_AFTER_MONTHS == 12
    return ending


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_dashboard_has_no_accessibility_violation(new_context, axe_source, language):
    bioquebec = Organization.objects.get(slug="bioquebec")
    StaffFactory(username="bioquebec-staff", associations=[bioquebec])
    ending = fill_every_section(bioquebec)
    seen = confirmation.fingerprint(confirmation.snapshot(ending))
    confirmation.confirm(ending, bioquebec.pk, None, seen=seen)
    page = new_context(locale="fr-CA" if language == "fr" else "en-CA").new_page()
    sign_in_to_admin(page, "bioquebec-staff")
    problems = {}

    for key in ("ending", "ended", "overdue", "drafts", "dormant"):
        expect(page.locator(f"#dashboard-{key} tbody tr")).not_to_have_count(0)
    if violations := axe_violations(page, axe_source):
        problems["dashboard"] = violations

    page.goto(f"/admin/agreements/agreement/{ending.pk}/change/")
    expect(page.locator(".confirmation-panel button")).to_have_count(1)
    if violations := axe_violations(page, axe_source):
        problems["agreement with its confirmations"] = violations
    assert problems == {}, report(problems)


def test_snoozing_from_the_dashboard_with_the_keyboard(new_context):
    bioquebec = Organization.objects.get(slug="bioquebec")
    StaffFactory(username="bioquebec-staff", associations=[bioquebec])
    ending = fill_every_section(bioquebec)
    page = new_context(locale="en-CA").new_page()
    sign_in_to_admin(page, "bioquebec-staff")

    row = page.locator("#dashboard-ending tbody tr", has_text="Ending soon")
    row.get_by_label("Snooze for").select_option("30")
    row.get_by_role("button", name="Snooze").focus()
    page.keyboard.press("Enter")

    expect(page.locator(".messagelist .success")).to_contain_text("snoozed until")
    ending.refresh_from_db()
    assert ending.reminders_snoozed_until == timezone.localdate() + datetime.timedelta(days=30)
    expect(page.locator("#dashboard-ending tbody tr", has_text="Ending soon")).to_contain_text(
        "Snoozed until"
    )
