"""Organizations and memberships imported from CSV or Excel in the admin: a preview,
rows that update the record they name instead of creating twins, nothing written
when a row fails, history with the author, and staff limited to their scope."""

import datetime
import io
import tempfile
from pathlib import Path

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from organizations.models import Membership, Organization, OrganizationKind
from portal.models import PendingImport
from search import results
from tests.factories import MembershipFactory, OrganizationFactory, SectorFactory, StaffFactory

CSV_FORMAT = "0"
XLSX_FORMAT = "1"

HEADER = "name_en,name_fr,kind,website,city,country,sectors,founded_year"
FIRST_FILE = (
    f"{HEADER}\n"
    "Genome Valley,Vallée du génome,research centre,https://genome.example.org/,"
    "Montréal,Canada,genomics,1999\n"
    "Université de Montréal,Université de Montréal,université,https://www.umontreal.example,"
    "Montréal,CA,genomics;Medical technologies,1878\n"
)


def csv_file(text, name="organizations.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, name="organizations.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    workbook.save(data)
    return SimpleUploadedFile(name, data.getvalue())


def import_url(model):
    return reverse(f"admin:organizations_{model}_import")


def preview(client, upload, model="organization", file_format=CSV_FORMAT):
    return client.post(
        import_url(model), {"import_file": upload, "format": file_format, "resource": "0"}
    )


def confirm(client, response, model="organization"):
    """Press "Confirm import" on the preview ``response``, as the user would."""
    page = BeautifulSoup(response.content, "html.parser")
    form = page.find("form", action=reverse(f"admin:organizations_{model}_process_import"))
    assert form is not None, page.get_text(" ", strip=True)[:2000]
    data = {field["name"]: field.get("value", "") for field in form.find_all("input")}
    return client.post(form["action"], data)


def import_file(client, upload, model="organization", file_format=CSV_FORMAT):
    response = preview(client, upload, model, file_format)
    assert response.status_code == 200
    return confirm(client, response, model)


def preview_rows(response):
    """(line, action, first value) for each row of the preview table."""
    page = BeautifulSoup(response.content, "html.parser")
    rows = []
    for tr in page.select("table.import-preview tbody tr"):
        cells = [cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])]
        rows.append(tuple(cells[:3]))
    return rows


def errors_of(response):
    page = BeautifulSoup(response.content, "html.parser")
    return [li.get_text(" ", strip=True) for li in page.select("ul.errorlist li")]


def found(query):
    """The titles the search page finds."""
    found = results.search(query, "en")
    return {result.title for group in found.groups for result in group.results}


def snapshot():
    return sorted(Organization.objects.values_list("slug", "name_en", "website", "city", "version"))


@pytest.fixture
def sectors(db):
    return {
        "genomics": SectorFactory(slug="genomics", name_en="Genomics", name_fr="Génomique"),
        "medtech": SectorFactory(
            slug="medtech", name_en="Medical technologies", name_fr="Technologies médicales"
        ),
    }


# Creating, then updating without twins -----------------------------------------------


def test_the_preview_shows_each_line_as_new_then_the_import_creates_them(
    client, administrator, sectors
):
    client.force_login(administrator)

    response = preview(client, csv_file(FIRST_FILE))

    assert preview_rows(response) == [
        ("2", "New", "Genome Valley"),
        ("3", "New", "Université de Montréal"),
    ]
    assert Organization.objects.count() == 0  # the preview writes nothing

    done = confirm(client, response)

    assert done.status_code == 302
    genome = Organization.objects.get(name_en="Genome Valley")
    assert (genome.slug, genome.name_fr, genome.kind, genome.country.code) == (
        "genome-valley",
        "Vallée du génome",
        OrganizationKind.RESEARCH_CENTRE,
        "CA",
    )
    udem = Organization.objects.get(name_en="Université de Montréal")
    assert udem.kind == OrganizationKind.UNIVERSITY
    assert set(udem.sectors.values_list("slug", flat=True)) == {"genomics", "medtech"}
    assert udem.founded_year == 1878


