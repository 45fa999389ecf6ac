import datetime
from io import StringIO

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command
from django.core.validators import URLValidator
from django.db import connection
from django.db.models import Count, F, Q

from agreements.choices import AllowanceScope, BenefitCategory
from agreements.lifecycle import overdue_condition
from agreements.models import (
    Agreement,
    AgreementState,
    AgreementStatus,
    Benefit,
    Commitment,
    CommitmentStatus,
    Party,
    PartyRole,
)
from demo.synthetic.text import make_website
from events.models import Event, EventOrganization, Series
from organizations.models import Organization, OrganizationKind, Sector
from portal.dates import DatePrecision
from tests.factories import AgreementFactory, OrganizationFactory, PartyFactory

SMALL = {"organizations": 200, "agreements": 40, "events": 60, "benefits": 80}

# Tables with translated text: the base column must hold the English text, which
# bulk_create does not copy from the `_en` column by itself.
TRANSLATED_COLUMNS = {
    Organization: ["name", "acronym", "description"],
    Series: ["name", "description"],
    Event: ["name", "description", "member_rate_note"],
    Agreement: ["title", "summary", "objectives", "signing_place"],
    Party: ["signed_by_title"],
    Benefit: ["description", "how_to_claim"],
    Commitment: ["description", "progress_note"],
}


def generate(**options):
    call_command("generate_data", verbosity=0, **{**SMALL, **options})


def synthetic(model):
    return model.objects.filter(slug__startswith="gen-")


def snapshot():
    """What the generator decided, without ids or timestamps."""
    return {
        "organizations": list(
            synthetic(Organization)
            .order_by("slug")
            .values_list(
                "slug", "name_en", "name_fr", "acronym_en", "kind", "city", "region", "country",
                "latitude", "founded_year", "member_count", "member_count_as_of",
            )
        ),
        "sectors": list(
            Organization.sectors.through.objects.order_by("organization__slug", "sector__slug")
            .values_list("organization__slug", "sector__slug")
        ),
        "series": list(synthetic(Series).order_by("slug").values_list("slug", "name_en")),
        "events": list(
            synthetic(Event)
            .order_by("slug")
            .values_list(
                "slug", "name_en", "name_fr", "kind", "series__slug", "edition", "start_date",
                "end_date", "date_precision", "start_time", "time_zone", "city", "venue",
            )
        ),
        "event roles": list(
            EventOrganization.objects.order_by("event__slug", "organization__slug")
            .values_list("event__slug", "organization__slug", "role")
        ),
        "agreements": list(
            synthetic(Agreement)
            .order_by("slug")
            .values_list(
                "slug", "title_en", "title_fr", "kind", "status", "signed_on",
                "signed_on_precision", "effective_from", "effective_until", "term_months",
                "ends_on", "renews__slug", "signing_event__slug",
            )
        ),
        "commitments": list(
            Commitment.objects.order_by("agreement__slug", "id").values_list(
                "agreement__slug", "description_fr", "due_on", "due_on_precision", "status",
                "last_checked_on",
            )
        ),
        "parties": list(
            Party.objects.order_by("agreement__slug", "organization__slug")
            .values_list("agreement__slug", "organization__slug", "role", "signed_by_title_en")
        ),
        "benefits": list(
            Benefit.objects.order_by("agreement__slug", "id").values_list(
                "agreement__slug", "category", "description_fr", "valid_from", "valid_until",
                "provided_by__slug", "accepts_claims", "code", "allowance", "allowance_period",
                "allowance_scope",
            )
        ),
    }  # fmt: skip


def test_a_small_run_creates_exactly_the_requested_counts(db):
    generate()

    assert synthetic(Organization).count() == 200
    assert synthetic(Agreement).count() == 40
    assert synthetic(Event).count() == 60
    assert Benefit.objects.filter(agreement__slug__startswith="gen-").count() == 80


def test_agreements_have_about_three_parties_with_two_signatories_or_more(db):
    generate()

    assert 2.6 <= Party.objects.count() / Agreement.objects.count() <= 3.4
    signatories = Agreement.objects.annotate(
        n=Count("party_set", filter=Q(party_set__role=PartyRole.SIGNATORY))
    )
    assert min(agreement.n for agreement in signatories) >= 2


def test_parties_of_an_agreement_and_organizations_of_an_event_are_distinct(db):
    generate()

    parties = Party.objects.values("agreement").annotate(
        rows=Count("id"), organizations=Count("organization", distinct=True)
    )
    roles = EventOrganization.objects.values("event").annotate(
        rows=Count("id"), organizations=Count("organization", distinct=True)
    )
    assert [p for p in parties if p["rows"] != p["organizations"]] == []
    assert [r for r in roles if r["rows"] != r["organizations"]] == []
    assert {r["rows"] for r in roles} <= {1, 2, 3, 4}
    assert EventOrganization.objects.values("event").distinct().count() == 60


def test_benefits_are_granted_to_signatories_of_their_agreement(db):
    generate()

    grants = Benefit.granted_to.through.objects.values_list(
        "benefit__agreement_id", "organization_id"
    )
    signatories = set(
        Party.objects.filter(role=PartyRole.SIGNATORY).values_list(
            "agreement_id", "organization_id"
        )
    )
    assert grants.count() >= 80
    assert set(grants) <= signatories


