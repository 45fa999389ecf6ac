"""The admin's "New from a press release": read, review, create one draft agreement."""

import html
import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from agreements.choices import AgreementKind, PartyRole
from agreements.models import Agreement, Benefit, Commitment, Party, SourceDocument
from agreements.releases.text import MAX_CHARACTERS
from organizations.choices import Visibility
from organizations.models import Contact, Organization
from portal.dates import DatePrecision
from portal.publishing import Publication
from tests.factories import (
    AgreementFactory,
    EventFactory,
    OrganizationFactory,
    PartyFactory,
    SeriesFactory,
    StaffFactory,
)

URL = reverse("admin:agreements_agreement_from_release")

RELEASE = """Harbour BioAlliance and the Maritime Biotech Council sign a memorandum of understanding

HALIFAX, March 4, 2026 – The Maritime Biotech Council (MBC) and Harbour BioAlliance, the
regional life sciences cluster based in Saint John, New Brunswick, signed a two-year
memorandum of understanding while taking part in the Atlantic Bio Summit 2026. The
agreement was made possible with the support of the Ocean Frontier Fund.

Key benefits for members:
- Member rates at each other's annual conferences
- Introductions to investors and partners in both provinces

A first joint trade mission is scheduled for November 2026.

About the Maritime Biotech Council
The Council represents the region's life sciences companies.

Media contact:
Jane Smith
Communications Director, Maritime Biotech Council
"""


@pytest.fixture
def setting(association_a):
    """The council of the release is association A's own record; the summit is known."""
    association_a.name = association_a.name_en = association_a.name_fr = "Maritime Biotech Council"
    association_a.acronym = association_a.acronym_en = association_a.acronym_fr = "MBC"
    association_a.save()
    series = SeriesFactory(name="Atlantic Bio Summit", name_en="Atlantic Bio Summit")
    EventFactory(series=series, edition="2026", slug="atlantic-bio-summit-2026")
    index()
    return association_a


def index():
    """The search index, as the admin keeps it current when records are saved."""
    call_command("rebuild_search_index", verbosity=0, stdout=io.StringIO())


def read(client, text=RELEASE, **extra):
    return client.post(URL, {"step": "read", "text": text, **extra})


def review_data(response):
    """Every field of the review form as the page gives it (ticked boxes ticked)."""
    html = response.content.decode()
    form = html[html.index('class="release-fields"') :]
    form = form[: form.index("</form>")]
    data = {}
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", form):
        name = re.search(r'\bname="([^"]+)"', tag)
        if not name:
            continue
        name = name.group(1)
        if tag.startswith("<input"):
            kind = re.search(r'\btype="([^"]+)"', tag).group(1)
            if kind == "checkbox":
                if " checked" in tag:
                    data[name] = "on"
                continue
            if kind == "submit":
                continue
            value = re.search(r'\bvalue="([^"]*)"', tag)
            data[name] = unescape(value.group(1)) if value else ""
        elif tag.startswith("<select"):
            select = form[form.index(tag) :]
            select = select[: select.index("</select>")]
            chosen = re.findall(r'<option value="([^"]*)"[^>]*\bselected\b', select)
            if "multiple" in tag:
                data[name] = [unescape(v) for v in chosen]
            else:
                data[name] = unescape(chosen[0]) if chosen else ""
        else:
            area = form[form.index(tag) + len(tag) :]
            data[name] = unescape(area[: area.index("</textarea>")]).lstrip("\n")
    return data


def unescape(value):
    return html.unescape(value)


@pytest.fixture
def staff_client(client, staff_a):
    client.force_login(staff_a)
    return client


def test_staff_see_the_entry_point_on_the_agreements_list(staff_client):
    response = staff_client.get(reverse("admin:agreements_agreement_changelist"))
    assert URL in response.content.decode()
    assert "New from a press release" in response.content.decode()


def test_people_who_may_not_add_agreements_get_no_entry_point(client, member):
    member.is_staff = True
    member.save()
    client.force_login(member)
    assert client.get(URL).status_code in (302, 403)


