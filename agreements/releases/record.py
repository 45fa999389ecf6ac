"""A press release, once staff have reviewed what was read from it, written as one
draft agreement: parties (new organizations as drafts too), benefits, commitments,
staff-only contacts and the release itself as its source, in one transaction.

The review screen gives each release a key; the source document keeps it, so that
pressing *Create draft* twice (or in two tabs at once) writes one agreement.
"""

import uuid
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext

from agreements.choices import AgreementStatus, CommitmentStatus
from agreements.models import Agreement, Benefit, Commitment, Party, SourceDocument
from events.models import Event
from organizations.models import Contact, Organization, Sector, Visibility
from portal.dates import DatePrecision, PartialDate
from portal.publishing import Publication
from portal.signals import admin_saved


@dataclass
class NewOrganization:
    """An organization the directory lacks, to be recorded as a draft."""

    name: str
    kind: str
    city: str = ""
    region: str = ""
    country: str = ""


@dataclass
class ReviewedParty:
    organization: Organization | None
    new: NewOrganization | None
    role: str


@dataclass
class ReviewedContact:
    name: str
    title: str
    party: int  # its organization: the index of a party in ``Reviewed.parties``


@dataclass
class Reviewed:
    """What staff confirmed on the review screen."""

    key: uuid.UUID
    language: str
    text: str
    title: str
    kind: str
    owner: Organization | None
    signed: PartialDate | None = None
    place: str = ""
    event: Event | None = None
    term_months: int | None = None
    renews: Agreement | None = None
    themes: list[Sector] = field(default_factory=list)
    parties: list[ReviewedParty] = field(default_factory=list)
    benefits: list[tuple[str, str]] = field(default_factory=list)  # (category, text)
    commitments: list[tuple[str, PartialDate | None]] = field(default_factory=list)
    contacts: list[ReviewedContact] = field(default_factory=list)
    source_title: str = ""
    source_url: str = ""
    published: PartialDate | None = None


# Writes tried when another request takes a slug at the same moment.
ATTEMPTS = 3


def existing_draft(key) -> Agreement | None:
    """The agreement already created from the release with this key, if any."""
    source = SourceDocument.objects.filter(release_key=key).select_related("agreement").first()
    return source.agreement if source else None


def unique_slug(model, text, fallback):
    base = (slugify(text) or fallback)[:190].strip("-") or fallback
    slug, number = base, 1
    while model._default_manager.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _translated(record, name, language, value):
    """``value`` as the release's language's text of ``name``; the other language is
    left for staff to translate (pages fall back to it meanwhile)."""
    setattr(record, f"{name}_{language}", value)


def _reason(record):
    # Translators: the reason recorded in a record's history when it was created
    # from a press release on the review screen.
    record._change_reason = gettext("Created from a press release")
    return record


def create_draft(reviewed: Reviewed) -> tuple[Agreement, bool]:
    """The draft agreement for ``reviewed`` and whether this call created it (False:
    the release had been recorded already). History names the request's user
    (simple_history's middleware)."""
    for attempt in range(ATTEMPTS):
        found = existing_draft(reviewed.key)
        if found is not None:
            return found, False
        try:
            with transaction.atomic():
                agreement = _write(reviewed)
            break
        except IntegrityError:
            # The same key saved at the same moment by another request (that one won),
            # or a slug taken meanwhile by another draft (a new one is chosen).
            if attempt == ATTEMPTS - 1:
                raise
    admin_saved.send(sender=Agreement, instance=agreement)
    return agreement, True


def _write(reviewed: Reviewed) -> Agreement:
    language = reviewed.language
    signed = reviewed.signed
    agreement = Agreement(
        slug=unique_slug(Agreement, reviewed.title, "agreement"),
        kind=reviewed.kind,
        status=AgreementStatus.SIGNED if signed else AgreementStatus.DRAFT,
        publication=Publication.DRAFT,
        signed_on=signed.value if signed else None,
        signed_on_precision=signed.precision if signed else DatePrecision.DAY,
        signing_place=reviewed.place,
        signing_event=reviewed.event,
        term_months=reviewed.term_months,
        renews=reviewed.renews,
        owner=reviewed.owner,
    )
    _translated(agreement, "title", language, reviewed.title)
    _reason(agreement).save()
    if reviewed.themes:
        agreement.themes.set(reviewed.themes)

    organizations = []
    for party in reviewed.parties:
        organization = party.organization or _new_organization(party.new, reviewed.owner)
        organizations.append(organization)
        _reason(Party(agreement=agreement, organization=organization, role=party.role)).save()

    for category, text in reviewed.benefits:
        benefit = Benefit(agreement=agreement, category=category)
        _translated(benefit, "description", language, text)
        _reason(benefit).save()
    for text, due in reviewed.commitments:
        commitment = Commitment(
            agreement=agreement,
            status=CommitmentStatus.PLANNED,
            due_on=due.value if due else None,
            due_on_precision=due.precision if due else DatePrecision.DAY,
        )
        _translated(commitment, "description", language, text)
        _reason(commitment).save()
    for contact in reviewed.contacts:
        organization = organizations[contact.party]
        # Media contacts are people: staff only until someone decides otherwise. One
        # already recorded at the organization is kept as it is.
        if not Contact.objects.filter(organization=organization, name=contact.name).exists():
            _reason(
                Contact(
                    organization=organization,
                    name=contact.name,
                    title=contact.title,
                    visibility=Visibility.STAFF,
                )
            ).save()

    published = reviewed.published
    _reason(
        SourceDocument(
            agreement=agreement,
            title=reviewed.source_title or reviewed.title,
            url=reviewed.source_url,
            language=language,
            published_on=published.value if published else None,
            published_on_precision=published.precision if published else DatePrecision.DAY,
            full_text=reviewed.text,
            release_key=reviewed.key,
        )
    ).save()
    return agreement


def _new_organization(new: NewOrganization, owner) -> Organization:
    organization = Organization(
        # A name is the same in both languages until someone records its translation.
        name_en=new.name,
        name_fr=new.name,
        slug=unique_slug(Organization, new.name, "organization"),
        kind=new.kind,
        city=new.city,
        region=new.region,
        country=new.country,
        publication=Publication.DRAFT,
        owner=owner,
    )
    _reason(organization).save()
    return organization
