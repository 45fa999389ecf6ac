import datetime

from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.db.models.query import ModelIterable
from django.utils.translation import get_language

from accounts.models import Profile
from agreements.choices import AgreementState, PartyRole
from agreements.lifecycle import overdue_condition, state_condition, state_expression
from organizations.choices import Visibility
from organizations.models import Contact, Organization
from portal.compiled_reads import CompiledRead, Parameter, load_related, loaded, plain
from portal.localized import localized, localized_value
from portal.publishing import Publication, published_through
from portal.rows import RowReader
from portal.scoping import ManagedThroughParentQuerySet


def party_role_order():
    """Signatories first, then supporters, facilitators, funders and participants."""
    return Case(
        *[When(role=role, then=Value(rank)) for rank, role in enumerate(PartyRole.values)],
        default=Value(len(PartyRole.values)),
    )


def _ordered_parties(parties):
    """Parties as the public sees them: of published organizations, signatories first."""
    return (
        parties.filter(published_through("organization"))
        .select_related("organization")
        .order_by(party_role_order(), localized("organization__name"))
    )


# The signing date as a card shows it.
CARD_DATE_FIELDS = ("signed_on", "signed_on_precision")


def signing_order_key(agreement):
    """``order_by_signing()`` in Python: most recently signed first, no known date last."""
    signed_on = agreement.signed_on
    return (signed_on is None, -signed_on.toordinal() if signed_on else 0, agreement.pk)


def _set_prefetched(instance, name, objects):
    """Hand ``instance`` the related ``objects`` as prefetch_related() would, so that
    ``instance.<name>.all()`` reads them without a query."""
    manager = getattr(instance, name)
    queryset = manager.get_queryset()
    # What prefetch_related_objects() itself does with the rows it fetched.
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


class _PartiesWithVisibleSigners(ModelIterable):
    """Parties whose ``signed_by`` is their signer where the viewer may see that contact
    (the ``visible_signer_name`` annotation), else None, as a prefetch of
    ``Contact.objects.visible_to(viewer)`` would give it, without its own query. Only
    the name of a visible signer is read; its other fields load on access."""

    def __iter__(self):
        for party in super().__iter__():
            signer = None
            if party.visible_signer_name is not None:
                signer = Contact.from_db(
                    self.queryset.db,
                    ["id", "name"],
                    [party.signed_by_id, party.visible_signer_name],
                )
            type(party).signed_by.field.set_cached_value(party, signer)
            yield party


# What the benefits' pages and the API show of the organizations a benefit is granted to.
GRANTEE_FIELDS = ("slug", "name", "name_en", "name_fr", "acronym", "acronym_en", "acronym_fr")
# Read with them, and not shown: a draft organization is left out (portal.publishing).
GRANTEE_READ_FIELDS = (*GRANTEE_FIELDS, "publication")


class _BenefitsWithGrantees(ModelIterable):
    """Benefits read with their ``granted_to`` organizations joined (``grantee_<field>``
    annotations), one row per organization, the rows of a benefit together: each benefit
    once, its organizations prefetched, as ``with_granted_to()`` gives them without its
    own query."""

    def __iter__(self):
        # In the model's order of fields, as Model.from_db() reads a partial row's values
        # (and only once the app registry is ready: modeltranslation adds name_en…).
        columns = [
            field.attname
            for field in Organization._meta.concrete_fields
            if field.attname in ("id", *GRANTEE_FIELDS)
        ]
        benefit, grantees = None, []
        for row in super().__iter__():
            if benefit is not None and row.pk != benefit.pk:
                _set_prefetched(benefit, "granted_to", grantees)
                yield benefit
                benefit = None
            if benefit is None:
                benefit, grantees = row, []
            if row.grantee_id is not None and row.grantee_publication == Publication.PUBLISHED:
                values = [getattr(row, f"grantee_{name}") for name in columns]
                grantees.append(Organization.from_db(self.queryset.db, columns, values))
        if benefit is not None:
            _set_prefetched(benefit, "granted_to", grantees)
            yield benefit


def _organizations_by_name():
    return Organization.objects.order_by(localized("name"))


