"""Plans: what to create, before any id exists.

The generator plans every record first, then inserts the plans table by table and
gives each plan the id of its row, which later tables refer to.
"""

import datetime
from dataclasses import dataclass, field

from agreements.models import AgreementStatus, PartyRole
from demo.synthetic.places import Place
from demo.synthetic.words import Domain


@dataclass(slots=True)
class OrganizationPlan:
    kind: str
    place: Place
    name_en: str
    name_fr: str
    acronym: str
    sector_ids: list[int]
    fields: dict
    has_website: bool
    id: int | None = None

    @property
    def short_en(self):
        return self.acronym or self.name_en

    @property
    def short_fr(self):
        return self.acronym or self.name_fr


@dataclass(slots=True)
class SeriesPlan:
    name_en: str
    name_fr: str
    kind: str
    domain: Domain
    place: Place
    organizer: OrganizationPlan
    description: tuple[str, str]
    id: int | None = None


@dataclass(slots=True)
class EventPlan:
    kind: str
    name_en: str
    name_fr: str
    start_date: datetime.date
    precision: str
    place: Place | None
    time_zone: str
    roles: list[tuple[OrganizationPlan, str]]
    edition: str = ""
    venue: str = ""
    times: tuple[datetime.time, datetime.time] | None = None
    end_date: datetime.date | None = None
    series: SeriesPlan | None = None
    description: tuple[str, str] | None = None
    related_agreements: list = field(default_factory=list)
    id: int | None = None


@dataclass(slots=True)
class AgreementPlan:
    kind: str
    # (organization, role, the signer's title in English and French or None)
    parties: list[tuple[OrganizationPlan, str, tuple[str, str] | None]]
    domain: Domain
    signed_on: datetime.date | None
    precision: str
    status: str = AgreementStatus.SIGNED
    title: tuple[str, str] = ("", "")
    root_title: tuple[str, str] = ("", "")
    renews: "AgreementPlan | None" = None
    # Whether a later plan renews it (one renewal per agreement).
    renewed: bool = False
    signing_event: EventPlan | None = None
    signing_place: tuple[str, str] | None = None
    effective_from: datetime.date | None = None
    effective_until: datetime.date | None = None
    ends_on: datetime.date | None = None
    ends_on_precision: str = "day"
    term_months: int | None = None
    theme_ids: list[int] = field(default_factory=list)
    summary: tuple[str, str] = ("", "")
    objectives: tuple[str, str] = ("", "")
    id: int | None = None

    @property
    def signatories(self):
        return [org for org, role, _title in self.parties if role == PartyRole.SIGNATORY]

    def taken(self):
        return {id(org) for org, _role, _title in self.parties}


@dataclass(slots=True)
class BenefitPlan:
    agreement: AgreementPlan
    grantees: list[OrganizationPlan]
    fields: dict
    # The party that provides it, when one signatory grants it to another's members.
    provider: OrganizationPlan | None = None
    id: int | None = None


@dataclass(slots=True)
class CommitmentPlan:
    agreement: AgreementPlan
    fields: dict
    id: int | None = None