def test_the_same_file_again_changes_nothing_and_makes_no_twins(client, administrator, sectors):
    client.force_login(administrator)
    import_file(client, csv_file(FIRST_FILE))
    before = snapshot()

    response = preview(client, csv_file(FIRST_FILE))
    assert preview_rows(response) == [
        ("2", "Unchanged", "Genome Valley"),
        ("3", "Unchanged", "Université de Montréal"),
    ]
    confirm(client, response)

    assert snapshot() == before
    assert Organization.objects.count() == 2


def test_empty_cells_leave_values_as_they_are(client, administrator, sectors):
    client.force_login(administrator)
    import_file(client, csv_file(FIRST_FILE))
    before = snapshot()

    response = preview(client, csv_file("name_en,website,city,sectors\nGenome Valley,,,\n"))

    assert preview_rows(response) == [("2", "Unchanged", "Genome Valley")]
    confirm(client, response)
    assert snapshot() == before
    genome = Organization.objects.get(name_en="Genome Valley")
    assert list(genome.sectors.values_list("slug", flat=True)) == ["genomics"]


def test_a_second_file_updates_by_website_and_by_name_in_other_case_and_accents(
    client, administrator, sectors
):
    client.force_login(administrator)
    import_file(client, csv_file(FIRST_FILE))
    genome = Organization.objects.get(name_en="Genome Valley")
    udem = Organization.objects.get(name_en="Université de Montréal")
    second = (
        "name_en,website,city\n"
        # The same website written another way, with a new name.
        "Genome Valley Inc.,http://GENOME.example.org,Laval\n"
        # The same name without accents, in capitals.
        "UNIVERSITE DE MONTREAL,,Longueuil\n"
    )

    response = preview(client, csv_file(second, "second.csv"))
    assert preview_rows(response) == [
        ("2", "Update", "Genome Valley Genome Valley Inc."),
        ("3", "Update", "Université de Montréal UNIVERSITE DE MONTREAL"),
    ]
    confirm(client, response)
    # And a third time, by the new name: still the same records.
    import_file(client, csv_file("name_en,city\nGenome Valley Inc.,Québec\n", "third.csv"))

    assert Organization.objects.count() == 2
    genome.refresh_from_db()
    udem.refresh_from_db()
    assert (genome.name_en, genome.city, genome.website) == (
        "Genome Valley Inc.",
        "Québec",
        "http://GENOME.example.org",
    )
    # An empty cell left the website as it was.
    assert (udem.city, udem.website) == ("Longueuil", "https://www.umontreal.example")
    # Each update bumped the version, as a form's save does.
    assert (genome.version, udem.version) == (3, 2)


def test_an_excel_workbook_imports_and_updates_like_csv(client, administrator, sectors):
    client.force_login(administrator)
    rows = [
        ["slug", "name_en", "kind", "country", "sectors"],
        ["neuro-hub", "Neuro Hub", "cluster", "France", "Génomique"],
    ]
    import_file(client, xlsx_file(rows), file_format=XLSX_FORMAT)
    rows[1][1] = "Neuro Hub Europe"
    response = preview(client, xlsx_file(rows), file_format=XLSX_FORMAT)

    assert preview_rows(response) == [("2", "Update", "neuro-hub")]
    confirm(client, response)
    hub = Organization.objects.get()
    assert (hub.slug, hub.name_en, hub.kind, hub.country.code) == (
        "neuro-hub",
        "Neuro Hub Europe",
        OrganizationKind.CLUSTER,
        "FR",
    )
    assert list(hub.sectors.values_list("slug", flat=True)) == ["genomics"]


def test_a_new_organization_gets_a_slug_no_one_has(client, administrator):
    OrganizationFactory(name="Genome Valley", slug="genome-valley", website="https://a.example")
    client.force_login(administrator)

    # Same name, other website: the name matches first... unless the slug says otherwise.
    import_file(client, csv_file("name_en,kind\nGenome  Valley (Laval),company\n"))

    assert sorted(Organization.objects.values_list("slug", flat=True)) == [
        "genome-valley",
        "genome-valley-laval",
    ]


