"""The demo administrator, association staff and member accounts, for local
development only.

Each staff account follows its association's side of the demo agreements (the
party's responsible staff member) and some of their commitments (their owner), so
that reminders, the private calendar and the staff dashboard have someone to
address. The member account works at a member company of BIOQuébec, so that "My
benefits" and claims have someone to show them to. These are demo logins, not facts
about the associations: no agreement, date or outcome is added for them.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.groups import STAFF_GROUP_NAME, ensure_staff_group
from accounts.models import Profile
from agreements.models import Commitment, Party
from organizations.models import Membership, Organization
from portal.dates import DatePrecision

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "passerelle-demo"


@dataclass(frozen=True)
class DemoStaff:
    username: str
    association: str
    language: str
    # Gets the reminders of what no one in particular follows (Profile).
    administrator: bool
    # The agreements on whose party for the association they are the responsible staff.
    responsible_for: tuple[str, ...] = ()
    # (agreement, the start of a commitment's English description) they own.
    owns: tuple[tuple[str, str], ...] = ()


# One administrator per association; BIOQuébec has a second account, which follows its
# agreements while the administrator gets what no one follows.
DEMO_STAFF = (
    DemoStaff("bioquebec-staff", "bioquebec", "fr", administrator=True),
    DemoStaff(
        "bioquebec-partnerships",
        "bioquebec",
        "fr",
        administrator=False,
        responsible_for=("bioquebec-lso-mou-2025", "bioquebec-massbio-2017"),
        owns=(("bioquebec-massbio-2017", "Host a joint activity during BIO 2018"),),
    ),
    DemoStaff(
        "massbio-staff",
        "massbio",
        "en",
        administrator=True,
        responsible_for=("bioquebec-massbio-2017",),
    ),
    DemoStaff(
        "lso-staff",
        "life-sciences-ontario",
        "en",
        administrator=True,
        responsible_for=("biopolisquebec-lso-mou", "bioquebec-lso-mou-2025"),
        owns=(("biopolisquebec-lso-mou", "Within three years"),),
    ),
    DemoStaff(
        "clara-staff",
        "clara",
        "fr",
        administrator=True,
        responsible_for=("clara-quebec-oncopole-2018",),
        owns=(("clara-quebec-oncopole-2018", "Hold a first joint scientific symposium"),),
    ),
)


@dataclass(frozen=True)
class DemoMembership:
    member: str
    association: str
    since: datetime.date
    since_precision: str = DatePrecision.YEAR
    until: datetime.date | None = None


# Memberships to try eligibility with. They are an illustration, NOT facts: the seed
# press releases name no member of any association. Merck Canada (the demo member's
# company) is a current member of BIOQuébec, so it may claim the benefits of
# BIOQuébec's agreements, Life Sciences Ontario's member rates among them; the
# Institute's membership has ended, to show a claim refused for that reason.
DEMO_MEMBERSHIPS = (
    DemoMembership("merck-canada", "bioquebec", datetime.date(2020, 1, 1)),
    DemoMembership("mcgill-university", "life-sciences-ontario", datetime.date(2021, 1, 1)),
    DemoMembership("quebec-delegation-in-boston", "massbio", datetime.date(2017, 1, 1)),
    DemoMembership(
        "iric",
        "bioquebec",
        datetime.date(2015, 1, 1),
        until=datetime.date(2019, 12, 31),
    ),
)

DEMO_MEMBER_USERNAME = "member"
DEMO_MEMBER_ORGANIZATION = "merck-canada"


def load(records):
    User = get_user_model()
    if not User.objects.filter(username=DEMO_ADMIN_USERNAME).exists():
        User.objects.create_superuser(
            username=DEMO_ADMIN_USERNAME,
            email="admin@passerelle.invalid",
            password=DEMO_ADMIN_PASSWORD,
        )
        records.changed += 1
    # To try the admin as association staff see it.
    for staff in DEMO_STAFF:
        load_staff(records, staff)
    for membership in DEMO_MEMBERSHIPS:
        load_membership(records, membership)
    load_member(records)


def load_membership(records, membership):
    records.upsert(
        Membership,
        {
            "member": Organization.objects.get(slug=membership.member),
            "association": Organization.objects.get(slug=membership.association),
            "since": membership.since,
        },
        {
            "since_precision": membership.since_precision,
            "until": membership.until,
            "until_precision": DatePrecision.DAY,
        },
    )


def load_member(records):
    """A member account, at a member company of BIOQuébec (no staff rights)."""
    User = get_user_model()
    user = User.objects.filter(username=DEMO_MEMBER_USERNAME).first()
    if user is None:
        user = User.objects.create_user(
            username=DEMO_MEMBER_USERNAME,
            email=f"{DEMO_MEMBER_USERNAME}@passerelle.invalid",
            password=DEMO_ADMIN_PASSWORD,
        )
        records.changed += 1
    records.upsert(
        Profile,
        {"user": user},
        {
            "language": "en",
            "organization": Organization.objects.get(slug=DEMO_MEMBER_ORGANIZATION),
        },
    )


def load_staff(records, staff):
    User = get_user_model()
    association = Organization.objects.get(slug=staff.association)
    user = User.objects.filter(username=staff.username).first()
    if user is None:
        ensure_staff_group()
        user = User.objects.create_user(
            username=staff.username,
            email=f"{staff.username}@passerelle.invalid",
            password=DEMO_ADMIN_PASSWORD,
            is_staff=True,
        )
        user.groups.add(Group.objects.get(name=STAFF_GROUP_NAME))
        records.changed += 1
    profile = records.upsert(
        Profile,
        {"user": user},
        {"language": staff.language, "receives_unassigned_reminders": staff.administrator},
    )
    records.set_m2m(profile.associations, [association])
    for slug in staff.responsible_for:
        party = Party.objects.get(agreement__slug=slug, organization=association)
        records.upsert(Party, {"pk": party.pk}, {"responsible": user})
    for slug, description in staff.owns:
        commitment = Commitment.objects.filter(
            agreement__slug=slug, description_en__startswith=description
        ).earliest("pk")
        records.upsert(Commitment, {"pk": commitment.pk}, {"owner": user})
