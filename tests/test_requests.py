"""The ways in for people who are not staff: "Request a member account" and "Suggest a
correction", what reaches whom, the admin where staff answer them, and how long they
are kept."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.models import AccessRequest, CorrectionRequest, RequestStatus
from members.retention import KEPT_FOR_MONTHS
from organizations.models import OrganizationKind
from portal import page_cache
from portal.publishing import Publication
from search import indexing
from tests.factories import (
    AdministratorFactory,
    AgreementFactory,
    EventFactory,
    OrganizationFactory,
    SeriesFactory,
    StaffFactory,
)
from tests.test_pages_helpers import LANGUAGES, Page, get_page, ui, ui_count, url

SITE = "https://passerelle.example"
ADDRESS = "192.0.2.10"


@pytest.fixture(autouse=True)
def _emails_leave_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = SITE


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """POST to ``path`` from ``address``, running what waits for the commit (the emails)."""

    def post(path, data, address=ADDRESS):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data, REMOTE_ADDR=address)

    return post


def staff(username, associations, **profile):
    user = StaffFactory(username=username, associations=associations)
    for name, value in profile.items():
        setattr(user.profile, name, value)
    user.profile.save()
    return user


def access_data(to, **values):
    return {
        "name": "Camille Roy",
        "email": "camille@laval-bio.example",
        "organization_name": "Laval Biologics",
        "association": to.slug,
        "message": "We joined in January.",
        "website": "",
        **values,
    }


def sent_to():
    return sorted(message.to[0] for message in mail.outbox)


def message_to(address):
    [message] = [m for m in mail.outbox if m.to == [address]]
    return message


# The form ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_form_offers_by_name_the_associations_whose_staff_can_answer(client, db, lang):
    answering = OrganizationFactory(name="Zeta Bio", slug="zeta-bio")
    staff("zeta-staff", [answering])
    other = OrganizationFactory(name="Alpha Santé", slug="alpha-sante")
    staff("alpha-staff", [other])
    OrganizationFactory(name="No Staff Association", slug="no-staff")
    former = OrganizationFactory(name="Former Staff Association", slug="former")
    gone = staff("gone", [former])
    gone.is_active = False
    gone.save()
    draft = OrganizationFactory(name="Draft Association", publication=Publication.DRAFT)
    staff("draft-staff", [draft])

    page = get_page(client, url("members:request_account", lang))

    assert (page.status, page.lang, page.h1) == (200, lang, ui(lang, "Request a member account"))
    options = [(o.attrs["value"], o.text) for o in page.select("select[name=association] option")]
    assert options == [
        ("", ui(lang, "Choose an association")),
        ("alpha-sante", "Alpha Santé"),
        ("zeta-bio", "Zeta Bio"),
    ]
    assert set(page.form_values()) == {
        "csrfmiddlewaretoken",
        "name",
        "email",
        "organization_name",
        "association",
        "website",
    }
    assert len(page.select("textarea[name=message]")) == 1
    # The honeypot is labelled and hidden by a class, never by an inline style.
    trap = page.select_one("div.form-trap")
    assert trap.select_one("label").text.rstrip(":\xa0 ") == ui(lang, "Leave this field empty")
    assert page.select("[style]") == []


def test_with_no_association_to_answer_the_page_says_so_and_shows_no_form(client, db):
    OrganizationFactory(name="No Staff Association")

    page = get_page(client, url("members:request_account"))

    assert page.select("main form") == []
    assert page.text_of("main .notice") == ui(
        "en",
        "No association takes member account requests through Passerelle yet: ask your "
        "association directly.",
    )


# Sending a request ------------------------------------------------------------------


def test_a_request_is_stored_and_reaches_the_associations_administrator_in_their_language(
    post, association_a, association_b
):
    administrator_a = staff(
        "admin-a", [association_a], language="fr", receives_unassigned_reminders=True
    )
    staff("colleague-a", [association_a])
    staff("staff-b", [association_b], receives_unassigned_reminders=True)

    response = post(url("members:request_account", "en"), access_data(association_a))

    assert (response.status_code, response["Location"]) == (302, url("members:request_sent"))
    request = AccessRequest.objects.get()
    assert (
        request.name,
        request.email,
        request.organization_name,
        request.association,
        request.message,
        request.language,
        request.status,
    ) == (
        "Camille Roy",
        "camille@laval-bio.example",
        "Laval Biologics",
        association_a,
        "We joined in January.",
        "en",
        RequestStatus.NEW,
    )
    # Nothing is created by itself.
    assert not User.objects.filter(email="camille@laval-bio.example").exists()
    # Only A's administrator is told (not the colleague, never B's staff), in French.
    assert sent_to() == sorted(["camille@laval-bio.example", administrator_a.email])
    to_staff = message_to(administrator_a.email)
    assert to_staff.subject == "Passerelle · " + ui(
        "fr",
        "Member account request: %(name)s, %(organization)s",
        name="Camille Roy",
        organization="Laval Biologics",
    )
    assert f"{SITE}/admin/members/accessrequest/{request.pk}/change/" in to_staff.body
    assert "We joined in January." in to_staff.body
    assert ui("fr", "What to do:") in to_staff.body


def test_the_requester_is_confirmed_in_the_language_of_the_page(post, association_a):
    staff("staff-a", [association_a], language="en")

    post(url("members:request_account", "fr"), access_data(association_a))

    confirmation = message_to("camille@laval-bio.example")
    assert confirmation.subject == "Passerelle · " + ui("fr", "Your request for a member account")
    assert confirmation.body.startswith(ui("fr", "Hello,"))
    assert f"{SITE}{url('accounts:login', 'fr')}" in confirmation.body
    # Nothing the form was given is repeated to the address typed: the form cannot
    # carry someone's text to another's inbox.
    for typed in ("Camille Roy", "Laval Biologics", "We joined in January."):
        assert typed not in confirmation.body
    assert AccessRequest.objects.get().language == "fr"


def test_without_an_administrator_every_active_staff_member_is_told(post, association_a):
    first = staff("first", [association_a])
    second = staff("second", [association_a])
    inactive = staff("inactive", [association_a])
    inactive.is_active = False
    inactive.save()

    post(url("members:request_account"), access_data(association_a))

    assert sent_to() == sorted(["camille@laval-bio.example", first.email, second.email])


def test_an_association_whose_staff_have_no_email_hands_it_to_the_portals_administrators(
    post, association_a
):
    mute = staff("mute", [association_a])
    mute.email = ""
    mute.save()
    administrator = AdministratorFactory(username="root", email="root@example.org")

    post(url("members:request_account"), access_data(association_a))

    assert sent_to() == sorted(["camille@laval-bio.example", administrator.email])


def test_a_request_names_the_directory_organization_typed_without_case_or_accents(
    post, association_a
):
    staff("staff-a", [association_a])
    montreal = OrganizationFactory(
        name="Université de Montréal", slug="udem", kind=OrganizationKind.UNIVERSITY
    )
    OrganizationFactory(name="Université de Montréal Draft", publication=Publication.DRAFT)
    OrganizationFactory(name="Twice Labs", kind=OrganizationKind.COMPANY)
    OrganizationFactory(name="Twice Labs", kind=OrganizationKind.COMPANY)
    indexing.rebuild()

    for typed in ("UNIVERSITE DE MONTREAL", "Université de  Montréal inc", "Twice Labs", "Udem"):
        post(
            url("members:request_account"),
            access_data(association_a, organization_name=typed, email=f"{len(typed)}@x.example"),
        )

    assert [
        (r.organization_name, r.organization)
        for r in AccessRequest.objects.order_by("created_at", "id")
    ] == [
        ("UNIVERSITE DE MONTREAL", montreal),
        # Not exactly its name; two of that name; a slug is not a name.
        ("Université de  Montréal inc", None),
        ("Twice Labs", None),
        ("Udem", None),
    ]


# Bad input --------------------------------------------------------------------------

TOO_LONG = "x" * 201
BAD_INPUT = {
    "missing name": ({"name": ""}, "name", "This field is required."),
    "missing email": ({"email": ""}, "email", "This field is required."),
    "bad email": ({"email": "camille@"}, "email", "Enter a valid email address."),
    "missing organization": ({"organization_name": ""}, "organization_name", None),
    "missing association": ({"association": ""}, "association", "This field is required."),
    "unknown association": (
        {"association": "nobody"},
        "association",
        "Choose one of the associations listed.",
    ),
    "association nobody answers": (
        {"association": "association-b"},
        "association",
        "Choose one of the associations listed.",
    ),
}


def required(lang):
    return ui(lang, "This field is required.")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_bad_input_is_refused_next_to_its_field_storing_and_sending_nothing(
    post, association_a, association_b, lang, case
):
    staff("staff-a", [association_a])
    values, field, message = BAD_INPUT[case]

    page = Page(post(url("members:request_account", lang), access_data(association_a, **values)))

    assert page.status == 400
    assert page.field_errors(field) == [ui(lang, message or "This field is required.")]
    assert page.select_one(f"#id_{field}").attrs.get("aria-invalid") == "true"
    assert (AccessRequest.objects.count(), mail.outbox) == (0, [])


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    ("field", "limit"), [("name", 200), ("organization_name", 300), ("message", 2000)]
)
def test_a_value_too_long_is_refused_with_its_length(post, association_a, lang, field, limit):
    staff("staff-a", [association_a])

    page = Page(
        post(
            url("members:request_account", lang), access_data(association_a, **{field: "x" * 9999})
        )
    )

    assert page.status == 400
    assert page.field_errors(field) == [
        ui_count(
            lang,
            "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
            "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
            limit,
            limit_value=limit,
            show_value=9999,
        )
    ]
    assert AccessRequest.objects.count() == 0


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_filled_honeypot_is_refused_storing_and_sending_nothing(post, association_a, lang):
    staff("staff-a", [association_a])

    page = Page(
        post(
            url("members:request_account", lang),
            access_data(association_a, website="https://spam.example"),
        )
    )

    assert page.status == 400
    assert page.texts(".form-errors .errorlist li") == [
        ui(
            lang,
            "Your request was not sent: the field “%(label)s” must be left empty.",
            label=ui(lang, "Leave this field empty"),
        )
    ]
    # What was typed is kept for the person to send again.
    assert page.form_values()["name"] == "Camille Roy"
    assert (AccessRequest.objects.count(), mail.outbox) == (0, [])


def test_the_forms_take_no_other_method(client, db):
    organization = OrganizationFactory()
    paths = [
        url("members:request_account"),
        url("members:suggest_correction", kind="organization", slug=organization.slug),
    ]

    assert [client.put(path).status_code for path in paths] == [405, 405]


# Throttling -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_sixth_request_in_an_hour_from_one_address_is_refused_with_429(post, association_a, lang):
    staff("staff-a", [association_a])
    path = url("members:request_account", lang)

    statuses = [
        post(path, access_data(association_a, email=f"person{n}@example.org")).status_code
        for n in range(5)
    ]
    outbox = len(mail.outbox)
    refused = post(path, access_data(association_a, email="sixth@example.org"))
    elsewhere = post(path, access_data(association_a, email="other@example.org"), "192.0.2.99")

    assert statuses == [302] * 5
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    page = Page(refused)
    assert page.text_of(".form-errors") == ui(
        lang,
        "Too many requests were sent from your connection or for this email address. Nothing "
        "was sent: try again later.",
    )
    assert page.form_values()["email"] == "sixth@example.org"
    assert elsewhere.status_code == 302
    assert sorted(AccessRequest.objects.values_list("email", flat=True)) == sorted(
        [f"person{n}@example.org" for n in range(5)] + ["other@example.org"]
    )
    # The refused one sent nothing; the one from elsewhere its two emails.
    assert len(mail.outbox) == outbox + 2


def test_a_fourth_request_in_a_day_for_one_email_is_refused_from_any_address(post, association_a):
    staff("staff-a", [association_a])
    path = url("members:request_account")

    statuses = [
        post(path, access_data(association_a, email="Camille@Laval-Bio.example"), f"192.0.2.{n}")
        for n in range(4)
    ]

    assert [response.status_code for response in statuses] == [302, 302, 302, 429]
    assert 0 < int(statuses[3]["Retry-After"]) <= 24 * 3600
    assert AccessRequest.objects.count() == 3


def test_refused_forms_are_not_counted_against_the_limit(post, association_a):
    staff("staff-a", [association_a])
    path = url("members:request_account")

    refused = [post(path, access_data(association_a, email="bad")).status_code for _ in range(6)]
    accepted = post(path, access_data(association_a)).status_code

    assert (refused, accepted) == ([400] * 6, 302)


def test_the_counts_are_kept_under_a_digest_not_the_address_or_email(post, association_a):
    from django.core.cache import cache

    staff("staff-a", [association_a])
    post(url("members:request_account"), access_data(association_a))

    keys = [key for key in cache._cache if "request-throttle" in key]
    assert len(keys) == 2
    assert [key for key in keys if ADDRESS in key or "camille" in key] == []


def test_without_a_cache_to_count_in_requests_still_go_through(post, association_a, monkeypatch):
    from django.core.cache import cache

    staff("staff-a", [association_a])

    def unreachable(*args, **kwargs):
        raise ConnectionError("no cache")

    monkeypatch.setattr(cache, "add", unreachable)

    response = post(url("members:request_account"), access_data(association_a))

    assert (response.status_code, AccessRequest.objects.count()) == (302, 1)


# No account enumeration ---------------------------------------------------------------


def test_the_answer_is_the_same_whether_or_not_an_account_uses_the_address(
    client, post, association_a
):
    staff("staff-a", [association_a])
    User.objects.create_user("camille", email="known@example.org", password="x")
    answers = {}
    for email in ("known@example.org", "unknown@example.org"):
        response = post(
            url("members:request_account"), access_data(association_a, email=email), email
        )
        sent_page = client.get(response["Location"])
        answers[email] = (
            response.status_code,
            response["Location"],
            response.content,
            sent_page.status_code,
            sent_page.content,
        )

    assert answers["known@example.org"] == answers["unknown@example.org"]
    # Only the confirmation, which the owner of the address alone reads, tells them apart.
    known = message_to("known@example.org").body
    unknown = message_to("unknown@example.org").body
    reset = f"{SITE}{url('accounts:password_reset')}"
    assert (reset in known, reset in unknown) == (True, False)
    assert ui("en", "An account already exists for this address: you need no other.") in known
    assert ui("en", "An account already exists for this address: you need no other.") not in (
        unknown
    )


def test_the_web_request_reads_no_account_and_runs_the_same_queries_for_any_address(
    client, association_a, settings, django_capture_on_commit_callbacks
):
    # With the queue in the database, as in production: the account is looked up by the
    # worker, not while the visitor waits.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    staff("staff-a", [association_a])
    User.objects.create_user("camille", email="known@example.org", password="x")
    queries = {}
    for email in ("known@example.org", "unknown@example.org"):
        with (
            CaptureQueriesContext(connection) as captured,
            django_capture_on_commit_callbacks(execute=True),
        ):
            response = client.post(
                url("members:request_account"),
                access_data(association_a, email=email),
                REMOTE_ADDR=email,
            )
        assert response.status_code == 302
        queries[email] = [q["sql"] for q in captured.captured_queries]

    assert len(queries["known@example.org"]) == len(queries["unknown@example.org"])
    assert [sql for sql in queries["known@example.org"] if '"auth_user"."email"' in sql] == []
    assert mail.outbox == []


def test_through_the_queue_the_worker_sends_each_email(
    client, association_a, settings, django_capture_on_commit_callbacks
):
    from tests.test_tasks import run_queued_tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    administrator_a = staff("admin-a", [association_a], receives_unassigned_reminders=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("members:request_account"), access_data(association_a))

    assert mail.outbox == []
    # The worker runs the announcement, then the emails it queued.
    run_queued_tasks()

    assert sent_to() == sorted(["camille@laval-bio.example", administrator_a.email])


# Suggested corrections ------------------------------------------------------------------


def records(owner):
    """A published record of each kind, managed by ``owner``: kind → (record, its name)."""
    return {
        "organization": OrganizationFactory(name="Laval Biologics", slug="laval", owner=owner),
        "agreement": AgreementFactory(title="Corridor MOU", slug="corridor", owner=owner),
        "event": EventFactory(name="Corridor Summit", slug="summit", owner=owner),
        "series": SeriesFactory(name="Corridor Summits", slug="summits", owner=owner),
    }


def title_of(record):
    return getattr(record, "title", None) or record.name


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", ["organization", "agreement", "event", "series"])
def test_a_correction_reaches_the_staff_of_the_association_that_manages_the_record(
    client, post, association_a, association_b, lang, kind
):
    staff_a = staff("staff-a", [association_a], language="fr")
    staff("staff-b", [association_b])
    record = records(association_a)[kind]
    path = url("members:suggest_correction", lang, kind=kind, slug=record.slug)
    with translation_of(lang):
        record_path = record.get_absolute_url()

    form = get_page(client, path)
    response = post(
        path,
        {"message": "It was signed in Lyon.", "name": "Camille", "email": "c@example.org"},
    )

    assert (form.status, form.h1) == (200, ui(lang, "Suggest a correction"))
    assert form.select_one("main .lead a").attrs["href"] == record_path
    assert form.text_of("main .lead a") == title_of(record)
    correction = CorrectionRequest.objects.get()
    assert (
        correction.record_kind,
        correction.record_id,
        correction.record_title,
        correction.record_path,
        correction.handled_by,
        correction.message,
        correction.name,
        correction.email,
        correction.language,
        correction.user,
    ) == (
        kind,
        record.pk,
        title_of(record),
        record_path,
        association_a,
        "It was signed in Lyon.",
        "Camille",
        "c@example.org",
        lang,
        None,
    )
    assert response.status_code == 302
    sent = get_page(client, response["Location"])
    assert sent.h1 == ui(lang, "Correction sent")
    assert sent.links("main a.more") == [record_path]
    # Only A's staff, in French; the suggester gets no email.
    [message] = mail.outbox
    assert message.to == [staff_a.email]
    assert message.subject == "Passerelle · " + ui(
        "fr", "Suggested correction: %(record)s", record=title_of(record)
    )
    assert f"{SITE}/admin/members/correctionrequest/{correction.pk}/change/" in message.body
    assert f"{SITE}{record_path}" in message.body
    assert "It was signed in Lyon." in message.body


def translation_of(lang):
    from django.utils import translation

    return translation.override(lang)


def test_a_correction_to_a_record_no_association_manages_reaches_the_administrators(
    post, association_a
):
    staff("staff-a", [association_a])
    administrator = AdministratorFactory(username="root", email="root@example.org")
    organization = OrganizationFactory(owner=None)

    post(
        url("members:suggest_correction", kind="organization", slug=organization.slug),
        {"message": "Wrong city."},
    )

    assert CorrectionRequest.objects.get().handled_by is None
    assert sent_to() == [administrator.email]


def test_a_signed_in_person_s_correction_names_their_account(client, post, member):
    organization = OrganizationFactory()
    client.force_login(member)

    post(
        url("members:suggest_correction", kind="organization", slug=organization.slug),
        {"message": "Wrong city."},
    )

    assert CorrectionRequest.objects.get().user == member


@pytest.mark.parametrize(
    ("kind", "slug"),
    [
        ("organization", "draft-org"),
        ("agreement", "draft-agreement"),
        ("event", "draft-event"),
        ("organization", "no-such-organization"),
        ("series", "no-such-series"),
        ("contact", "laval"),
        ("organization", "laval%00"),
        ("organization", "la val"),
        ("organization", "é" * 400),
    ],
)
def test_a_correction_to_a_draft_or_unknown_record_is_not_found(client, post, db, kind, slug):
    OrganizationFactory(slug="laval")
    OrganizationFactory(slug="draft-org", publication=Publication.DRAFT)
    AgreementFactory(slug="draft-agreement", publication=Publication.DRAFT)
    EventFactory(slug="draft-event", publication=Publication.DRAFT)
    path = url("members:suggest_correction", kind="k", slug="s").removesuffix("k/s/")
    path += f"{kind}/{slug}/"

    answers = [client.get(path).status_code, post(path, {"message": "x"}).status_code]

    assert answers == [404, 404]
    assert CorrectionRequest.objects.count() == 0


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_correction_is_validated_like_the_request_form(post, association_a, lang):
    organization = OrganizationFactory(owner=association_a)
    path = url("members:suggest_correction", lang, kind="organization", slug=organization.slug)

    missing = Page(post(path, {"message": "", "email": "c@example.org"}))
    bad_email = Page(post(path, {"message": "Wrong city.", "email": "c@"}))
    too_long = Page(post(path, {"message": "x" * 4001}))
    trap = Page(post(path, {"message": "Wrong city.", "website": "spam"}))

    assert [page.status for page in (missing, bad_email, too_long, trap)] == [400] * 4
    assert missing.field_errors("message") == [required(lang)]
    assert bad_email.field_errors("email") == [ui(lang, "Enter a valid email address.")]
    assert too_long.field_errors("message") == [
        ui_count(
            lang,
            "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
            "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
            4000,
            limit_value=4000,
            show_value=4001,
        )
    ]
    assert trap.errors() == [
        ui(
            lang,
            "Your request was not sent: the field “%(label)s” must be left empty.",
            label=ui(lang, "Leave this field empty"),
        )
    ]
    assert (CorrectionRequest.objects.count(), mail.outbox) == (0, [])


def test_corrections_are_throttled_per_address_and_per_email(post, association_a):
    organization = OrganizationFactory(owner=association_a)
    path = url("members:suggest_correction", kind="organization", slug=organization.slug)

    by_address = [post(path, {"message": f"Fix {n}"}).status_code for n in range(6)]
    by_email = [
        post(path, {"message": f"Fix {n}", "email": "c@example.org"}, f"198.51.100.{n}")
        for n in range(4)
    ]

    assert by_address == [302] * 5 + [429]
    assert [response.status_code for response in by_email] == [302, 302, 302, 429]
    assert CorrectionRequest.objects.count() == 8


@pytest.mark.parametrize(
    "next_path",
    ["//evil.example/", "https://evil.example/en/organizations/x/", "/en/about/", "", "/en/%00/"],
)
def test_the_sent_page_links_back_only_to_a_record_page_of_this_site(client, db, next_path):
    page = get_page(client, url("members:correction_sent", query={"next": next_path}))

    assert (page.status, page.links("main a.more")) == (200, [url("home")])


# The link on every record page ------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_public_record_page_links_to_its_correction_form(client, db, lang):
    found = {}
    for kind, record in records(None).items():
        with translation_of(lang):
            page = get_page(client, record.get_absolute_url())
        found[kind] = (page.status, page.links(".record-footer a"))

    assert found == {
        kind: (200, [url("members:suggest_correction", lang, kind=kind, slug=record.slug)])
        for kind, record in records_by_slug().items()
    }


def records_by_slug():
    from agreements.models import Agreement
    from events.models import Event, Series
    from organizations.models import Organization

    return {
        "organization": Organization.objects.get(slug="laval"),
        "agreement": Agreement.objects.get(slug="corridor"),
        "event": Event.objects.get(slug="summit"),
        "series": Series.objects.get(slug="summits"),
    }


def test_a_drafts_preview_offers_no_correction(client, association_a, staff_a):
    draft = OrganizationFactory(owner=association_a, publication=Publication.DRAFT)
    client.force_login(staff_a)

    page = get_page(client, draft.get_absolute_url())

    assert (page.status, page.select(".record-footer")) == (200, [])


# Query counts -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("associations", [1, 4])
def test_the_request_form_takes_1_query_whatever_the_number_of_associations(
    client, db, django_assert_num_queries, lang, associations
):
    for number in range(associations):
        staff(f"staff-{number}", [OrganizationFactory(name=f"Association {number}")])

    with django_assert_num_queries(1):
        page = get_page(client, url("members:request_account", lang))

    assert len(page.select("select[name=association] option")) == associations + 1


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", ["organization", "agreement", "event", "series"])
def test_the_correction_form_takes_1_query(client, db, django_assert_num_queries, lang, kind):
    record = records(OrganizationFactory())[kind]

    with django_assert_num_queries(1):
        page = get_page(
            client, url("members:suggest_correction", lang, kind=kind, slug=record.slug)
        )

    assert page.status == 200


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    ("name", "query"),
    [("members:request_sent", None), ("members:correction_sent", {"next": "/en/about/"})],
)
def test_the_sent_pages_take_no_query(client, db, django_assert_num_queries, lang, name, query):
    with django_assert_num_queries(0):
        page = get_page(client, url(name, lang, query))

    assert (page.status, page.lang) == (200, lang)


def test_a_request_does_not_retire_the_cached_pages(post, association_a):
    staff("staff-a", [association_a])
    version = page_cache.content_version()

    post(url("members:request_account"), access_data(association_a))

    assert AccessRequest.objects.count() == 1
    assert page_cache.content_version() == version


# The admin ------------------------------------------------------------------------------


def admin_path(model, view, *args):
    return reverse(f"admin:members_{model._meta.model_name}_{view}", args=args)


def test_staff_list_only_the_requests_addressed_to_their_association(
    client, staff_a, staff_b, managed_records, administrator
):
    lists = {}
    for person in (staff_a, staff_b, administrator):
        client.force_login(person)
        lists[person.username] = [
            sorted(
                str(row)
                for row in client.get(admin_path(model, "changelist")).context["cl"].result_list
            )
            for model in (AccessRequest, CorrectionRequest)
        ]

    assert lists == {
        "staff-a": [["A Applicant (A Biotech)"], ["A Biotech: new"]],
        "staff-b": [["B Applicant (B Biotech)"], ["B Biotech: new"]],
        "administrator": [
            ["A Applicant (A Biotech)", "B Applicant (B Biotech)"],
            ["A Biotech: new", "B Biotech: new"],
        ],
    }


def test_staff_answer_a_request_but_cannot_change_what_the_requester_sent(
    client, staff_a, managed_records
):
    request = managed_records["a"]["members.AccessRequest"]
    client.force_login(staff_a)
    path = admin_path(AccessRequest, "change", request.pk)

    form = client.get(path)
    response = client.post(
        path,
        {
            "status": RequestStatus.IN_PROGRESS,
            "staff_note": "Asked an administrator.",
            "name": "Someone Else",
            "email": "else@example.org",
        },
    )

    assert form.status_code == 200
    assert set(form.context["adminform"].form.fields) == {"status", "staff_note"}
    # Staff cannot open accounts: they are told who does.
    assert (
        ui(
            "en",
            "A portal administrator opens the account, in Users, and sets its organization. Ask "
            "one, then mark this request done.",
        )
        in form.text
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert (
        request.status,
        request.staff_note,
        request.handled_by_user,
        request.name,
        request.email,
    ) == (
        RequestStatus.IN_PROGRESS,
        "Asked an administrator.",
        staff_a,
        "A Applicant",
        "applicant-a@example.org",
    )


def test_an_administrator_is_offered_to_open_the_account_or_shown_the_existing_one(
    client, administrator, managed_records
):
    request = managed_records["a"]["members.AccessRequest"]
    client.force_login(administrator)
    path = admin_path(AccessRequest, "change", request.pk)

    before = client.get(path).text
    existing = User.objects.create_user("applicant", email="Applicant-A@example.org")
    after = client.get(path).text

    assert reverse("admin:auth_user_add") in before
    assert reverse("admin:auth_user_change", args=[existing.pk]) in after


def test_staff_of_another_association_get_404_and_nobody_adds_a_request(
    client, staff_a, managed_records
):
    client.force_login(staff_a)
    theirs = [
        admin_path(AccessRequest, "change", managed_records["b"]["members.AccessRequest"].pk),
        admin_path(
            CorrectionRequest, "change", managed_records["b"]["members.CorrectionRequest"].pk
        ),
    ]

    assert [client.get(path).status_code for path in theirs] == [404, 404]
    assert [client.post(path, {"status": "done"}).status_code for path in theirs] == [404, 404]
    assert [
        client.get(admin_path(model, "add")).status_code
        for model in (AccessRequest, CorrectionRequest)
    ] == [403, 403]
    assert [
        set(model.objects.values_list("status", flat=True))
        for model in (AccessRequest, CorrectionRequest)
    ] == [{RequestStatus.NEW}, {RequestStatus.NEW}]


def test_a_correction_no_association_manages_is_the_administrators_alone(
    client, staff_a, administrator, association_a
):
    correction = CorrectionRequest.objects.create(
        record_kind="organization",
        record_id=1,
        record_title="Orphan Labs",
        record_path="/en/organizations/orphan/",
        message="Wrong city.",
        language="en",
    )
    path = admin_path(CorrectionRequest, "change", correction.pk)

    client.force_login(staff_a)
    for_staff = client.get(path).status_code
    client.force_login(administrator)
    for_administrator = client.get(path)

    assert (for_staff, for_administrator.status_code) == (404, 200)
    assert 'href="/en/organizations/orphan/"' in for_administrator.text


# How long requests are kept -----------------------------------------------------------------


def received(model, when, **values):
    if model is AccessRequest:
        row = AccessRequest.objects.create(
            name=values.get("name", "x"),
            email="x@example.org",
            organization_name="X",
            language="en",
        )
    else:
        row = CorrectionRequest.objects.create(
            record_kind="organization",
            record_id=1,
            record_title=values.get("name", "x"),
            record_path="/en/organizations/x/",
            message="x",
            language="en",
        )
    model.objects.filter(pk=row.pk).update(created_at=when)
    return row


def test_purge_requests_deletes_exactly_those_received_over_12_months_ago(db):
    tz = timezone.get_current_timezone()
    midnight = datetime.datetime(2025, 6, 1, tzinfo=tz)
    for model in (AccessRequest, CorrectionRequest):
        received(model, midnight - datetime.timedelta(seconds=1), name="old")
        received(model, midnight, name="kept")
        received(model, midnight + datetime.timedelta(days=300), name="recent")
        # Answered or not.
        row = received(model, datetime.datetime(2024, 1, 1, tzinfo=tz), name="answered")
        model.objects.filter(pk=row.pk).update(status=RequestStatus.DONE)

    from io import StringIO

    dry = StringIO()
    call_command("purge_requests", "--today", "2026-06-01", "--dry-run", stdout=dry)
    counts_after_dry_run = (AccessRequest.objects.count(), CorrectionRequest.objects.count())
    out = StringIO()
    call_command("purge_requests", "--today", "2026-06-01", stdout=out)
    again = StringIO()
    call_command("purge_requests", "--today", "2026-06-01", stdout=again)

    assert counts_after_dry_run == (4, 4)
    assert sorted(AccessRequest.objects.values_list("name", flat=True)) == ["kept", "recent"]
    assert sorted(CorrectionRequest.objects.values_list("record_title", flat=True)) == [
        "kept",
        "recent",
    ]
    assert out.getvalue() == (
        "2026-06-01: 2 member account requests and 2 suggested corrections received before "
        "2025-06-01 deleted.\n"
    )
    assert "0 member account requests and 0 suggested corrections" in again.getvalue()


def test_a_year_back_from_29_february_is_28_february(db):
    from members.retention import kept_since

    assert kept_since(datetime.date(2028, 2, 29)).date() == datetime.date(2027, 2, 28)


def test_purge_requests_refuses_a_day_it_cannot_read(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("purge_requests", "--today", "20260601")


def test_the_privacy_page_says_requests_are_kept_as_long_as_the_command_keeps_them(client, db):
    page = get_page(client, url("privacy"))
    how_long = [
        dl.select("dd")[-1].text
        for dl in page.select("main article dl")
        if dl.find_previous("h3")
        and dl.find_previous("h3").attrs.get("id") in ("account-requests", "corrections")
    ]

    assert KEPT_FOR_MONTHS == 12
    assert len(how_long) == 2
    assert all("deleted 12 months after it was received" in text for text in how_long)


def test_an_address_typed_in_full_width_letters_counts_as_the_plain_one(post, association_a):
    staff("staff-a", [association_a])
    for n, email in enumerate(
        [
            "victim@example.org",
            "victim@\uff45xample.org",
            "VICTIM@example.org",
            "victim@ex\uff41mple.org",
        ]
    ):
        data = {**access_data(association_a), "email": email}
        response = post(url("members:request_account", "en"), data, address=f"10.0.0.{n}")
    assert response.status_code == 429
    assert AccessRequest.objects.count() == 3
    assert set(AccessRequest.objects.values_list("email", flat=True)) <= {
        "victim@example.org",
        "VICTIM@example.org",
    }


def test_purged_requests_leave_no_name_in_the_admins_log(db):
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    tz = timezone.get_current_timezone()
    old = received(AccessRequest, datetime.datetime(2024, 1, 1, tzinfo=tz), name="Zoé Personne")
    kept = received(AccessRequest, datetime.datetime(2026, 5, 1, tzinfo=tz), name="Kept Person")
    administrator = User.objects.create_superuser("root", "root@example.org", "x")
    for row in (old, kept):
        LogEntry.objects.create(
            user=administrator,
            content_type=ContentType.objects.get_for_model(row),
            object_id=str(row.pk),
            object_repr=str(row),
            action_flag=CHANGE,
        )

    call_command("purge_requests", "--today", "2026-06-01", stdout=StringIO())

    assert list(LogEntry.objects.values_list("object_repr", flat=True)) == [str(kept)]