def test_the_review_proposes_each_field_with_its_evidence_and_flags(staff_client, setting):
    response = read(staff_client)
    assert response.status_code == 200
    page = response.content.decode()
    data = review_data(response)
    assert data["kind"] == AgreementKind.MOU
    assert data["signed"] == "4 March 2026"
    assert data["place"] == "Halifax"
    assert data["term_months"] == "24"
    assert data["owner"] == str(setting.pk)
    # The known council is matched; the cluster is proposed as new, with what the text says.
    assert data["parties-0-organization"] == str(setting.pk)
    assert data["parties-0-role"] == PartyRole.SIGNATORY
    assert data["parties-1-organization"] == ""
    assert data["parties-1-new_name"] == "Harbour BioAlliance"
    assert data["parties-1-new_kind"] == "cluster"
    assert data["parties-1-new_city"] == "Saint John"
    assert data["parties-1-new_region"] == "New Brunswick"
    assert data["parties-2-role"] == PartyRole.SUPPORTER
    assert data["signing_event"] == str(
        Agreement._meta.get_field("signing_event")
        .related_model.all_objects.get(slug="atlantic-bio-summit-2026")
        .pk
    )
    assert data["benefits-0-text"] == "Member rates at each other's annual conferences"
    assert data["commitments-0-due"] == "November 2026"
    assert data["contacts-0-name"] == "Jane Smith"
    # The evidence is marked in the text and each field links to it.
    assert '<mark id="evidence-1"' in page
    assert 'href="#evidence-' in page
    # What the reader could not match says so.
    assert "Not found in the directory" in page
    assert Agreement.all_objects.count() == 0


def test_create_draft_writes_one_draft_agreement_with_its_rows(staff_client, setting, staff_a):
    data = review_data(read(staff_client))
    response = staff_client.post(URL, data)
    assert response.status_code == 302
    agreement = Agreement.all_objects.get()
    assert response["Location"] == reverse("admin:agreements_agreement_change", args=[agreement.pk])
    assert agreement.publication == Publication.DRAFT
    assert agreement.owner == setting
    assert agreement.kind == AgreementKind.MOU
    assert (agreement.signed_on.isoformat(), agreement.signed_on_precision) == (
        "2026-03-04",
        DatePrecision.DAY,
    )
    assert agreement.term_months == 24
    assert agreement.signing_event.slug == "atlantic-bio-summit-2026"
    rows = agreement.party_set.select_related("organization")
    parties = {party.organization.name: party for party in rows}
    assert set(parties) == {
        "Maritime Biotech Council",
        "Harbour BioAlliance",
        "Ocean Frontier Fund",
    }
    new = parties["Harbour BioAlliance"].organization
    assert (new.publication, new.owner, new.city, new.region, new.country) == (
        Publication.DRAFT,
        setting,
        "Saint John",
        "New Brunswick",
        "CA",
    )
    assert parties["Ocean Frontier Fund"].role == PartyRole.SUPPORTER
    assert Benefit.objects.filter(agreement=agreement).count() == 2
    commitment = Commitment.objects.get(agreement=agreement)
    assert (commitment.due_on.isoformat(), commitment.due_on_precision) == (
        "2026-11-01",
        DatePrecision.MONTH,
    )
    contact = Contact.objects.get(name="Jane Smith")
    assert (contact.organization, contact.visibility) == (setting, Visibility.STAFF)
    source = SourceDocument.objects.get(agreement=agreement)
    assert source.full_text.startswith("Harbour BioAlliance and the Maritime")
    assert source.language == "en"
    # The release's date is its dateline's.
    assert (source.published_on.isoformat(), source.published_on_precision) == (
        "2026-03-04",
        DatePrecision.DAY,
    )
    # Every record's history names the staff member who pressed the button.
    for record in [agreement, new, contact, source, commitment]:
        latest = record.history.latest()
        assert latest.history_user == staff_a
        assert latest.history_change_reason == "Created from a press release"