def test_a_name_that_matches_two_organizations_is_refused(client, administrator):
    OrganizationFactory(name_en="Biotech Hub", name_fr="Pôle biotech", slug="hub-1")
    OrganizationFactory(name_en="Pôle Biotech", slug="hub-2")
    client.force_login(administrator)

    response = preview(client, csv_file("name_en,city\nPOLE BIOTECH,Laval\n"))

    assert response.status_code == 400
    assert errors_of(response) == [
        "Line 2, column “name_en”: POLE BIOTECH matches several organizations: "
        "Biotech Hub, Pôle Biotech. Give the slug."
    ]


# Nothing written if a row fails ---------------------------------------------------


def test_a_failing_row_writes_nothing_and_names_its_line(client, administrator, sectors):
    existing = OrganizationFactory(name="Genome Valley", slug="genome-valley")
    client.force_login(administrator)
    before = snapshot()
    text = (
        "name_en,kind,founded_year,sectors\n"
        "Genome Valley,company,2001,genomics\n"
        "New Lab,laboratory,1990,\n"
        "Other Lab,company,3000,astrology\n"
    )

    response = preview(client, csv_file(text))

    assert response.status_code == 400
    assert errors_of(response) == [
        "Line 3, column “kind”: “laboratory” is not a kind of organization. Use one of: "
        + ", ".join(OrganizationKind.values)
        + ".",
        "Line 4, column “sectors”: No such sector: astrology.",
        "Line 4: The founding year must be between 1000 and 2100.",
    ]
    assert b"Confirm import" not in response.content
    assert snapshot() == before
    assert existing.history.count() == 1
    assert list(existing.sectors.all()) == []


def test_a_row_failing_at_confirmation_writes_nothing(client, administrator):
    """Between the preview and the confirmation someone else took the name in French."""
    client.force_login(administrator)
    response = preview(client, csv_file("name_en,kind\nNew Lab,company\nOther Lab,company\n"))
    OrganizationFactory(name_en="Something", name_fr="Other Lab", slug="x")
    OrganizationFactory(name_en="Other Lab", slug="y")
    before = snapshot()

    done = confirm(client, response)

    assert done.status_code == 400
    assert "Line 3, column “name_en”: Other Lab matches several organizations" in errors_of(done)[0]
    assert snapshot() == before


def test_the_upload_waits_in_the_database_for_any_server_to_confirm_it(client, administrator):
    client.force_login(administrator)
    response = preview(client, csv_file("name_en,kind\nNew Lab,company\n"))
    assert PendingImport.objects.count() == 1
    # Another server, another process: no temporary folder, no local cache in common.
    cache.clear()
    for path in Path(tempfile.gettempdir()).iterdir():
        assert PendingImport.objects.get().name not in path.name

    assert confirm(client, response).status_code == 302

    assert Organization.objects.filter(name_en="New Lab").exists()
    assert not PendingImport.objects.exists()
    again = confirm(client, response)
    assert again.status_code == 400
    assert "The uploaded file is no longer available: upload it again." in again.content.decode()


def test_an_upload_never_confirmed_is_removed_a_day_later(client, administrator):
    client.force_login(administrator)
    preview(client, csv_file("name_en,kind\nNew Lab,company\n"))
    PendingImport.objects.update(uploaded_at=timezone.now() - datetime.timedelta(days=2))

    preview(client, csv_file("name_en,kind\nOther Lab,company\n"))

    assert PendingImport.objects.count() == 1


def test_two_rows_naming_one_organization_are_refused(client, administrator):
    client.force_login(administrator)

    response = preview(client, csv_file("name_en,kind\nNew Lab,company\nNEW LAB,company\n"))

    assert errors_of(response) == ["Line 3: This row names the same record as line 2."]
    assert Organization.objects.count() == 0


# History and search --------------------------------------------------------------