def test_some_benefits_have_a_provider_a_code_or_an_allowance_as_real_ones_do(db):
    generate(benefits=400)
    benefits = Benefit.objects.all()

    provided = benefits.exclude(provided_by=None)
    signatories = set(
        Party.objects.filter(role=PartyRole.SIGNATORY).values_list(
            "agreement_id", "organization_id"
        )
    )
    # A provider is a signatory that grants it to another's members, not its own.
    assert {(b.agreement_id, b.provided_by_id) for b in provided} <= signatories
    assert not provided.filter(granted_to=F("provided_by")).exists()
    total = benefits.count()
    assert 0.05 < provided.count() / total < 0.4
    assert 0.05 < benefits.exclude(code="").count() / total < 0.3
    limited = benefits.exclude(allowance=None)
    assert 0.03 < limited.count() / total < 0.25
    assert set(limited.values_list("accepts_claims", flat=True)) == {True}
    assert set(limited.values_list("allowance_scope", flat=True)) == {
        AllowanceScope.SHARED,
        AllowanceScope.PER_ORGANIZATION,
    }
    assert set(benefits.filter(accepts_claims=False).values_list("category", flat=True)) == {
        BenefitCategory.JOINT_RESEARCH,
        BenefitCategory.INFORMATION_SHARING,
    }


@pytest.mark.parametrize("model", list(TRANSLATED_COLUMNS), ids=lambda m: m.__name__)
def test_base_columns_hold_the_english_text(db, model):
    generate()
    table = model._meta.db_table
    differing = {}
    with connection.cursor() as cursor:
        for column in TRANSLATED_COLUMNS[model]:
            # Raw SQL: modeltranslation would rewrite `name` to `name_en` in the ORM.
            cursor.execute(
                f"SELECT COUNT(*) FROM {table} "
                f"WHERE {column} IS NULL OR {column} <> COALESCE({column}_en, '')"
            )
            differing[column] = cursor.fetchone()[0]
        first = TRANSLATED_COLUMNS[model][0]
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE {first} <> ''")
        filled = cursor.fetchone()[0]

    assert differing == dict.fromkeys(TRANSLATED_COLUMNS[model], 0)
    assert filled > 0


def test_names_and_titles_are_filled_in_both_languages(db):
    generate()

    for model, field in [(Organization, "name"), (Event, "name"), (Agreement, "title")]:
        empty = Q(**{f"{field}_en__isnull": True}) | Q(**{f"{field}_fr__isnull": True})
        assert not synthetic(model).filter(empty).exists()
    assert (
        synthetic(Organization)
        .filter(kind=OrganizationKind.UNIVERSITY, name_fr__startswith="Univ")
        .exists()
    )


def test_the_same_seed_gives_the_same_data(db):
    generate(seed=7)
    first = snapshot()

    generate(seed=7)

    assert snapshot() == first


def test_another_seed_gives_other_data(db):
    generate(seed=7)
    first = snapshot()

    generate(seed=8)

    second = snapshot()
    assert second["organizations"] != first["organizations"]
    assert second["agreements"] != first["agreements"]
    assert second["events"] != first["events"]


def test_running_again_replaces_rather_than_duplicates(db):
    generate()
    first_ids = set(synthetic(Organization).values_list("id", flat=True))

    generate()

    assert synthetic(Organization).count() == 200
    assert set(synthetic(Organization).values_list("id", flat=True)).isdisjoint(first_ids)
    assert Party.objects.count() / Agreement.objects.count() <= 3.4
    assert Benefit.objects.count() == 80


def test_records_that_are_not_synthetic_survive(demo_data):
    OrganizationFactory(name="Hand-made Organization", slug="hand-made")
    models = [Sector, Organization, Series, Event, EventOrganization, Agreement, Party, Benefit]

    def kept():
        return {
            model._meta.label: serializers.serialize(
                "json", model.objects.exclude(pk__in=generated(model)).order_by("pk")
            )
            for model in models
        }

    def generated(model):
        if model in (EventOrganization, Party, Benefit):
            parent = "event" if model is EventOrganization else "agreement"
            return model.objects.filter(**{f"{parent}__slug__startswith": "gen-"}).values("pk")
        if model is Sector:
            return Sector.objects.none()
        return synthetic(model).values("pk")

    before = kept()
    generate()
    generate(seed=2)

    assert kept() == before
    assert Organization.objects.filter(slug="hand-made").exists()
    assert synthetic(Organization).count() == 200


def test_a_run_that_would_delete_a_party_to_a_hand_made_agreement_changes_nothing(db):
    generate()
    agreement = AgreementFactory(slug="hand-made")
    PartyFactory(agreement=agreement, organization=synthetic(Organization).first())
    before = snapshot()

    with pytest.raises(CommandError, match="parties to agreements that are not synthetic"):
        generate(seed=2)

    assert snapshot() == before
    assert agreement.party_set.count() == 1