# The columns of an agreement card's rows (_card_rows()): the agreement's, its parties'.
CARD_COLUMNS = (
    "id",
    "slug",
    "title_en",
    "title_fr",
    "kind",
    "status",
    "signed_on",
    "signed_on_precision",
    "signing_event_id",
)
CARD_PARTY_COLUMNS = (
    "party_set__id",
    "party_set__role",
    *[f"party_set__organization__{name}" for name in ("id", "slug", "name_en", "name_fr")],
    # Read, not shown: a draft organization's party is left out (portal.publishing).
    "party_set__organization__publication",
)
RECORD = Parameter("record", IntegerField())
# The day a compiled read works out the agreements' state for (agreements.lifecycle).
TODAY = Parameter("today", DateField())


def _card_rows(agreement_model, ids, **annotations):
    """The rows of the cards of the agreements ``ids`` (a subquery): one per party, its
    organization joined, in the visitor's order of organization names (one with no
    party for an agreement that has none yet), with their ``state`` on ``TODAY`` and
    ``annotations``."""
    return (
        plain(agreement_model)
        .filter(pk__in=ids)
        .annotate(state=state_expression(agreement_model, TODAY), **annotations)
        .order_by(localized("party_set__organization__name"), "party_set__organization_id")
        .values(*CARD_COLUMNS, "state", *annotations, *CARD_PARTY_COLUMNS)
    )


def _event_card_rows(agreement_model):
    """``_card_rows()`` of the agreements signed at the event ``RECORD`` and of those
    related to it (``related``)."""
    related = agreement_model.related_events.through.objects.filter(event_id=RECORD)
    signed = plain(agreement_model).filter(signing_event_id=RECORD).order_by().values("pk")
    # A union, not an OR, so that each side is read through its own index.
    ids = signed.union(related.order_by().values("agreement_id"), all=True)
    return _card_rows(
        agreement_model, ids, related=Exists(related.filter(agreement_id=OuterRef("pk")))
    )


EVENT_CARD_ROWS = CompiledRead(_event_card_rows)
# The agreements the organization ``RECORD`` is a party to.
ORGANIZATION_CARD_ROWS = CompiledRead(
    lambda agreement_model: _card_rows(
        agreement_model,
        agreement_model.party_set.rel.related_model.objects.filter(organization_id=RECORD)
        .order_by()
        .values("agreement_id"),
    )
)


def _cards(agreement_model, rows):
    """Agreements, as ``for_list()`` gives their cards, from ``_card_rows()``: in signing
    order, each with its parties in role order (a stable sort of the rows' order of
    names) and any annotation of the rows. Each party carries ``name_order``, its
    organization's place in the rows' order of names."""
    party_model = agreement_model.party_set.rel.related_model
    agreements, parties_of = {}, {}
    for name_order, row in enumerate(rows):
        agreement = agreements.get(row["id"])
        if agreement is None:
            agreement = agreements[row["id"]] = loaded(agreement_model, row)
            for name in row.keys() - {*CARD_COLUMNS, *CARD_PARTY_COLUMNS}:
                setattr(agreement, name, row[name])
            parties_of[agreement.pk] = []
        if (
            row["party_set__id"] is not None
            and row["party_set__organization__publication"] == Publication.PUBLISHED
        ):
            party = loaded(party_model, row, prefix="party_set__")
            party.agreement_id = agreement.pk
            load_related(party, "organization", row, "party_set__organization__")
            party.name_order = name_order
            parties_of[agreement.pk].append(party)
    rank = {role: rank for rank, role in enumerate(PartyRole.values)}
    cards = sorted(agreements.values(), key=signing_order_key)
    for agreement in cards:
        # A stable sort: by role, and by name within a role (the rows' order).
        ordered = sorted(parties_of[agreement.pk], key=lambda p: rank.get(p.role, len(rank)))
        _set_prefetched(agreement, "party_set", ordered)
    return cards


