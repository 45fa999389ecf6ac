import html
import json
import re
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from agreements.models import Agreement
from events.models import Event
from organizations.models import Organization
from portal import query_text
from portal.signals import admin_saved
from search import indexing, querying, results
from search.documents import MODELS, names_of
from search.models import POSTINGS, SearchKind, SearchName, SearchTerm
from tests.factories import AgreementFactory, OrganizationFactory, PartyFactory
from tests.test_pages_helpers import read_html

CASES_FILE = Path(__file__).parent / "data" / "search-relevance.json"
SHARED_CASES_FILE = Path(__file__).resolve().parents[2] / "shared" / "search-relevance.json"
CASES = json.loads(CASES_FILE.read_text(encoding="utf-8"))["cases"]
LANGUAGES = ["en", "fr"]

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans")


def ranked(query, language="en"):
    """The global search's results across kinds, best first."""
    found = results.search(query, language)
    return sorted((r for group in found.groups for r in group.results), key=lambda r: -r.rank)


def ranked_titles(query, language="en"):
    return [result.title for result in ranked(query, language)]


def select(content, selector):
    return read_html(content).select(selector)


def text_of(element):
    return element.text


def names_of_result(result):
    """Every name a result goes by, in both languages: a case names it in English."""
    return names_of(result.kind, result.record)


@pytest.mark.skipif(not SHARED_CASES_FILE.is_file(), reason="shared/ is not beside the checkout")
def test_the_relevance_cases_are_those_the_product_asks_for():
    assert json.loads(SHARED_CASES_FILE.read_text(encoding="utf-8")) == json.loads(
        CASES_FILE.read_text(encoding="utf-8")
    )


# Typo tolerance is the same on both databases now: every case runs on each, asked
# from the English and the French pages.
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", CASES, ids=[case["q"] for case in CASES])
def test_search_finds_what_visitors_look_for(case, language, demo_data):
    found = ranked(case["q"], language)

    if "top1" in case:
        assert found, case
        assert case["top1"] in names_of_result(found[0]), [r.title for r in found[:3]]
    else:
        top3 = [name for result in found[:3] for name in names_of_result(result)]
        assert any(want in name for name in top3 for want in case["top3_includes_any"]), top3


def test_search_ignores_accents_and_capitals(demo_data):
    assert ranked_titles("MONTRÉAL INVIVO")[:1] == ["Montréal InVivo"]
    assert ranked_titles("montreal invivo")[:1] == ["Montréal InVivo"]
    assert ranked_titles("lyonbiopôle")[:1] == ["Lyonbiopôle"]


def test_french_search_reads_french_titles(demo_data):
    titles = ranked_titles("entente de coopération", "fr")

    assert "Entente de coopération BIOQuébec – MassBio" in titles[:3]


def test_an_exact_name_comes_before_names_that_hold_its_words(db):
    OrganizationFactory(name="Genomics Ontario Network")
    OrganizationFactory(name="Ontario Genomics")
    OrganizationFactory(name="Genomics Institute of Ontario")
    indexing.rebuild()

    assert ranked_titles("ontario genomics")[:1] == ["Ontario Genomics"]
    assert ranked_titles("Genomics, Ontario!")[:1] == ["Ontario Genomics"]


def test_an_acronym_comes_first(db):
    OrganizationFactory(name="Coastal Research Alliance", acronym="CRA")
    OrganizationFactory(name="Cra Valley Foods", description="CRA approved.")
    indexing.rebuild()

    assert ranked_titles("cra")[:1] == ["Coastal Research Alliance"]


# ------------------------------------------------------------------ either language


@pytest.fixture
def bilingual_lab(db):
    organization = OrganizationFactory(
        name_en="Harbour Laboratories",
        name_fr="Laboratoires du Port",
        description_en="Gene therapy for rare diseases.",
        description_fr="Thérapie génique pour les maladies rares.",
    )
    indexing.rebuild()
    return organization