def test_generated_records_pass_model_validation(db):
    generate()

    for model in [Organization, Series, Event, EventOrganization, Agreement, Party, Benefit]:
        for instance in model.objects.all():
            instance.full_clean()


def test_addresses_are_valid_urls_even_for_long_names(db):
    generate(organizations=3000)
    validate = URLValidator()

    for url in synthetic(Organization).exclude(website="").values_list("website", flat=True):
        validate(url)
    for url in synthetic(Event).exclude(online_url="").values_list("online_url", flat=True):
        validate(url)
    # Host names are at most 63 characters however long the name.
    validate(make_website("Delegation for International Relations of " * 5, 100_000))


def test_dates_are_spread_with_every_precision(db):
    generate(agreements=200, events=300, benefits=100)

    agreement_precisions = set(
        synthetic(Agreement).exclude(signed_on=None).values_list("signed_on_precision", flat=True)
    )
    event_precisions = set(synthetic(Event).values_list("date_precision", flat=True))
    years = synthetic(Event).values_list("start_date__year", flat=True)
    assert agreement_precisions == set(DatePrecision)
    assert event_precisions == set(DatePrecision)
    assert min(years) == 2016
    assert max(years) == 2028
    assert synthetic(Agreement).filter(renews__isnull=False).exists()
    assert synthetic(Agreement).filter(signing_event__isnull=False).exists()
    assert synthetic(Event).filter(series__isnull=False).exists()


# The day the synthetic data is dated around (demo.synthetic.dates.ANCHOR).
ANCHOR = datetime.date(2026, 1, 1)


def test_agreements_stand_in_every_state_in_a_realistic_mix(db):
    generate(agreements=400, events=60, benefits=40)

    states = Agreement.objects.with_state(ANCHOR).values_list("state", flat=True)
    share = {state: list(states).count(state) / 400 for state in AgreementState.values}
    assert 0.3 <= share[AgreementState.IN_FORCE] <= 0.6
    assert 0.2 <= share[AgreementState.ENDED] <= 0.5
    assert 0.02 <= share[AgreementState.RENEWED] <= 0.12
    assert 0.02 <= share[AgreementState.TERMINATED] <= 0.1
    assert 0.02 <= share[AgreementState.DRAFT] <= 0.1
    assert 0.03 <= share[AgreementState.IN_NEGOTIATION] <= 0.12
    assert 0 < share[AgreementState.NOT_YET_IN_EFFECT] <= 0.05
    # Many agreements state no end: they stay open-ended, never given a guessed one.
    assert synthetic(Agreement).filter(status=AgreementStatus.SIGNED, ends_on=None).exists()


def test_renewals_are_linked_and_a_signed_one_supersedes_what_it_renews(db):
    generate(agreements=400, events=60, benefits=40)

    renewals = synthetic(Agreement).filter(renews__isnull=False)
    renewed = Agreement.objects.with_state(ANCHOR).filter(state=AgreementState.RENEWED)
    signed = renewals.filter(status__in=[AgreementStatus.SIGNED, AgreementStatus.TERMINATED])
    assert set(renewed.values_list("pk", flat=True)) == set(signed.values_list("renews", flat=True))
    # Each agreement is renewed once at most, and a signed renewal after it was signed.
    assert renewals.values("renews").distinct().count() == renewals.count()
    assert not signed.filter(signed_on__lte=F("renews__signed_on")).exists()
    # Some renewals are still being negotiated: what they renew stands as its dates say.
    assert renewals.filter(
        status__in=[AgreementStatus.DRAFT, AgreementStatus.IN_NEGOTIATION]
    ).exists()


def test_commitments_have_every_status_and_some_are_overdue(db):
    generate(agreements=400, events=60, benefits=40)

    commitments = Commitment.objects.filter(agreement__slug__startswith="gen-")
    statuses = set(commitments.values_list("status", flat=True))
    overdue = commitments.filter(overdue_condition(ANCHOR))
    assert statuses == set(CommitmentStatus.values)
    assert 0.1 <= overdue.count() / commitments.count() <= 0.5
    assert commitments.exclude(last_checked_on=None).exists()
    # No one checked what nobody knows the outcome of.
    assert not commitments.filter(status=CommitmentStatus.UNKNOWN).exclude(last_checked_on=None)
    assert not commitments.filter(last_checked_on__gt=ANCHOR).exists()


def test_progress_names_each_table_and_the_total_time(db):
    out = StringIO()

    call_command("generate_data", stdout=out, **SMALL)

    output = out.getvalue()
    assert "  organizations: 200 in " in output
    assert "  agreements: 40 in " in output
    assert "  events: 60 in " in output
    assert "  benefits: 80 in " in output
    assert "  parties: " in output
    assert output.splitlines()[-1].startswith("Created ")
    assert output.rstrip().endswith(" s.")


def test_silent_at_verbosity_zero(db):
    out = StringIO()

    call_command("generate_data", stdout=out, verbosity=0, **SMALL)

    assert out.getvalue() == ""


def test_agreements_without_enough_organizations_are_refused(db):
    with pytest.raises(CommandError, match="at least two organizations"):
        generate(organizations=1)