def test_each_imported_change_is_in_the_history_with_its_author(client, administrator, sectors):
    client.force_login(administrator)
    import_file(client, csv_file(FIRST_FILE))
    import_file(client, csv_file("name_en,city\nGenome Valley,Laval\n", "update.csv"))

    genome = Organization.objects.get(name_en="Genome Valley")
    records = list(genome.history.order_by("history_date", "history_id"))
    assert [(r.history_type, r.history_user, r.history_change_reason) for r in records] == [
        ("+", administrator, "Imported from organizations.csv"),
        ("~", administrator, "Imported from organizations.csv"),  # its sectors
        ("~", administrator, "Imported from update.csv"),
    ]
    assert [r.city for r in records] == ["Montréal", "Montréal", "Laval"]
    # The many-to-many history follows: each version lists the sectors it had.
    assert [sorted(s.sector.slug for s in r.sectors.all()) for r in records] == [
        [],
        ["genomics"],
        ["genomics"],
    ]


def test_search_finds_imported_organizations(client, administrator):
    client.force_login(administrator)
    import_file(client, csv_file("name_en,kind\nZebrafish Institute,research centre\n"))
    import_file(client, csv_file("name_en,city\nZebrafish Institute,Sherbrooke\n"))
    zebrafish = Organization.objects.get()

    assert found("zebrafish") == {zebrafish.name}
    assert found("sherbrooke") == {zebrafish.name}


def test_imported_organizations_are_published_and_a_draft_stays_a_draft(client, administrator):
    draft = OrganizationFactory(
        name="Quiet Vectors", slug="quiet-vectors", publication="draft", website=""
    )
    client.force_login(administrator)

    import_file(
        client,
        csv_file("name_en,kind,city\nZebrafish Institute,research centre,\nQuiet Vectors,,Lyon\n"),
    )

    zebrafish = Organization.objects.get(name_en="Zebrafish Institute")
    # Its name given once reads the same in both languages (portal.publishing).
    assert zebrafish.same_in_both_languages
    assert client.get(zebrafish.get_absolute_url()).status_code == 200
    draft = Organization.all_objects.get(pk=draft.pk)
    assert (draft.publication, draft.city) == ("draft", "Lyon")
    assert found("quiet vectors") == set()


# Scope -----------------------------------------------------------------------------


def test_staff_update_their_associations_records_and_add_records_it_manages(
    client, staff_a, association_a
):
    ours = OrganizationFactory(name="Our Biotech", slug="our-biotech", owner=association_a)
    client.force_login(staff_a)

    import_file(client, csv_file("name_en,city,kind\nOur Biotech,Laval,\nNew Biotech,,company\n"))

    ours.refresh_from_db()
    assert ours.city == "Laval"
    assert Organization.objects.get(name_en="New Biotech").owner == association_a


def test_staff_rows_outside_their_scope_are_refused_and_nothing_is_written(
    client, staff_a, association_a, association_b
):
    OrganizationFactory(name="Their Biotech", slug="their-biotech", owner=association_b)
    client.force_login(staff_a)
    before = snapshot()

    response = preview(
        client, csv_file("name_en,city,kind\nNew Biotech,,company\nTheir Biotech,Laval,\n")
    )

    assert response.status_code == 400
    assert errors_of(response) == [
        "Line 3: “Their Biotech” is managed by another association: you cannot change it."
    ]
    assert snapshot() == before


def test_another_associations_draft_is_neither_found_nor_named_by_a_staff_import(
    client, staff_a, association_a, association_b
):
    draft = OrganizationFactory(
        name="Quiet Biotech", slug="quiet-biotech", owner=association_b, publication="draft"
    )
    client.force_login(staff_a)

    response = import_file(client, csv_file("name_en,city,kind\nQuiet Biotech,Laval,company\n"))

    assert "Quiet Biotech" not in " ".join(errors_of(response))
    added = Organization.objects.get(name_en="Quiet Biotech")
    assert (added.owner, added.city) == (association_a, "Laval")
    draft.refresh_from_db()
    assert (draft.city, draft.publication) == ("Montréal", "draft")


def test_staff_record_members_only_of_their_association(
    client, staff_a, association_a, association_b
):
    company = OrganizationFactory(name="Mercury Devices", slug="mercury", kind="company")
    client.force_login(staff_a)
    text = (
        "member,association,since\nmercury,association-a,2020\nMercury Devices,Association B,2021\n"
    )

    response = preview(client, csv_file(text, "members.csv"), model="membership")

    assert response.status_code == 400
    assert errors_of(response) == [
        "Line 3: You do not manage “Association B”: you cannot record its members."
    ]
    assert not Membership.objects.filter(member=company).exists()