@pytest.mark.parametrize(
    ("query", "language", "title", "snippet_language"),
    [
        ("thérapie génique", "en", "Harbour Laboratories", "fr"),
        ("therapie genique", "fr", "Laboratoires du Port", None),
        ("gene therapy", "fr", "Laboratoires du Port", "en"),
        ("gene therapy", "en", "Harbour Laboratories", None),
        ("laboratoires du port", "en", "Harbour Laboratories", None),
    ],
)
def test_either_language_finds_a_record_once_in_the_page_language(
    bilingual_lab, query, language, title, snippet_language
):
    (result,) = ranked(query, language)

    assert result.title == title
    # The sentence that matched, marked, in the language it is written in.
    assert result.snippet_language == snippet_language
    if "port" not in query:
        assert result.snippet.count("<mark>") == 2


def test_the_search_page_says_in_which_language_a_snippet_is_written(client, bilingual_lab):
    content = search_page(client, "thérapie génique", "en").content.decode()

    (snippet,) = select(content, "p.snippet")
    assert snippet["lang"] == "fr"
    assert text_of(snippet) == "Thérapie génique pour les maladies rares."


def test_demo_phrases_are_found_from_the_other_language(demo_data):
    english_page = ranked_titles("sciences de la vie", "en")
    french_page = ranked_titles("soft landing", "fr")

    assert "Life Sciences Ontario" in english_page
    assert len(english_page) == len(set(english_page))
    assert french_page == [
        "Entente Montréal InVivo – Lyonbiopôle – i-Care pour l'internationalisation des PME"
    ]


# ------------------------------------------------------------------ typos


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_misspelled_word_finds_what_its_correction_finds(demo_data, language):
    assert set(ranked_titles("Sherbroke", language)) == set(ranked_titles("Sherbrooke", language))
    assert ranked_titles("Sherbroke", language)


def test_the_page_asks_did_you_mean_with_the_word_as_the_records_write_it(client, demo_data):
    content = search_page(client, "sherbroke").content.decode()

    (notice,) = select(content, ".did-you-mean")
    assert text_of(notice) == "Did you mean Sherbrooke?"
    assert notice.a["href"] == "/en/search/?q=Sherbrooke"


def test_a_correctly_spelled_word_is_not_corrected(client, demo_data):
    content = search_page(client, "oncopole").content.decode()

    assert select(content, ".did-you-mean") == []


def test_typos_in_several_words_are_each_corrected(demo_data):
    titles = ranked_titles("Massachusets biotechnolgy")

    assert titles[:1] == ["MassBio"]


def test_a_word_is_matched_by_the_words_it_starts(demo_data):
    assert ranked_titles("lyonbio")[:1] == ["Lyonbiopôle"]


def test_small_words_of_either_language_do_not_stop_a_match(demo_data):
    assert ranked_titles("the université de la sherbrooke")[:1] == ["Université de Sherbrooke"]


# ------------------------------------------------------------------ what a result shows


def test_a_snippet_shows_the_matched_words_marked_and_escaped(db):
    OrganizationFactory(
        name="Harbour Diagnostics",
        description="Rapid <script>alert(1)</script> assays for sepsis in emergency rooms.",
    )
    indexing.rebuild()

    (result,) = ranked("sepsis")

    assert result.snippet == (
        "Rapid &lt;script&gt;alert(1)&lt;/script&gt; assays for <mark>sepsis</mark> "
        "in emergency rooms."
    )


def test_a_snippet_marks_accented_words_matched_without_accents(db):
    OrganizationFactory(name="Cité Santé", description="Réseau québécois de génomique.")
    indexing.rebuild()

    (result,) = ranked("genomique", "fr")

    assert result.snippet == "Réseau québécois de <mark>génomique</mark>."


def test_a_snippet_is_the_sentence_that_holds_most_words(db):
    OrganizationFactory(
        name="Northwind Bio",
        description=(
            "Northwind works in Halifax. It runs cell therapy trials. "
            "Its cell therapy trials recruit across Atlantic Canada."
        ),
    )
    indexing.rebuild()

    (result,) = ranked("cell therapy atlantic")

    assert result.snippet == (
        "Its <mark>cell</mark> <mark>therapy</mark> trials recruit across "
        "<mark>Atlantic</mark> Canada."
    )


