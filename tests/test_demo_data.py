import datetime
import re
from pathlib import Path

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command
from django.utils import translation

from agreements.models import (
    Agreement,
    AgreementKind,
    AgreementState,
    Benefit,
    BenefitCategory,
    Commitment,
    CommitmentStatus,
    Party,
    PartyRole,
    SourceDocument,
)
from demo.data import DEMO_DATA
from events.models import Event, EventOrganization, Series
from organizations.models import (
    Contact,
    CountQualifier,
    Organization,
    Relationship,
    RelationshipKind,
    Sector,
    Visibility,
)
from portal.dates import DatePrecision

DEMO_MODELS = [
    Sector,
    Organization,
    Relationship,
    Contact,
    Series,
    Event,
    EventOrganization,
    Agreement,
    Party,
    Benefit,
    Commitment,
    SourceDocument,
]


def snapshot():
    return {
        model._meta.label: serializers.serialize("json", model.objects.order_by("pk"))
        for model in DEMO_MODELS
    }


def test_loading_the_demo_twice_changes_nothing(demo_data):
    before = snapshot()

    call_command("load_demo", verbosity=0)

    assert snapshot() == before


def test_bioquebec_massbio_agreement_is_recorded_as_signed_at_bio_2017(demo_data):
    agreement = Agreement.objects.get(slug="bioquebec-massbio-2017")

    assert agreement.kind == AgreementKind.COOPERATION
    assert agreement.signed_on == datetime.date(2017, 6, 21)
    assert agreement.signed_on_precision == DatePrecision.DAY
    assert str(agreement.signed) == "21 June 2017"
    assert agreement.signing_place == "San Diego"
    assert agreement.signing_event.series.name == "BIO International Convention"
    assert agreement.signing_event.edition == "2017"
    assert agreement.signing_event.city == "San Diego"
    roles = {(p.organization.name, p.role) for p in agreement.party_set.all()}
    assert roles == {
        ("BIOQuébec", PartyRole.SIGNATORY),
        ("MassBio", PartyRole.SIGNATORY),
        ("Québec Delegation in Boston", PartyRole.SUPPORTER),
        ("DPI-MESI", PartyRole.SUPPORTER),
    }
    assert str(agreement.commitments.get(due_on__isnull=False).due) == "2018"


def test_bioquebec_lso_mou_of_march_2025_keeps_month_precision_and_three_benefits(demo_data):
    agreement = Agreement.objects.get(slug="bioquebec-lso-mou-2025")

    assert agreement.signed_on == datetime.date(2025, 3, 1)
    assert agreement.signed_on_precision == DatePrecision.MONTH
    assert str(agreement.signed) == "March 2025"
    with translation.override("fr"):
        assert str(agreement.signed) == "mars 2025"
        assert agreement.title == "Protocole d'entente BIOQuébec – Life Sciences Ontario"
    assert sorted(agreement.benefits.values_list("category", flat=True)) == [
        BenefitCategory.BUSINESS_DEVELOPMENT,
        BenefitCategory.EVENT_ACCESS,
        BenefitCategory.PREFERENTIAL_RATES,
    ]
    for benefit in agreement.benefits.all():
        assert {o.slug for o in benefit.granted_to.all()} == {"bioquebec", "life-sciences-ontario"}


def test_clara_oncopole_agreement_was_signed_at_matignon_with_eight_universities(demo_data):
    agreement = Agreement.objects.get(slug="clara-quebec-oncopole-2018")

    assert str(agreement.signed) == "8 March 2018"
    with translation.override("fr"):
        assert str(agreement.signed) == "8 mars 2018"
    assert agreement.signing_place == "Hôtel de Matignon, Paris"
    assert agreement.signing_event.venue == "Hôtel de Matignon"
    assert set(
        agreement.party_set.filter(role=PartyRole.SIGNATORY).values_list(
            "organization__acronym", flat=True
        )
    ) == {"CLARA", ""}
    assert agreement.party_set.filter(role=PartyRole.PARTICIPANT).count() == 8
    symposium = agreement.commitments.get()
    assert str(symposium.due) == "November 2018"


