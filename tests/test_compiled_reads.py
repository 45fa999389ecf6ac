"""A compiled read (portal.compiled_reads) answers what its queryset would, compiled once."""

import datetime

import pytest
from django.db.models import (
    BooleanField,
    CharField,
    DateField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    Value,
)
from django.db.models.functions import Cast
from django.utils import translation

from agreements.models import Agreement, Commitment, SourceDocument
from portal import compiled_reads
from portal.compiled_reads import (
    CompiledRead,
    Parameter,
    compile_values,
    load_related,
    loaded,
)
from tests.factories import AgreementFactory, CommitmentFactory, SourceDocumentFactory

pytestmark = pytest.mark.django_db

AGREEMENT = Parameter("agreement", IntegerField())


def titles(**filters):
    return (
        Agreement.objects.rewrite(False)
        .filter(**filters)
        .order_by("title_en")
        .values("slug", "title_en", "signed_on")
    )


def test_a_compiled_read_gives_its_querysets_rows_for_each_value(django_assert_num_queries):
    first = AgreementFactory(title="First", slug="first", signed_on=datetime.date(2018, 3, 8))
    AgreementFactory(title="Second", slug="second", renews=first, signed_on=None)
    AgreementFactory(title="Third", slug="third", renews=first)
    read = CompiledRead(lambda: titles(renews=AGREEMENT))

    with django_assert_num_queries(1):
        rows = read.rows(agreement=first.pk)

    assert rows == list(titles(renews=first))
    assert [row["title_en"] for row in rows] == ["Second", "Third"]
    assert read.rows(agreement=0) == []


def test_a_read_is_built_once_per_key_and_language():
    AgreementFactory(title="Only", slug="only")
    built = []

    def build(field):
        built.append(field)
        return (
            Agreement.objects.rewrite(False)
            .filter(slug=Parameter("slug", CharField()))
            .values(field)
        )

    read = CompiledRead(build)
    for _ in range(3):
        assert read.rows("title_en", slug="only") == [{"title_en": "Only"}]
    assert read.rows("slug", slug="only") == [{"slug": "only"}]
    with translation.override("fr"):
        read.rows("slug", slug="only")
    assert built == ["title_en", "slug", "slug"]


def test_a_read_keeps_a_bounded_number_of_keys(monkeypatch):
    monkeypatch.setattr(compiled_reads, "KEPT_PER_READ", 2)
    read = CompiledRead(lambda pk: titles(pk=pk))

    for pk in range(5):
        read.rows(pk)

    assert len(read.statements) <= 2


def test_rows_are_converted_as_the_queryset_converts_them():
    # SQLite returns dates as text and booleans as integers: converters make them values.
    AgreementFactory(slug="dated", signed_on=datetime.date(2018, 3, 8))
    read = CompiledRead(
        lambda: (
            Agreement.objects.rewrite(False)
            .filter(slug=Parameter("slug", CharField()))
            .values(
                "signed_on",
                recent=ExpressionWrapper(Q(signed_on__year__gte=2018), output_field=BooleanField()),
            )
        )
    )

    assert read.rows(slug="dated") == [{"signed_on": datetime.date(2018, 3, 8), "recent": True}]


def test_a_union_with_typed_nulls_reads_every_part_on_each_database():
    agreement = AgreementFactory()
    CommitmentFactory(agreement=agreement, due_on=datetime.date(2021, 1, 1))
    SourceDocumentFactory(agreement=agreement, published_on=datetime.date(2019, 5, 1))

    def build():
        # A date column that is NULL in the first two parts and a date in the third.
        commitments = Commitment.objects.rewrite(False).filter(agreement=AGREEMENT)
        empty = commitments.filter(pk__lt=0)
        published = Cast(Value(None), output_field=DateField())
        return (
            empty.order_by()
            .values(kind=Value("none"), published=published)
            .union(
                commitments.order_by().values(kind=Value("commitment"), published=published),
                SourceDocument.objects.filter(agreement=AGREEMENT)
                .order_by()
                .values(kind=Value("source"), published=F("published_on")),
                all=True,
            )
            .order_by("kind")
        )

    assert CompiledRead(build).rows(agreement=agreement.pk) == [
        {"kind": "commitment", "published": None},
        {"kind": "source", "published": datetime.date(2019, 5, 1)},
    ]


def test_a_read_that_can_match_nothing_runs_no_query(django_assert_num_queries):
    read = CompiledRead(lambda: titles(pk__in=[]))

    with django_assert_num_queries(0):
        assert read.rows() == []


def test_loaded_makes_an_instance_of_the_fields_read():
    AgreementFactory(
        slug="loaded", title="Signed", title_fr="Signée", signed_on=datetime.date(2020, 5, 4)
    )
    row = compile_values(
        Agreement.objects.rewrite(False)
        .filter(slug="loaded")
        .values("id", "slug", "title_en", "title_fr", "signed_on", "signed_on_precision")
    ).rows({})[0]

    agreement = loaded(Agreement, row)

    assert (agreement.slug, agreement.signed.iso()) == ("loaded", "2020-05-04")
    with translation.override("fr"):
        assert agreement.title == "Signée"
    assert agreement.get_deferred_fields() >= {"kind", "summary_en"}


def test_a_parameter_compiles_to_a_placeholder():
    query = Agreement.all_objects.filter(pk=AGREEMENT).query
    sql, params = query.get_compiler("default").as_sql()

    assert [type(param) for param in params] == [Parameter]
    assert sql.count("%s") == 1


def test_load_related_sets_the_record_a_key_points_to_or_none(django_assert_num_queries):
    first = AgreementFactory(title="First", slug="first")
    later = AgreementFactory(title="Later", slug="later", renews=first)
    rows = list(
        Agreement.objects.rewrite(False)
        .order_by("id")
        .values("id", "slug", "renews__id", "renews__slug", "renews__title_en")
    )
    with django_assert_num_queries(0):
        loaded_first, loaded_later = (loaded(Agreement, row) for row in rows)
        assert load_related(loaded_first, "renews", rows[0], "renews__") is None
        renewed = load_related(loaded_later, "renews", rows[1], "renews__")
        assert (loaded_first.renews, loaded_first.renews_id) == (None, None)
        assert loaded_later.renews is renewed
        assert (renewed.pk, renewed.slug, renewed.title_en) == (first.pk, "first", "First")
        assert loaded_later.renews_id == first.pk
    assert loaded_later.pk == later.pk