def record_texts(result):
    fields = results.SNIPPET_TEXTS[result.kind]
    return [
        getattr(result.record, f"{name}_{language}") or ""
        for name in fields
        for language in LANGUAGES
    ]


@pytest.mark.parametrize("query", ["quebec", "life sciences", "cancer lyon", "boston 2016"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_snippets_are_sentences_of_the_records_own_text(demo_data, query, language):
    found = ranked(query, language)

    assert found
    for result in found:
        if result.snippet:
            plain = html.unescape(re.sub(r"</?mark>", "", result.snippet)).strip("…")
            assert any(plain in text for text in record_texts(result)), result.snippet
            assert " | " not in plain


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_result_shows_its_kind_place_and_date(client, demo_data, language):
    content = search_page(client, "boston", language).content.decode()

    metas = {
        text_of(card.select_one(".card-title")): text_of(card.select_one(".card-meta"))
        for card in select(content, ".search-results .card")
    }
    if language == "en":
        assert metas["Québec Delegation in Boston"] == (
            "Government body · Boston, Massachusetts, United States of America"
        )
        assert metas["BIOQuébec – MassBio cooperation agreement"].startswith(
            "Cooperation agreement · "
        )
        assert metas["Québec life sciences mission to Boston 2016"] == (
            "Trade mission · Boston, Massachusetts, United States of America · March 2016"
        )
    else:
        assert metas["Mission québécoise en sciences de la vie à Boston 2016"] == (
            "Mission commerciale · Boston, Massachusetts, États-Unis d'Amérique · mars 2016"
        )


# ------------------------------------------------------------------ totals


def test_one_word_gives_the_exact_total_and_the_list_holds_them_all(client, db):
    for n in range(14):
        OrganizationFactory(name=f"Tidal Genomics {n}")
    indexing.rebuild()

    content = search_page(client, "tidal").content.decode()

    (total,) = select(content, "#group-organization + .search-total")
    assert text_of(total) == "14 organizations"
    assert len(select(content, ".search-results .card")) == 10
    (more,) = select(content, "a.more")
    assert more["href"] == "/en/organizations/?q=tidal"
    listed = client.get(more["href"])
    assert listed.context["page_obj"].paginator.count == 14


def test_several_words_give_a_total_estimated_from_a_sample(db, monkeypatch):
    call_command(
        "generate_data", organizations=1500, agreements=20, events=20, benefits=0, verbosity=0
    )
    monkeypatch.setattr(querying, "SAMPLE_SIZE", 40)
    query = "research centre"
    exact = Organization.objects.filter(
        pk__in=querying.matching_ids(SearchKind.ORGANIZATION, query)
    ).count()

    (group,) = [g for g in results.search(query, "en").groups if g.kind == "organization"]

    assert exact > 100
    assert group.estimated
    assert 0.7 * exact <= group.total <= 1.3 * exact


def test_an_estimated_total_is_written_about_and_rounded(client, db, monkeypatch):
    for n in range(130):
        OrganizationFactory(name=f"Tidal Genomics {n}", description="Tidal genomics.")
    indexing.rebuild()
    monkeypatch.setattr(querying, "SAMPLE_SIZE", 50)

    content = search_page(client, "tidal genomics").content.decode()

    (total,) = select(content, "#group-organization + .search-total")
    assert text_of(total) == "about 130 organizations"
    with translation.override("fr"):
        content = search_page(client, "tidal genomics", "fr").content.decode()
    (total,) = select(content, "#group-organization + .search-total")
    assert text_of(total) == "environ 130 organisations"


# ------------------------------------------------------------------ the page


def search_page(client, query, language="en"):
    with translation.override(language):
        url = reverse("search")
    return client.get(url, {"q": query})


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "Organizations"), ("fr", "Organisations")]
)
def test_the_search_page_groups_results_in_each_language(client, demo_data, language, heading):
    response = search_page(client, "oncopole", language)

    content = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in content
    assert f'<h2 id="group-organization">{heading}</h2>' in content
    expected = "Québec Oncopole" if language == "en" else "Oncopole du Québec"
    assert f">{expected}</a></h3>" in content