def test_biopolisquebec_lso_mou_has_no_invented_signing_date(demo_data):
    agreement = Agreement.objects.get(slug="biopolisquebec-lso-mou")

    assert agreement.signed_on is None
    assert agreement.signed is None
    related = {(e.start_date, e.city) for e in agreement.related_events.all()}
    assert (datetime.date(2011, 12, 6), "Toronto") in related
    assert (datetime.date(2012, 6, 6), "Montréal") in related


def test_the_montreal_lyon_agreement_names_its_facilitators(demo_data):
    agreement = Agreement.objects.get(slug="montreal-lyon-2016")

    facilitators = agreement.party_set.filter(role=PartyRole.FACILITATOR)
    assert sorted(p.organization.name for p in facilitators) == [
        "Cité de la Biotech",
        "Montréal International",
    ]
    assert str(agreement.signing_event.dates) == "21–23 November 2016"
    assert agreement.benefits.get().category == BenefitCategory.SOFT_LANDING


def test_relationships_say_what_the_seeds_say(demo_data):
    triples = {
        (r.subject.slug, r.kind, r.object.slug, str(r.since_date or ""))
        for r in Relationship.objects.select_related("subject", "object")
    }

    assert {
        ("biopolisquebec", RelationshipKind.ALLIANCE_OF, "montreal-invivo", ""),
        ("biopolisquebec", RelationshipKind.ALLIANCE_OF, "quebec-international", ""),
        ("biopolisquebec", RelationshipKind.ALLIANCE_OF, "sherbrooke-innopole", ""),
        ("clara", RelationshipKind.UNDER_AUSPICES_OF, "fondation-lea-et-napoleon-bullukian", ""),
        ("quebec-oncopole", RelationshipKind.CREATED_BY, "frqs", "February 2017"),
        ("quebec-oncopole", RelationshipKind.FUNDED_BY, "merck-canada", ""),
        ("ville-de-montreal", RelationshipKind.SISTER_CITY_OF, "ville-de-lyon", "1989"),
    } <= triples


def test_member_counts_keep_their_qualifier_and_date(demo_data):
    massbio = Organization.objects.get(slug="massbio")
    bioquebec = Organization.objects.get(slug="bioquebec")

    assert (massbio.member_count, massbio.member_count_qualifier) == (
        1000,
        CountQualifier.MORE_THAN,
    )
    assert str(massbio.member_count_date) == "21 June 2017"
    assert massbio.founded_year == 1985
    assert (bioquebec.member_count, bioquebec.member_count_qualifier) == (270, CountQualifier.ABOUT)
    assert str(bioquebec.member_count_date) == "March 2025"
    assert bioquebec.founded_year == 1991


def test_executive_direct_lines_are_for_members_only(demo_data):
    field = Contact.objects.get(name="Jason Field")
    cardinal = Contact.objects.get(name="Catherine Cardinal")

    assert field.visibility == Visibility.MEMBERS
    assert field.email == "jason.field@lifesciencesontario.ca"
    assert cardinal.visibility == Visibility.PUBLIC
    assert cardinal.email == ""


def test_the_real_agreements_state_no_end_so_they_stay_open_ended_and_in_force(demo_data):
    agreements = Agreement.objects.with_state(datetime.date(2026, 12, 4)).order_by("slug")

    assert [(a.slug, a.state, a.ends_on, a.term_months) for a in agreements] == [
        ("biopolisquebec-lso-mou", AgreementState.IN_FORCE, None, None),
        ("bioquebec-lso-mou-2025", AgreementState.IN_FORCE, None, None),
        ("bioquebec-massbio-2017", AgreementState.IN_FORCE, None, None),
        ("clara-quebec-oncopole-2018", AgreementState.IN_FORCE, None, None),
        ("montreal-lyon-2016", AgreementState.IN_FORCE, None, None),
    ]
    assert not Agreement.objects.filter(renews__isnull=False).exists()