def test_only_staff_of_an_association_and_administrators_may_import(client, member):
    before = snapshot()
    for model in ["organization", "membership"]:
        assert client.get(import_url(model)).status_code == 302  # to the admin's sign-in
    client.force_login(member)
    assert client.get(import_url("organization")).status_code == 302
    client.force_login(StaffFactory(username="nobody's staff"))
    for model in ["organization", "membership"]:
        assert client.get(import_url(model)).status_code == 403
        upload = csv_file("name_en,kind\nLab,company\n")
        assert preview(client, upload, model=model).status_code == 403
    assert snapshot() == before


def import_links(client, model):
    page = client.get(reverse(f"admin:organizations_{model}_changelist"))
    soup = BeautifulSoup(page.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(f'a[href="{import_url(model)}"]')]


def test_the_import_button_is_on_the_lists_of_those_who_may_import(client, staff_a):
    client.force_login(staff_a)
    assert import_links(client, "organization") == ["Import"]
    assert import_links(client, "membership") == ["Import"]
    client.force_login(StaffFactory(username="nobody's staff"))
    assert import_links(client, "organization") == []


# Memberships ---------------------------------------------------------------------


def test_memberships_take_partial_dates_and_update_instead_of_twins(
    client, administrator, association_a
):
    company = OrganizationFactory(name="Mercury Devices", slug="mercury", kind="company")
    client.force_login(administrator)
    text = "member,association,since,until\nmercury,Association A,mars 2020,\n"

    response = preview(client, csv_file(text, "members.csv"), model="membership")
    assert preview_rows(response) == [("2", "New", "mercury")]
    confirm(client, response, model="membership")
    # Again, with an end: the same membership, now ended.
    import_file(
        client,
        csv_file(
            "member,association,since,until\nMERCURY DEVICES,association-a,2020-03,2023\n",
            "ended.csv",
        ),
        model="membership",
    )

    membership = Membership.objects.get()
    assert (membership.member, membership.association) == (company, association_a)
    assert (str(membership.since), membership.since_precision) == ("2020-03-01", "month")
    assert (str(membership.until), membership.until_precision) == ("2023-01-01", "year")
    assert membership.version == 2
    assert [r.history_user for r in membership.history.all()] == [administrator, administrator]


def test_a_membership_with_no_start_updates_the_only_one_recorded(client, administrator):
    existing = MembershipFactory(member__slug="mercury", association__slug="assoc")
    client.force_login(administrator)

    import_file(
        client,
        csv_file("member,association,until\nmercury,assoc,21 juin 2024\n"),
        model="membership",
    )

    existing.refresh_from_db()
    assert (str(existing.until), existing.until_precision) == ("2024-06-21", "day")
    assert Membership.objects.count() == 1


def test_membership_rows_with_bad_dates_or_unknown_organizations_are_refused(
    client, administrator, association_a
):
    OrganizationFactory(slug="mercury", kind="company")
    client.force_login(administrator)
    text = (
        "member,association,since,until\n"
        "mercury,association-a,30 février 2020,\n"
        "nobody,association-a,2020,\n"
        "mercury,association-a,2022,2021\n"
    )

    response = preview(client, csv_file(text), model="membership")

    assert errors_of(response) == [
        "Line 2, column “since”: “30 février 2020” is not on the calendar.",
        "Line 3, column “member”: No organization is named “nobody”.",
        "Line 4: The end cannot be before the start.",
    ]
    assert Membership.objects.count() == 0