class AgreementQuerySet(models.QuerySet):
    def for_cards(self):
        """What an agreement card shows: its parties and their organizations, in one query."""
        parties = _ordered_parties(self.model.party_set.rel.related_model.objects.all())
        return self.prefetch_related(Prefetch("party_set", queryset=parties))

    def for_list(self):
        """The registry page, its export and the home page: cards, latest signed first."""
        return self.for_cards().order_by_signing()

    def with_state(self, today: datetime.date):
        """With ``state``: where each agreement stands on ``today`` (an AgreementState
        value, ``agreements.lifecycle``), as every page, feed, export and API answer
        shows it."""
        return self.annotate(state=state_expression(self.model, today))

    def in_state(self, state: str, today: datetime.date):
        """The agreements in ``state`` (an AgreementState value) on ``today``."""
        return self.filter(state_condition(self.model, state, today))

    def card_rows(self, today: datetime.date):
        """These agreements (a page of the registry) as its cards read them: rows of
        values (``portal.rows``), not instances, each with its ``state`` on ``today`` and
        ``signatory_names`` in the order of the names, in two queries."""
        reader = RowReader(self.model, ("slug", "title", "kind", "status", *CARD_DATE_FIELDS))
        rows = reader.rows(reader.values(self, state=state_expression(self.model, today)))
        # The names' columns are named as they are: no translation rewriting, row by row.
        parties = self.model.party_set.rel.related_model.objects.rewrite(False).filter(
            published_through("organization"),
            agreement_id__in=[row.pk for row in rows],
            role=PartyRole.SIGNATORY,
        )
        names = {}
        for agreement_id, name in parties.values_list(
            "agreement_id", localized_value("organization__name")
        ).order_by(localized("organization__name"), "organization_id"):
            names.setdefault(agreement_id, []).append(name)
        for row in rows:
            row.signatory_names = names.get(row.pk, [])
        return rows

    def cards_of_event(self, event, today: datetime.date):
        """The event page's agreement cards, as ``for_list()`` gives them with their
        state on ``today``, in one compiled query: ``(signed, related)``, those signed at
        ``event`` and those related to it (an agreement can be both)."""
        rows = EVENT_CARD_ROWS.rows(self.model, record=event.pk, today=today)
        cards = _cards(self.model, rows)
        signed = [agreement for agreement in cards if agreement.signing_event_id == event.pk]
        return signed, [agreement for agreement in cards if agreement.related]

    def cards_of_organization(self, organization, today: datetime.date):
        """The organization page's agreement cards, as ``for_list()`` gives them with
        their state on ``today``, in one compiled query: the agreements ``organization``
        is a party to. Each party carries ``name_order`` (see ``_cards()``), to list the
        partners by name."""
        rows = ORGANIZATION_CARD_ROWS.rows(self.model, record=organization.pk, today=today)
        return _cards(self.model, rows)

    def for_record(self, viewer, today: datetime.date):
        """An agreement as a whole record, for the API: its state on ``today``, its
        signing event, the agreement it renews, themes, parties with the signers
        ``viewer`` may see, benefits with the claim details ``viewer`` may see, and
        commitments, each ``overdue`` or not on ``today`` (never their owner: owners'
        names stay with staff)."""
        commitment_model = self.model.commitments.rel.related_model
        commitments = commitment_model.objects.annotate(
            overdue=Case(
                When(overdue_condition(today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        ).order_by("due_on", "id")
        return (
            self.with_state(today)
            .select_related("signing_event", "renews")
            .prefetch_related(
                "themes",
                *self._parties_and_benefits(viewer),
                Prefetch("commitments", queryset=commitments),
            )
        )

    def _parties_and_benefits(self, viewer):
        party_model = self.model.party_set.rel.related_model
        parties = _ordered_parties(
            party_model.objects.with_visible_signers(viewer).with_confirmation()
        )
        benefit_model = self.model.benefits.rel.related_model
        benefits = benefit_model.objects.with_claim_details(viewer).with_grantees_joined()
        return [
            Prefetch("party_set", queryset=parties),
            Prefetch("benefits", queryset=benefits),
        ]

    def order_by_title(self):
        """By title as the visitor reads it, A to Z."""
        return self.order_by(localized("title"), "id")

    def order_by_signing(self):
        """Most recently signed first; agreements with no known date last."""
        return self.order_by(F("signed_on").desc(nulls_last=True), "id")

    def managed_by(self, associations):
        """Agreements the associations are a party to, or manage."""
        parties = self.model.party_set.rel.related_model.objects.filter(
            agreement_id=OuterRef("pk"), organization_id__in=associations
        )
        return self.filter(Q(owner_id__in=associations) | Q(Exists(parties)))

    def for_export(self, today: datetime.date):
        """The registry's CSV file: cards with their state on ``today``, signing events
        and themes, in the registry's order."""
        themes = self.model.themes.field.related_model.objects.order_by(localized("name"))
        return (
            self.for_list()
            .with_state(today)
            .select_related("signing_event")
            .prefetch_related(Prefetch("themes", queryset=themes))
        )


class PartyQuerySet(ManagedThroughParentQuerySet):
    def with_confirmation(self):
        """Parties with their association's confirmation of the agreement, if any:
        ``confirmed_at`` (None when they have not confirmed) and
        ``confirmation_stale_fields``, what changed since (``agreements.confirmation``);
        and ``has_staff``, whether the organization has an active staff account, without
        which nobody can confirm for it. Subqueries: no query of their own."""
        agreement_model = self.model._meta.get_field("agreement").related_model
        confirmations = agreement_model.confirmations.rel.related_model.objects.filter(
            agreement_id=OuterRef("agreement_id"), organization_id=OuterRef("organization_id")
        ).order_by()
        staff = Profile.objects.filter(
            associations=OuterRef("organization_id"), user__is_active=True, user__is_staff=True
        )
        return self.annotate(
            confirmed_at=Subquery(confirmations.values("confirmed_at")[:1]),
            confirmation_stale_fields=Subquery(confirmations.values("stale_fields")[:1]),
            has_staff=Exists(staff),
        )

    def with_visible_signers(self, viewer):
        """Parties with ``visible_signer_name``, their signer's name where ``viewer`` may
        see that contact, else None; as instances, their ``signed_by`` is that signer
        (``_PartiesWithVisibleSigners``)."""
        # A signer is named only to those who may see the person's contact.
        signers = Contact.objects.visible_to(viewer).filter(pk=OuterRef("signed_by_id"))
        parties = self.annotate(visible_signer_name=Subquery(signers.order_by().values("name")[:1]))
        # How the rows become objects, as values() and values_list() set it; a clone (a
        # prefetch's own filter) keeps it.
        parties._iterable_class = _PartiesWithVisibleSigners
        return parties


BENEFIT_ITEM_FIELDS = (
    "description",
    "category",
    "valid_until",
    "claim_visibility",
    "accepts_claims",
    "agreement",
)


def _benefit_item_values(benefits):
    """``benefits`` as the values a benefits page's item reads."""
    return RowReader(benefits.model, BENEFIT_ITEM_FIELDS).values(
        benefits,
        "claim_details",
        "claim_code",
        "claim_details_withheld",
        agreement_slug=F("agreement__slug"),
        agreement_title=localized_value("agreement__title"),
    )


def _benefit_item_rows(model, values):
    reader = RowReader(model, BENEFIT_ITEM_FIELDS)
    agreements = RowReader(model.agreement.field.related_model, ())
    rows = reader.rows(values)
    for row in rows:
        values = row.__dict__
        agreement = {
            "id": values["agreement_id"],
            "slug": values.pop("agreement_slug"),
            "title": values.pop("agreement_title"),
        }
        row.agreement = agreements.row(agreement)
    return rows


def _claimable_items(model, viewer):
    return _benefit_item_values(
        model.objects.claimable_by_members_of(
            Parameter("association", IntegerField()), Parameter("today", DateField()), viewer
        )
    )


CLAIMABLE_ITEMS = CompiledRead(_claimable_items)


class BenefitQuerySet(ManagedThroughParentQuerySet):
    def current(self, today: datetime.date):
        """Benefits open on ``today``: started (or no start) and not ended (or no end)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=today),
            Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        )

    def claimable(self, today: datetime.date):
        """Benefits members can claim on ``today``: open (``current()``), of a published
        agreement in force that day (agreements.lifecycle)."""
        agreements = self.model.agreement.field.related_model
        in_force = agreements.all_objects.filter(
            state_condition(agreements, AgreementState.IN_FORCE, today)
        )
        return self.current(today).filter(
            published_through("agreement"), agreement__in=in_force.values("pk")
        )

    def claimable_by_members_of(self, association, today, viewer):
        """What the benefits page lists: benefits ``association``'s members can claim on
        ``today``, with their claim details as ``viewer`` may see them, by category."""
        return (
            self.claimable(today)
            .with_claim_details(viewer)
            .filter(granted_to=association)
            .select_related("agreement")
            .order_by("category", localized("agreement__title"), "id")
        )

    def item_rows(self):
        """These benefits as the benefits page lists them (``claimable_by_members_of()``):
        rows of values (``portal.rows``), not instances, each with its ``agreement`` as a
        row of its slug and title, in one query."""
        return _benefit_item_rows(self.model, _benefit_item_values(self))

    def claimable_item_rows(self, association, today, viewer):
        """``claimable_by_members_of(association, today, viewer).item_rows()``, read with
        SQL compiled once per audience and language (portal.compiled_reads): the page
        would otherwise spend more building the query than the database running it."""
        values = CLAIMABLE_ITEMS.rows(self.model, viewer, association=association.pk, today=today)
        return _benefit_item_rows(self.model, values)

    def with_granted_to(self):
        """With the associations each benefit is granted to, by name."""
        return self.prefetch_related(Prefetch("granted_to", queryset=_organizations_by_name()))

    def with_grantees_joined(self):
        """As ``with_granted_to()``, in the same query as the benefits (joined, one row per
        organization), by category: for the benefits of one agreement or a few."""
        benefits = self.annotate(
            **{f"grantee_{name}": F(f"granted_to__{name}") for name in ("id", *GRANTEE_READ_FIELDS)}
        ).order_by("category", "id", localized("granted_to__name"), "granted_to__id")
        # How the rows become objects (see _parties_and_benefits).
        benefits._iterable_class = _BenefitsWithGrantees
        return benefits

    def for_list(self, viewer):
        """The API's benefits: with their agreement, the associations they are granted
        to and the claim details ``viewer`` may see."""
        return (
            self.filter(published_through("agreement"))
            .with_claim_details(viewer)
            .select_related("agreement")
            .with_granted_to()
        )

    def granting_organizations(self, today):
        """Organizations whose members can claim at least one of these benefits on ``today``."""
        current = self.claimable(today).filter(granted_to=OuterRef("pk"))
        return Organization.objects.filter(Exists(current)).order_by(localized("name"), "id")

    def with_claim_details(self, viewer):
        """Benefits with ``claim_details``: how to claim, or "" where ``viewer`` may not see it.

        The stored ``how_to_claim`` columns are not loaded at all, so no template or
        serializer can show them by mistake. Members-only details are for members and
        staff of an association the benefit is granted to; staff-only ones for that
        staff; administrators see all.
        """
        language = (get_language() or "en").split("-")[0]
        other = "fr" if language == "en" else "en"
        if language not in ("en", "fr"):
            language, other = "en", "fr"
        text = Coalesce(
            NullIf(F(f"how_to_claim_{language}"), Value("")),
            NullIf(F(f"how_to_claim_{other}"), Value("")),
            Value(""),
            output_field=TextField(),
        )
        if viewer.is_admin:
            allowed = Q(pk__isnull=False)
        else:
            allowed = Q(claim_visibility=Visibility.PUBLIC)
            if viewer.claims_for:
                granted = self.model.granted_to.through.objects.filter(benefit_id=OuterRef("pk"))
                allowed |= Q(claim_visibility=Visibility.MEMBERS) & Q(
                    Exists(granted.filter(organization_id__in=viewer.claims_for))
                )
                if viewer.staff_of:
                    allowed |= Q(claim_visibility=Visibility.STAFF) & Q(
                        Exists(granted.filter(organization_id__in=viewer.staff_of))
                    )
        code_allowed = self._code_allowed(viewer)
        stored = ~Q(how_to_claim_en="") | ~Q(how_to_claim_fr="")
        return self.defer("how_to_claim", "how_to_claim_en", "how_to_claim_fr", "code").annotate(
            claim_details=Case(
                When(allowed, then=text), default=Value(""), output_field=TextField()
            ),
            claim_code=Case(
                When(code_allowed, then=F("code")), default=Value(""), output_field=TextField()
            ),
            # Whether there are details this viewer may not see (to invite a sign-in).
            claim_details_withheld=Case(
                When((~allowed & stored) | (~code_allowed & ~Q(code="")), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )

    def _code_allowed(self, viewer) -> Q:
        """Who sees a benefit's member code: the members who can claim it (of an
        association it is granted to, unless its details are for staff), the staff of
        those associations and of its provider, and administrators."""
        if viewer.is_admin:
            return Q(pk__isnull=False)
        allowed = Q(pk__isnull=True)
        granted = self.model.granted_to.through.objects.filter(benefit_id=OuterRef("pk"))
        if viewer.member_of:
            allowed |= ~Q(claim_visibility=Visibility.STAFF) & Q(
                Exists(granted.filter(organization_id__in=viewer.member_of))
            )
        if viewer.staff_of:
            allowed |= Q(Exists(granted.filter(organization_id__in=viewer.staff_of))) | Q(
                provided_by_id__in=viewer.staff_of
            )
        return allowed