def test_the_kind_with_the_best_match_comes_first(client, demo_data):
    def headings(query, language="en"):
        content = search_page(client, query, language).content.decode()
        return [text_of(h) for h in select(content, ".search-group h2")]

    # "Centre Jacques Cartier" covers more of its name than "Entretiens Jacques
    # Cartier 2018" does; only the events are named "Entretiens".
    assert headings("jacques cartier")[0] == "Organizations"
    assert headings("entretiens jacques cartier")[0] == "Events"
    assert headings("protocole d'entente", "fr")[0] == "Ententes"


def test_switching_language_keeps_the_query(client, demo_data):
    response = search_page(client, "cancer lyon")

    assert 'href="/fr/recherche/?q=cancer+lyon"' in response.content.decode()


def test_the_header_search_box_goes_to_the_search_page(client, demo_data):
    content = client.get(reverse("home")).content.decode()

    assert f'action="{reverse("search")}"' in content


BAD_QUERIES = [
    "",
    "   ",
    "x" * 10_000,
    '"',
    "'",
    "& | ! : * ( ) < >",
    "!!!",
    "(((",
    "a:*",
    "\x00\x01\x1f",
    "Robert'); DROP TABLE organizations_organization;--",
    "<script>alert('x')</script>",
    "%_%",
    "\\",
    "ü" * 300,
    "the of de la",
    "é" * 41 + " " + "q" * 39,
    " ".join(["sherbrooke"] * 40),
]


@pytest.mark.parametrize("query", BAD_QUERIES, ids=range(len(BAD_QUERIES)))
@pytest.mark.parametrize("language", LANGUAGES)
def test_bad_queries_answer_calmly(client, demo_data, query, language):
    response = search_page(client, query, language)

    content = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in content
    cleaned = query_text.clean_query(query)
    if cleaned:
        assert f'value="{escape(cleaned)}"' in content


def test_a_query_with_no_match_says_so(client, demo_data):
    content = search_page(client, "zyxwvut").content.decode()

    assert "Nothing matches “zyxwvut”." in content


def test_a_query_of_small_words_only_matches_nothing(client, demo_data):
    content = search_page(client, "of the").content.decode()

    assert "Nothing matches “of the”." in content


def test_a_query_is_cut_to_two_hundred_characters(client, demo_data):
    content = search_page(client, "oncopole " + "y" * 500).content.decode()

    cut = ("oncopole " + "y" * 500)[:200]
    assert f'value="{cut}"' in content
    assert "Only the first 200 characters of your search were used." in content


@pytest.mark.parametrize("extra", [0, 7])
def test_the_search_page_runs_a_fixed_number_of_queries(
    client, db, django_assert_num_queries, extra
):
    for n in range(extra + 1):
        agreement = AgreementFactory(title=f"Genomics accord {n}")
        PartyFactory(agreement=agreement, organization=OrganizationFactory(name=f"Genomics {n}"))
    indexing.rebuild()

    # The vocabulary, the candidates of every kind, then the organizations and
    # agreements found.
    with django_assert_num_queries(4):
        response = search_page(client, "genomics")

    assert response.status_code == 200


def test_a_misspelled_query_runs_as_many_queries(client, db, django_assert_num_queries):
    OrganizationFactory(name="Genomics Canada")
    indexing.rebuild()

    with django_assert_num_queries(3):
        response = search_page(client, "genomcs")

    assert "Did you mean" in response.content.decode()


# ------------------------------------------------------------------ the index