def test_pressing_create_draft_twice_creates_one(staff_client, setting):
    data = review_data(read(staff_client))
    first = staff_client.post(URL, data)
    second = staff_client.post(URL, data)
    assert first["Location"] == second["Location"]
    assert Agreement.all_objects.count() == 1
    assert Organization.all_objects.filter(name_en="Harbour BioAlliance").count() == 1
    messages = [str(m) for m in second.wsgi_request._messages]
    assert any("already recorded" in m for m in messages)


def test_the_draft_appears_nowhere_public(staff_client, client, setting):
    staff_client.post(URL, review_data(read(staff_client)))
    agreement = Agreement.all_objects.get()
    staff_client.logout()
    public = [
        reverse("agreements:list"),
        reverse("organizations:list"),
        "/en/search/?q=Harbour",
        reverse("feeds:agreements"),
        "/api/agreements/",
        "/sitemap.xml",
    ]
    for url in public:
        body = client.get(url).content.decode()
        assert "Harbour BioAlliance" not in body, url
        assert agreement.slug not in body, url
    assert client.get(f"/en/agreements/{agreement.slug}/").status_code == 404


def test_the_same_signatories_earlier_agreement_is_proposed_as_renewed(staff_client, setting):
    partner = OrganizationFactory(name="Harbour BioAlliance", name_en="Harbour BioAlliance")
    earlier = AgreementFactory(title="The 2021 MBC agreement")
    PartyFactory(agreement=earlier, organization=setting)
    PartyFactory(agreement=earlier, organization=partner)
    index()
    response = read(staff_client)
    assert review_data(response)["renews"] == str(earlier.pk)
    assert "same signatories already have this agreement" in response.content.decode()


def test_another_associations_agreement_cannot_be_named_as_renewed(
    staff_client, setting, association_b
):
    theirs = AgreementFactory(owner=association_b, title="B and C agreement")
    PartyFactory(agreement=theirs, organization=association_b)
    data = review_data(read(staff_client))
    data["renews"] = str(theirs.pk)

    response = staff_client.post(URL, data)

    assert response.status_code == 400
    assert (
        "Choose an agreement one of your associations manages: only its own staff may mark "
        "it renewed." in unescape(response.content.decode())
    )
    assert list(Agreement.all_objects.values_list("title", flat=True)) == ["B and C agreement"]


def test_an_agreement_already_renewed_by_a_signed_one_is_not_renewed_twice(staff_client, setting):
    earlier = AgreementFactory(owner=setting, title="Earlier")
    PartyFactory(agreement=earlier, organization=setting)
    AgreementFactory(owner=setting, title="Its renewal", renews=earlier)
    data = review_data(read(staff_client))
    data["renews"] = str(earlier.pk)
    data["signed"] = "2025-03-04"

    response = staff_client.post(URL, data)

    assert response.status_code == 400
    assert "“Its renewal”, signed, already renews it." in unescape(response.content.decode())
    assert Agreement.all_objects.count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "   "}, "Paste the press release or upload its file."),
        ({"text": "x" * (MAX_CHARACTERS + 1)}, "the most that can be read is"),
        ({"text": "Der Vertrag wurde heute unterzeichnet und gilt für zwei Jahre."}, "neither"),
    ],
)
def test_bad_text_is_refused_with_its_reason(staff_client, data, message):
    response = staff_client.post(URL, {"step": "read", **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Agreement.all_objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("release.pdf", b"just some text", "not the .pdf file"),
        ("release.docx", b"%PDF-1.4 not a docx", "not the .docx file"),
        ("release.exe", b"MZ", "Upload a .txt, .html, .pdf or .docx file"),
        ("release.txt", b"%PDF-1.7\n", "not the .txt file"),
    ],
)
def test_bad_files_are_refused_with_their_reason(staff_client, name, content, message):
    upload = SimpleUploadedFile(name, content)
    response = staff_client.post(URL, {"step": "read", "file": upload})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_scanned_pdf_is_refused(staff_client):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    upload = SimpleUploadedFile("scan.pdf", buffer.getvalue())
    response = staff_client.post(URL, {"step": "read", "file": upload})
    assert response.status_code == 400
    assert "no text layer" in response.content.decode()


