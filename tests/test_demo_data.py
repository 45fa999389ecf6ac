import datetime
import io
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from accounts.models import Profile
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
from members.claims import ClaimRefused, allowances, make_claim
from organizations.models import (
    Contact,
    CountQualifier,
    Membership,
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
        "member": ([], "en", False),
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


# Claiming: the demo member, memberships and how to claim ----------------------------


@pytest.fixture
def demo_accounts(db, settings):
    settings.DEBUG = True
    call_command("load_demo", "--admin", verbosity=0)


def demo_benefit(agreement, category):
    return Benefit.objects.get(agreement__slug=agreement, category=category)


def test_every_demo_benefit_says_how_to_claim_it_in_both_languages_as_an_illustration(
    demo_data,
):
    benefits = Benefit.objects.order_by("agreement__slug", "category")

    assert [
        (b.agreement.slug, b.category, b.valid_from, b.valid_until, b.accepts_claims)
        for b in benefits
    ] == [
        ("bioquebec-lso-mou-2025", "business_development", None, None, True),
        ("bioquebec-lso-mou-2025", "event_access", None, None, True),
        ("bioquebec-lso-mou-2025", "preferential_rates", None, None, True),
        ("bioquebec-massbio-2017", "business_development", datetime.date(2017, 6, 21), None, True),
        ("clara-quebec-oncopole-2018", "event_access", datetime.date(2018, 3, 8), None, True),
        (
            "clara-quebec-oncopole-2018",
            "information_sharing",
            datetime.date(2018, 3, 8),
            None,
            False,
        ),
        ("clara-quebec-oncopole-2018", "joint_research", datetime.date(2018, 3, 8), None, False),
        ("clara-quebec-oncopole-2018", "mobility", datetime.date(2018, 3, 8), None, False),
        ("montreal-lyon-2016", "soft_landing", datetime.date(2016, 11, 23), None, True),
    ]
    for benefit in benefits:
        assert benefit.illustrative
        assert benefit.how_to_claim_en
        assert benefit.how_to_claim_fr
        # Each party grants it to the other's members: no single provider.
        assert benefit.provided_by is None
    assert [
        (b.category, b.code, b.allowance, b.allowance_period, b.allowance_scope)
        for b in benefits.exclude(code="")
    ] == [
        ("event_access", "LSO-BQ-2025", None, "year", "shared"),
        ("preferential_rates", "LSO-BQ-2025", 10, "year", "shared"),
    ]


def test_the_demo_member_claims_lsos_member_rates_as_a_member_of_bioquebec(demo_accounts):
    member = get_user_model().objects.get(username="member")
    rates = demo_benefit("bioquebec-lso-mou-2025", BenefitCategory.PREFERENTIAL_RATES)
    bioquebec, lso = (
        Organization.objects.get(slug=slug) for slug in ("bioquebec", "life-sciences-ontario")
    )

    claim = make_claim(member, rates.pk, quantity=2, note="2 seats at the LSO Gala")

    assert (
        claim.organization.slug,
        claim.through_association,
        claim.handled_by,
        claim.status,
    ) == ("merck-canada", bioquebec, lso, "pending")
    [allowance] = allowances([rates], claim.organization_id, timezone.localdate()).values()
    assert (allowance.total, allowance.used, allowance.remaining) == (10, 2, 8)


def test_the_demo_member_claims_massbio_introductions(demo_accounts):
    member = get_user_model().objects.get(username="member")
    introductions = demo_benefit("bioquebec-massbio-2017", BenefitCategory.BUSINESS_DEVELOPMENT)

    claim = make_claim(member, introductions.pk, note="Looking for a CRO in Boston")

    assert (claim.through_association.slug, claim.handled_by.slug) == ("bioquebec", "massbio")


def test_the_demo_member_cannot_claim_what_is_not_claimed_alone_nor_other_hubs_benefits(
    demo_accounts,
):
    member = get_user_model().objects.get(username="member")
    research = demo_benefit("clara-quebec-oncopole-2018", BenefitCategory.JOINT_RESEARCH)
    symposiums = demo_benefit("clara-quebec-oncopole-2018", BenefitCategory.EVENT_ACCESS)

    with pytest.raises(ClaimRefused, match="not claimed on Passerelle"):
        make_claim(member, research.pk)
    with pytest.raises(ClaimRefused, match="for members of"):
        make_claim(member, symposiums.pk)


def test_a_demo_membership_that_ended_is_the_reason_a_claim_is_refused(demo_accounts):
    former = get_user_model().objects.create_user(username="former", password="x")
    Profile.objects.update_or_create(
        user=former, defaults={"organization": Organization.objects.get(slug="iric")}
    )
    rates = demo_benefit("bioquebec-lso-mou-2025", BenefitCategory.PREFERENTIAL_RATES)

    with pytest.raises(ClaimRefused) as refused:
        make_claim(former, rates.pk)

    assert refused.value.reason == (
        "Your organization's membership of BIOQuébec ended on 31 December 2019."
    )


def test_the_demo_member_account_and_memberships(demo_accounts, django_user_model):
    member = django_user_model.objects.get(username="member")

    assert (member.email, member.is_staff, member.check_password("passerelle-demo")) == (
        "member@passerelle.invalid",
        False,
        True,
    )
    assert (member.profile.organization.slug, member.profile.language) == ("merck-canada", "en")
    assert [
        (m.member.slug, m.association.slug, m.since, m.until)
        for m in Membership.objects.order_by("member__slug")
    ] == [
        ("iric", "bioquebec", datetime.date(2015, 1, 1), datetime.date(2019, 12, 31)),
        ("mcgill-university", "life-sciences-ontario", datetime.date(2021, 1, 1), None),
        ("merck-canada", "bioquebec", datetime.date(2020, 1, 1), None),
        ("quebec-delegation-in-boston", "massbio", datetime.date(2017, 1, 1), None),
    ]


def test_the_memberships_and_the_member_come_with_the_demo_accounts_only(demo_data):
    assert not Membership.objects.exists()
    assert not get_user_model().objects.exists()


def test_loading_the_demo_with_its_accounts_twice_changes_nothing(demo_accounts):
    models = [*DEMO_MODELS, Membership, Profile, get_user_model()]
    before = {
        model._meta.label: serializers.serialize("json", model.objects.order_by("pk"))
        for model in models
    }
    out = io.StringIO()

    call_command("load_demo", "--admin", stdout=out)

    assert out.getvalue().splitlines()[-1] == "Demo data loaded (0 records created or updated)."
    assert {
        model._meta.label: serializers.serialize("json", model.objects.order_by("pk"))
        for model in models
    } == before


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