def test_an_organization_renamed_in_the_admin_is_found_by_its_new_name(
    client, administrator, demo_data
):
    organization = OrganizationFactory(name="Northbridge Genomics", slug="northbridge")
    indexing.index(SearchKind.ORGANIZATION, [organization.pk])
    client.force_login(administrator)
    form = {
        "name_en": "Southgate Proteomics",
        "name_fr": "",
        "acronym_en": "",
        "acronym_fr": "",
        "slug": "northbridge",
        "kind": "company",
        "member_count_qualifier": "exact",
        "member_count_as_of_precision": "day",
        "publication": "published",
        "same_in_both_languages": "on",
        "country": "CA",
        "expected_version": organization.version,
    }
    for prefix in ("contacts", "relationships_out", "memberships"):
        form |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}

    response = client.post(
        reverse("admin:organizations_organization_change", args=[organization.pk]), form
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert ranked_titles("southgate proteomics")[:1] == ["Southgate Proteomics"]
    assert ranked_titles("northbridge genomics") == []


def test_agreements_are_found_by_their_parties(db):
    organization = OrganizationFactory(name="Kestrel Biologics", acronym="KSB")
    agreement = AgreementFactory(title="Memorandum on shared laboratories")
    PartyFactory(agreement=agreement, organization=organization)
    indexing.rebuild()

    assert ranked_titles("KSB") == ["Kestrel Biologics", "Memorandum on shared laboratories"]


def test_deleting_a_record_removes_it_from_search(db):
    organization = OrganizationFactory(name="Ephemeral Therapeutics")
    indexing.rebuild()

    organization.delete()

    assert ranked_titles("ephemeral") == []
    assert not POSTINGS[SearchKind.ORGANIZATION].objects.exists()
    assert not SearchName.objects.exists()


def vocabulary_counts():
    return {
        term.word: (term.organization_count, term.agreement_count, term.event_count)
        for term in SearchTerm.objects.all()
        if term.organization_count or term.agreement_count or term.event_count
    }


def postings_counts():
    """What the vocabulary's counts should say: the postings of each word, by kind."""
    counted = {
        kind: Counter(POSTINGS[kind].objects.values_list("term__word", flat=True))
        for kind in SearchKind.values
    }
    words = set().union(*counted.values())
    return {word: tuple(counted[kind][word] for kind in SearchKind.values) for word in words}


def test_saves_and_deletions_keep_the_vocabulary_counts_right(
    demo_data, django_capture_on_commit_callbacks
):
    indexing.rebuild()
    massbio = Organization.objects.get(slug="massbio")
    Organization.objects.filter(pk=massbio.pk).update(
        name_en="Massachusetts Biotechnology Council", description_en="Cambridge based."
    )
    agreement = Agreement.objects.first()
    Agreement.objects.filter(pk=agreement.pk).update(title_en="Renamed pact")

    admin_saved.send(sender=Organization, instance=massbio)
    admin_saved.send(sender=Agreement, instance=agreement)
    unsigned = Organization.objects.filter(parties__isnull=True).values_list("pk", flat=True)
    with django_capture_on_commit_callbacks(execute=True):
        Event.objects.filter(pk=Event.objects.first().pk).delete()
        Organization.objects.filter(pk__in=list(unsigned[:3])).delete()
    for kind, model in MODELS.items():
        indexing.index(kind, model.objects.values("pk")[:7])

    assert vocabulary_counts() == postings_counts()
    incremental = vocabulary_counts()
    indexing.rebuild()
    assert vocabulary_counts() == incremental


# ------------------------------------------------------------------ the lists


def test_the_organization_list_words_use_the_search_engine(client, demo_data):
    response = client.get(reverse("organizations:list"), {"q": "Montreal Invivo"})

    titles = re.findall(
        r'class="card-title"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )
    assert response.status_code == 200
    # BiopolisQuébec's description names Montréal InVivo, a member of the alliance.
    assert titles == ["BiopolisQuébec", "Montréal InVivo"]


def test_list_words_match_either_language_and_typos(client, demo_data):
    response = client.get(reverse("agreements:list"), {"q": "soft landing"})
    french = client.get("/fr/ententes/", {"q": "soft landing"})
    typo = client.get(reverse("organizations:list"), {"q": "Sherbroke"})

    assert response.context["page_obj"].paginator.count == 1
    assert french.context["page_obj"].paginator.count == 1
    assert {o.name for o in typo.context["page_obj"]} >= {
        "Université de Sherbrooke",
        "Sherbrooke Innopole",
    }


def test_list_words_combine_with_the_other_filters(client, demo_data):
    response = client.get(reverse("agreements:list"), {"q": "life sciences ontario", "kind": "mou"})

    content = response.content.decode()
    assert content.count('class="card-title"') == 2
    assert "MassBio" not in content.split("browse-results")[1]


# ------------------------------------------------------------------ PostgreSQL plans


@pytest.fixture
def thousands_of_records(demo_data):
    """Enough rows for PostgreSQL's planner to choose as it would in production."""
    call_command(
        "generate_data", organizations=3000, agreements=600, events=900, benefits=300, verbosity=0
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@on_postgresql
@pytest.mark.parametrize("query", ["quebec", "Oncopol", "life sciences ontario", "Sherbroke"])
def test_postgresql_reads_the_best_few_from_the_indexes(thousands_of_records, query):
    with CaptureQueriesContext(connection) as captured:
        results.search(query, "en")
    (candidates,) = [q["sql"] for q in captured.captured_queries if "UNION ALL" in q["sql"]]

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + candidates)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "Seq Scan" not in plan, plan
    # Each word's records come from the index of its postings (in names, or all).
    assert "search_org_name_idx" in plan, plan
    assert "search_org_term_idx" in plan or "search_organizationposting_pkey" in plan, plan


def test_the_rebuild_command_indexes_every_record(db):
    OrganizationFactory(name="Harbour Diagnostics")
    AgreementFactory(title="Harbour accord")
    out = StringIO()

    call_command("rebuild_search_index", stdout=out)

    assert out.getvalue() == "2 records indexed.\n"
    assert set(ranked_titles("harbour")) == {"Harbour Diagnostics", "Harbour accord"}


@pytest.mark.parametrize("query", ["lyon biopole", "Lyon Biopôle", "lyonbiopole"])
def test_a_name_written_as_one_word_is_found_when_typed_as_two(demo_data, query):
    assert ranked_titles(query)[:1] == ["Lyonbiopôle"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("universities", "McGill University"),
        ("universités", "Université de Montréal"),
        ("foundations", "Fondation Léa et Napoléon Bullukian"),
    ],
)
def test_a_plural_finds_records_named_in_the_singular(demo_data, query, expected):
    assert expected in ranked_titles(query)[:3]


@pytest.mark.parametrize(
    ("query", "correction"), [("Xherbrooke", "Sherbrooke"), ("kancer", "Cancer")]
)
def test_a_typo_in_the_first_letter_is_corrected(client, demo_data, query, correction):
    content = search_page(client, query).content.decode()

    (notice,) = select(content, ".did-you-mean")
    assert text_of(notice) == f"Did you mean {correction}?"


def test_a_short_word_is_not_corrected_into_another_word(demo_data):
    assert ranked_titles("rare disease") == []


def test_did_you_mean_keeps_the_words_typed_correctly(client, demo_data):
    content = search_page(client, "Université de Sherbroke").content.decode()

    (notice,) = select(content, ".did-you-mean")
    assert text_of(notice) == "Did you mean Université de Sherbrooke?"


@pytest.mark.parametrize("url_name", ["organizations:list", "events:list", "agreements:list"])
def test_list_words_take_as_many_words_as_a_query_holds(client, demo_data, url_name):
    words = "lyon montreal quebec canada france cancer research health life sciences"

    response = client.get(reverse(url_name), {"q": words, "when": "all"})

    assert response.status_code == 200
    # The words narrowed the list: no demo record holds all eight that are matched.
    assert response.context["page_obj"].paginator.count == 0