def test_an_uploaded_docx_is_read(staff_client, setting):
    import docx

    document = docx.Document()
    for paragraph in RELEASE.split("\n\n"):
        document.add_paragraph(paragraph.replace("\n", " "))
    buffer = io.BytesIO()
    document.save(buffer)
    upload = SimpleUploadedFile("release.docx", buffer.getvalue())
    response = staff_client.post(URL, {"step": "read", "file": upload})
    assert response.status_code == 200
    assert review_data(response)["kind"] == AgreementKind.MOU


def test_text_and_file_together_are_refused(staff_client):
    upload = SimpleUploadedFile("release.txt", RELEASE.encode())
    response = staff_client.post(URL, {"step": "read", "text": RELEASE, "file": upload})
    assert response.status_code == 400
    assert "not both" in response.content.decode()


def test_errors_are_in_french_on_the_french_admin(staff_client):
    response = staff_client.post(URL, {"step": "read", "text": ""}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert "Collez le communiqué" in response.content.decode()


def test_a_review_with_errors_saves_nothing_and_says_what_to_fix(staff_client, setting):
    data = review_data(read(staff_client))
    data["kind"] = ""
    data["signed"] = "31 February 2026"
    data["parties-1-new_kind"] = ""
    data["term_months"] = "-3"
    response = staff_client.post(URL, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was recorded" in page
    assert "is not on the calendar" in page
    assert "Say what kind of organization this new one is." in page
    # The text and its evidence are still beside the form.
    assert '<mark id="evidence-1"' in page
    assert Agreement.all_objects.count() == 0
    assert not Organization.all_objects.filter(name_en="Harbour BioAlliance").exists()


def test_a_tampered_review_is_refused_without_a_500(staff_client, setting):
    data = review_data(read(staff_client))
    for name, value in [
        ("key", "not-a-uuid"),
        ("parties-0-organization", "999999"),
        ("parties-TOTAL_FORMS", "100000"),
        ("contacts-0-party", "7"),
        ("text", ""),
    ]:
        response = staff_client.post(URL, {**data, name: value})
        assert response.status_code == 400, name
    assert Agreement.all_objects.count() == 0
    # The evidence only shows where fields came from: unreadable, it is left out.
    response = staff_client.post(URL, {**data, "evidence": "[1, 2", "flags": "{"})
    assert response.status_code == 302


def test_no_party_recorded_is_refused(staff_client, setting):
    data = review_data(read(staff_client))
    for key in [k for k in data if k.endswith("-include") and k.startswith("parties")]:
        del data[key]
    response = staff_client.post(URL, data)
    assert response.status_code == 400
    assert "Record at least one party" in response.content.decode()


def test_contacts_of_another_associations_record_are_not_added(
    client, setting, association_b, staff_b
):
    """Staff of B reading a release naming A's contact: A's record is not theirs."""
    client.force_login(staff_b)
    data = review_data(read(client))
    # A's contact is proposed unticked to B's staff; ticked, it is refused.
    assert "contacts-0-include" not in data
    data["contacts-0-include"] = "on"
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "Only the staff who manage this organization" in response.content.decode()
    del data["contacts-0-include"]
    assert client.post(URL, data).status_code == 302
    assert not Contact.objects.filter(name="Jane Smith").exists()
    assert Agreement.all_objects.get().owner == association_b


def test_another_associations_draft_is_not_offered(client, setting, association_b, staff_b):
    """A draft organization of A's is unknown to B's staff: proposed as new, not matched."""
    hidden = OrganizationFactory(
        name="Harbour BioAlliance",
        name_en="Harbour BioAlliance",
        publication=Publication.DRAFT,
        owner=setting,
    )
    client.force_login(staff_b)
    data = review_data(read(client))
    assert data["parties-1-organization"] == ""
    data["parties-1-organization"] = str(hidden.pk)
    response = client.post(URL, data)
    assert response.status_code == 400
    assert Agreement.all_objects.count() == 0


def test_the_staff_of_one_association_manage_the_draft_only_as_theirs(client, setting, staff_b):
    client.force_login(staff_b)
    data = review_data(read(client))
    data["owner"] = str(setting.pk)
    response = client.post(URL, data)
    assert response.status_code == 400
    assert Agreement.all_objects.count() == 0


def test_a_french_release_is_read_and_recorded_in_french(staff_client, setting):
    release = """Le Maritime Biotech Council et Harbour BioAlliance signent un protocole d'entente

HALIFAX, le 4 mars 2026 – Le Maritime Biotech Council (MBC) et Harbour BioAlliance ont
signé un protocole d'entente pour une durée de trois ans.
"""
    data = review_data(read(staff_client, release))
    assert data["language"] == "fr"
    assert data["term_months"] == "36"
    staff_client.post(URL, data)
    agreement = Agreement.all_objects.get()
    assert agreement.title_fr == data["title"]
    assert SourceDocument.objects.get().language == "fr"


def test_staff_without_an_association_cannot_open_it(client, db):
    loner = StaffFactory(username="loner", associations=[])
    client.force_login(loner)
    assert client.get(URL).status_code == 403


def test_the_review_screen_runs_a_fixed_number_of_queries(
    staff_client, setting, django_assert_max_num_queries
):
    for number in range(30):
        OrganizationFactory(name=f"Unrelated Life Sciences Group {number}")
    with django_assert_max_num_queries(60):
        read(staff_client)


def test_a_benefit_needs_a_description(staff_client, setting):
    data = review_data(read(staff_client))
    data["benefits-0-text"] = "  "
    response = staff_client.post(URL, data)
    assert response.status_code == 400
    assert "Describe the benefit, or untick it." in response.content.decode()


def test_an_added_party_row_is_recorded(staff_client, setting, association_b):
    data = review_data(read(staff_client))
    extra = int(data["parties-TOTAL_FORMS"]) - 1
    data[f"parties-{extra}-organization"] = str(association_b.pk)
    data[f"parties-{extra}-role"] = PartyRole.FACILITATOR
    data[f"parties-{extra}-include"] = "on"
    assert staff_client.post(URL, data).status_code == 302
    party = Party.objects.get(organization=association_b)
    assert party.role == PartyRole.FACILITATOR


def test_the_associations_own_draft_organization_is_matched(staff_client, setting):
    """The index holds published records only; staff's own drafts are matched too."""
    draft = OrganizationFactory(
        name="Harbour BioAlliance",
        name_en="Harbour BioAlliance",
        publication=Publication.DRAFT,
        owner=setting,
    )
    data = review_data(read(staff_client))
    assert data["parties-1-organization"] == str(draft.pk)


def test_a_recorded_organization_spelled_differently_is_matched(staff_client, setting):
    """A spelling the index does not give is still compared with the directory."""
    recorded = OrganizationFactory(name="Harbor BioAlliance", name_en="Harbor BioAlliance")
    index()
    data = review_data(read(staff_client))
    assert data["parties-1-organization"] == str(recorded.pk)
    assert data["parties-1-new_name"] == ""


def test_a_docx_that_unpacks_to_more_than_a_release_is_refused_unread(staff_client, monkeypatch):
    import zipfile

    from agreements.releases import text

    # A zip bomb unpacks to gigabytes; the limit is lowered to keep the test small.
    monkeypatch.setattr(text, "MAX_UNPACKED_BYTES", 100_000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<" + b" " * 200_000 + b"/>")
    upload = SimpleUploadedFile("release.docx", buffer.getvalue())
    response = staff_client.post(URL, {"step": "read", "file": upload})
    assert response.status_code == 400
    assert "not the .docx file" in response.content.decode()


BROKEN = Path(__file__).resolve().parent / "data" / "broken"


def docx_with(transform):
    """A .docx of the release whose document.xml ``transform`` rewrites."""
    import zipfile

    import docx

    document = docx.Document()
    document.add_paragraph(RELEASE)
    buffer = io.BytesIO()
    document.save(buffer)
    original = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "word/document.xml":
                data = transform(data)
            archive.writestr(item, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        # Found by fuzzing pypdf through the view: errors pypdf raises besides PdfReadError.
        ("broken.pdf", lambda: (BROKEN / "pdf-attribute-error.pdf").read_bytes()),
        ("limit.pdf", lambda: (BROKEN / "pdf-limit-reached.pdf").read_bytes()),
        ("malformed.docx", lambda: docx_with(lambda xml: b"<not xml")),
        ("truncated.docx", lambda: docx_with(lambda xml: xml[: len(xml) // 2])),
    ],
)
def test_broken_files_are_refused_with_a_message_not_a_500(staff_client, name, content):
    upload = SimpleUploadedFile(name, content())
    response = staff_client.post(URL, {"step": "read", "file": upload}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert "Le fichier n'est pas le fichier" in html.unescape(response.content.decode())


def test_a_docx_of_endless_empty_paragraphs_is_read_only_so_far(staff_client, monkeypatch):
    from agreements.releases import text

    monkeypatch.setattr(text, "MAX_PARAGRAPHS", 50)
    paragraphs = b"<w:p/>" * 5000
    data = docx_with(lambda xml: xml.replace(b"<w:body>", b"<w:body>" + paragraphs, 1))
    response = staff_client.post(
        URL, {"step": "read", "file": SimpleUploadedFile("empty.docx", data)}
    )
    # Only empty paragraphs were read: nothing to review.
    assert response.status_code == 400
    assert "The press release is empty." in response.content.decode()


def test_control_characters_are_taken_out_of_the_text(staff_client, setting):
    text = RELEASE.replace("Harbour BioAlliance", "Harbour\u202e Bio\x1bAlliance\x0b", 1)
    data = review_data(read(staff_client, text))
    assert "\u202e" not in data["text"]
    assert "\x1b" not in data["text"]


def test_a_text_of_names_upon_names_is_read_with_a_bounded_number_of_queries(
    staff_client, setting, django_assert_max_num_queries
):
    names = " ".join(
        f"the Zebulon{n} Association and the Université Quixote{n} signed with" for n in range(800)
    )
    with django_assert_max_num_queries(400):
        response = read(staff_client, names)
    assert response.status_code == 200
    # No agreement has hundreds of parties: the first are proposed.
    assert int(review_data(response)["parties-TOTAL_FORMS"]) <= 31


def test_errors_of_the_pages_hidden_fields_are_shown(staff_client, setting):
    data = review_data(read(staff_client))
    response = staff_client.post(URL, {**data, "text": "   "})
    assert response.status_code == 400
    assert "The press release is empty." in response.content.decode()


def test_a_review_posted_with_another_associations_key_says_nothing_of_it(
    client, staff_client, setting, staff_b, association_b
):
    data = review_data(read(staff_client))
    assert staff_client.post(URL, data).status_code == 302
    title = Agreement.all_objects.get().title
    client.force_login(staff_b)
    response = client.post(URL, {**data, "owner": str(association_b.pk)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This review cannot be used: read the release again." in page
    assert f"draft “{title}”" not in page
    assert Agreement.all_objects.count() == 1


def test_flags_are_shown_in_the_language_of_the_page_after_an_error(staff_client, setting):
    data = review_data(read(staff_client))
    data["kind"] = ""
    response = staff_client.post(URL, data, HTTP_ACCEPT_LANGUAGE="fr")
    page = html.unescape(response.content.decode())
    assert "Absente du répertoire" in page
    assert "Not found in the directory" not in page
    assert "Titre de l'entente" in page


def test_a_slug_taken_at_the_same_moment_gives_the_next_one(staff_client, setting, monkeypatch):
    from agreements.releases import record

    data = review_data(read(staff_client))
    taken = AgreementFactory(slug="taken-slug")
    calls = []
    real = record.unique_slug

    def racing(model, text, fallback):
        # The first time, another request has just taken the slug it returns.
        calls.append(model)
        if model is Agreement and calls.count(Agreement) == 1:
            return taken.slug
        return real(model, text, fallback)

    monkeypatch.setattr(record, "unique_slug", racing)
    assert staff_client.post(URL, data).status_code == 302
    assert Agreement.all_objects.count() == 2