# Bad uploads ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("upload", "file_format", "message"),
    [
        (
            SimpleUploadedFile("latin1.csv", "name_en\nSociété\n".encode("latin-1")),
            CSV_FORMAT,
            "The file is not UTF-8 text.",
        ),
        (SimpleUploadedFile("empty.csv", b""), CSV_FORMAT, "The submitted file is empty."),
        (
            SimpleUploadedFile("fake.xlsx", b"name_en\nLab\n"),
            XLSX_FORMAT,
            "This file is not an Excel workbook (.xlsx).",
        ),
        (
            xlsx_file([["name_en"], ["Lab"]]),
            CSV_FORMAT,
            "This file is an Excel workbook, not CSV text",
        ),
        (
            SimpleUploadedFile("huge.csv", b"name_en\n" + b"x" * (2 * 1024 * 1024)),
            CSV_FORMAT,
            "The file is too big: at most 2.0",
        ),
        (
            csv_file("name,kind\nLab,company\n"),
            CSV_FORMAT,
            "The file has none of the columns “slug”, “website”, “name_en”, “name_fr”.",
        ),
        (
            csv_file("name_en,colour\nLab,blue\n"),
            CSV_FORMAT,
            "Unknown column “colour”.",
        ),
        (SimpleUploadedFile("x.csv", b"name_en\nLab\n"), "7", "Select a valid choice."),
        (
            SimpleUploadedFile("organizations.txt", b"name_en\nLab\n"),
            "",
            "Choose the format: the file name ends neither in .csv nor in .xlsx.",
        ),
    ],
)
def test_bad_uploads_are_refused_with_a_reason(client, administrator, upload, file_format, message):
    client.force_login(administrator)

    response = preview(client, upload, file_format=file_format)

    assert response.status_code == 400
    assert any(message in error for error in errors_of(response)), errors_of(response)
    assert Organization.objects.count() == 0


def test_the_format_is_the_file_names_when_none_is_chosen(client, administrator):
    client.force_login(administrator)
    workbook = xlsx_file([["name_en", "kind"], ["Lab", "company"]], "LABS.XLSX")

    assert preview_rows(preview(client, workbook, file_format="")) == [("2", "New", "Lab")]
    upload = csv_file("name_en,kind\nLab,company\n", "labs.csv")
    assert preview_rows(preview(client, upload, file_format="")) == [("2", "New", "Lab")]


def test_a_csv_file_separated_by_semicolons_is_read_too(client, administrator):
    client.force_login(administrator)

    import_file(client, csv_file("name_en;kind;city\nLab, Inc.;company;Lévis\n"))

    lab = Organization.objects.get()
    assert (lab.name_en, lab.kind, lab.city) == ("Lab, Inc.", "company", "Lévis")


def test_a_tampered_confirmation_is_refused(client, administrator):
    client.force_login(administrator)
    url = reverse("admin:organizations_organization_process_import")
    base = {"import_file_name": "nothing-here", "original_file_name": "a.csv", "resource": ""}

    assert client.post(url, {**base, "format": "0"}).status_code == 400
    assert client.post(url, {**base, "format": "x"}).status_code == 400
    assert client.post(url, {**base, "format": "99"}).status_code == 400
    assert client.get(url).status_code == 405


def test_a_membership_file_needs_its_member_and_association_columns(client, administrator):
    client.force_login(administrator)

    response = preview(client, csv_file("member,since\nmercury,2020\n"), model="membership")

    assert response.status_code == 400
    assert errors_of(response) == [
        "The file has no column “association”. Its first line names the columns."
    ]


def test_a_file_of_slugs_updates_without_names(client, administrator):
    lab = OrganizationFactory(name="Lab", slug="lab", city="Laval")
    client.force_login(administrator)

    import_file(client, csv_file("slug,city,country\nlab,Lyon,France\n"))

    lab.refresh_from_db()
    assert (lab.name_en, lab.city, lab.country.code, lab.version) == ("Lab", "Lyon", "FR", 2)


def test_an_excel_membership_takes_years_as_numbers_and_dates_as_days(
    client, administrator, association_a
):
    OrganizationFactory(slug="mercury", kind="company")
    client.force_login(administrator)
    rows = [["member", "association", "since", "until"]]
    rows.append(["mercury", "association-a", 2019, datetime.datetime(2024, 6, 21)])

    import_file(client, xlsx_file(rows), model="membership", file_format=XLSX_FORMAT)

    membership = Membership.objects.get()
    assert (str(membership.since_date), membership.since_precision) == ("2019", "year")
    assert (str(membership.until), membership.until_precision) == ("2024-06-21", "day")