def test_no_outcome_is_invented_for_the_commitments(demo_data):
    commitments = Commitment.objects.all()

    assert set(commitments.values_list("status", flat=True)) == {CommitmentStatus.UNKNOWN}
    assert not commitments.exclude(last_checked_on=None).exists()
    assert not commitments.exclude(owner=None).exists()


def test_demo_staff_follow_their_associations_agreements(db, settings, django_user_model):
    settings.DEBUG = True

    call_command("load_demo", "--admin", verbosity=0)
    call_command("load_demo", "--admin", verbosity=0)

    staff = {
        user.username: (
            [o.slug for o in user.profile.associations.all()],
            user.profile.language,
            user.profile.receives_unassigned_reminders,
        )
        for user in django_user_model.objects.filter(is_superuser=False).order_by("username")
    }
    assert staff == {
        "bioquebec-partnerships": (["bioquebec"], "fr", False),
        "bioquebec-staff": (["bioquebec"], "fr", True),
        "clara-staff": (["clara"], "fr", True),
        "lso-staff": (["life-sciences-ontario"], "en", True),
        "massbio-staff": (["massbio"], "en", True),
    }
    responsible = Party.objects.exclude(responsible=None).order_by(
        "agreement__slug", "organization__slug"
    )
    assert [
        (p.agreement.slug, p.organization.slug, p.responsible.username) for p in responsible
    ] == [
        ("biopolisquebec-lso-mou", "life-sciences-ontario", "lso-staff"),
        ("bioquebec-lso-mou-2025", "bioquebec", "bioquebec-partnerships"),
        ("bioquebec-lso-mou-2025", "life-sciences-ontario", "lso-staff"),
        ("bioquebec-massbio-2017", "bioquebec", "bioquebec-partnerships"),
        ("bioquebec-massbio-2017", "massbio", "massbio-staff"),
        ("clara-quebec-oncopole-2018", "clara", "clara-staff"),
    ]
    owned = Commitment.objects.exclude(owner=None).order_by("agreement__slug")
    assert [(c.agreement.slug, c.owner.username) for c in owned] == [
        ("biopolisquebec-lso-mou", "lso-staff"),
        ("bioquebec-massbio-2017", "bioquebec-partnerships"),
        ("clara-quebec-oncopole-2018", "clara-staff"),
    ]
    # Every staff account of an association is among its staff (the admin's scope).
    for party in responsible:
        assert party.organization in party.responsible.profile.associations.all()


def test_every_demo_record_passes_model_validation(demo_data):
    for model in DEMO_MODELS:
        for instance in model.objects.all():
            instance.full_clean()


def test_demo_administrator_is_refused_when_debug_is_off(db, settings, django_user_model):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", "--admin", verbosity=0)

    assert not django_user_model.objects.exists()
    assert not Organization.objects.exists()


def test_demo_administrator_is_created_when_debug_is_on(db, settings, django_user_model):
    settings.DEBUG = True

    call_command("load_demo", "--admin", verbosity=0)

    user = django_user_model.objects.get(username="admin")
    assert user.is_superuser
    assert user.check_password("passerelle-demo")


SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def words(text):
    return re.findall(r"\w+", text.casefold())


@pytest.mark.skipif(
    not SEEDS.is_dir(), reason="the seed press releases are not beside the checkout"
)
def test_demo_descriptions_are_not_copied_from_the_seeds():
    window = 9
    seed_runs = set()
    for seed in SEEDS.glob("*.txt"):
        seed_words = words(seed.read_text(encoding="utf-8"))
        seed_runs |= {tuple(seed_words[i : i + window]) for i in range(len(seed_words))}
    # The whole file, comments included: they explain the seeds, never quote them at length.
    demo_words = words(DEMO_DATA.read_text(encoding="utf-8"))

    copied = [
        " ".join(demo_words[i : i + window])
        for i in range(len(demo_words))
        if tuple(demo_words[i : i + window]) in seed_runs
    ]

    assert copied == []
