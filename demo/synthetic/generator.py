"""The generator: plans the synthetic records, then bulk-inserts them table by table."""

import random
from collections.abc import Callable, Iterable
from itertools import islice

from django.db.models import CASCADE, PROTECT, SET_NULL, Model, ProtectedError

from agreements.models import Agreement, Benefit, Commitment, Party
from demo import search_index
from demo.data import read_demo_data
from demo.synthetic.agreements import AgreementPlanner, build_agreement
from demo.synthetic.benefits import build_benefit, plan_benefits
from demo.synthetic.commitments import build_commitment, plan_commitments
from demo.synthetic.events import EventPlanner, build_event, build_series
from demo.synthetic.organizations import OrganizationPool, build_organization, plan_organizations
from demo.synthetic.text import SLUG_PREFIX, translated
from events.models import Event, EventOrganization, Series
from organizations.models import Organization, Sector

BATCH_SIZE = 5000

# (table, rows so far, total rows or None while unknown)
Progress = Callable[[str, int, int | None], None]


def batched(iterable, size):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


class SyntheticData:
    """Plans then bulk-inserts the synthetic dataset. Call inside a transaction."""

    def __init__(self, *, organizations, agreements, events, benefits, seed, progress=None):
        if min(organizations, agreements, events, benefits) < 0:
            raise ValueError("Counts cannot be negative.")
        if (agreements or events) and organizations < 2:
            raise ValueError("Agreements and events need at least two organizations.")
        if benefits and not agreements:
            raise ValueError("Benefits need at least one agreement.")
        self.counts = {
            "organizations": organizations,
            "agreements": agreements,
            "events": events,
            "benefits": benefits,
        }
        self.seed = seed
        self.progress: Progress = progress or (lambda label, done, total: None)
        self.created: dict[str, int] = {}

    def rng(self, table):
        # A string seed is hashed with SHA-512: stable across processes and Python runs.
        return random.Random(f"{self.seed}:{table}")

    def create(self):
        """Create everything; return the number of rows created, by table."""
        sectors = self.ensure_sectors()
        organizations = plan_organizations(
            self.rng("organizations"), self.counts["organizations"], sectors
        )
        self.insert("organizations", Organization, organizations, build_organization)
        self.insert_links(
            "organization sectors",
            Organization.sectors.through,
            (
                {"organization_id": org.id, "sector_id": sector_id}
                for org in organizations
                for sector_id in org.sector_ids
            ),
        )
        pool = OrganizationPool(organizations)

        planner = EventPlanner(self.rng("events"), pool, self.counts["events"])
        series = planner.plan_series()
        events = planner.plan_series_events(series)
        ceremony_budget = self.counts["events"] // 10
        generic_count = self.counts["events"] - len(events) - ceremony_budget
        events += [planner.plan_generic_event() for _ in range(generic_count)]
        agreements = AgreementPlanner(self.rng("agreements"), pool, sectors).plan(
            self.counts["agreements"], events
        )
        events += planner.plan_ceremonies(agreements, ceremony_budget)
        # Fewer agreements to celebrate than planned: ordinary events make up the count.
        events += [planner.plan_generic_event() for _ in range(self.counts["events"] - len(events))]
        planner.plan_follow_ups(events, agreements)
        # Records are entered in no particular order: ids follow neither dates nor kinds.
        planner.rng.shuffle(events)

        self.insert("series", Series, series, build_series)
        self.insert("events", Event, events, build_event)
        self.insert_links(
            "event organizers and participants",
            EventOrganization,
            (
                {"event_id": event.id, "organization_id": org.id, "role": role}
                for event in events
                for org, role in event.roles
            ),
        )
        self.insert_agreements(agreements, events)

        benefits = plan_benefits(self.rng("benefits"), agreements, self.counts["benefits"])
        self.insert("benefits", Benefit, benefits, build_benefit)
        self.insert_links(
            "benefit grantees",
            Benefit.granted_to.through,
            (
                {"benefit_id": benefit.id, "organization_id": org.id}
                for benefit in benefits
                for org in benefit.grantees
            ),
        )
        commitments = plan_commitments(self.rng("commitments"), agreements)
        self.insert("commitments", Commitment, commitments, build_commitment)
        return self.created

    def insert_agreements(self, agreements, events):
        self.insert("agreements", Agreement, agreements, build_agreement)
        # An agreement can renew one created in the same batch, whose id came back
        # only with that batch: the links are set afterwards.
        Agreement.objects.bulk_update(
            [Agreement(pk=a.id, renews_id=a.renews.id) for a in agreements if a.renews],
            ["renews"],
            batch_size=1000,
        )
        self.insert_links(
            "parties",
            Party,
            (
                {
                    "agreement_id": agreement.id,
                    "organization_id": org.id,
                    # bulk_create sends no signal: the place agreements.receivers copies.
                    "organization_region": org.fields["region"],
                    "organization_country": org.fields["country"],
                    "role": role,
                    **translated("signed_by_title", *(title or ("", ""))),
                }
                for agreement in agreements
                for org, role, title in agreement.parties
            ),
        )
        self.insert_links(
            "agreement themes",
            Agreement.themes.through,
            (
                {"agreement_id": agreement.id, "sector_id": sector_id}
                for agreement in agreements
                for sector_id in agreement.theme_ids
            ),
        )
        self.insert_links(
            "agreements announced or followed up at events",
            Event.related_agreements.through,
            (
                {"event_id": event.id, "agreement_id": agreement.id}
                for event in events
                for agreement in event.related_agreements
            ),
        )

    def insert(self, label, model, plans, build):
        """Bulk-create `build(plan, number)` for each plan and give each plan its new id."""
        done = 0
        self.progress(label, done, len(plans))
        for batch in batched(plans, BATCH_SIZE):
            objects = [build(plan, done + n) for n, plan in enumerate(batch, start=1)]
            model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
            for plan, obj in zip(batch, objects, strict=True):
                if obj.pk is None:
                    raise RuntimeError(f"The database did not return the ids of new {label}.")
                plan.id = obj.pk
            done += len(batch)
            self.progress(label, done, len(plans))
        self.created[label] = done

    def insert_links(self, label, model, rows: Iterable[dict]):
        """Bulk-create link rows, whose total is known only at the end."""
        done = 0
        for batch in batched(rows, BATCH_SIZE):
            self.progress(label, done, None)
            model.objects.bulk_create([model(**row) for row in batch], batch_size=BATCH_SIZE)
            done += len(batch)
        self.progress(label, done, done)
        self.created[label] = done

    def ensure_sectors(self):
        if not Sector.objects.exists():
            Sector.objects.bulk_create(
                [
                    Sector(slug=row["slug"], **translated("name", row["name_en"], row["name_fr"]))
                    for row in read_demo_data()["sectors"]
                ]
            )
        return list(Sector.objects.order_by("slug").values_list("id", flat=True))


def delete_synthetic() -> dict[str, int]:
    """Delete the synthetic records and their dependants; return the counts by model.

    Agreements go first: their parties protect the organizations. The search
    index is emptied first (it is rebuilt after, by ``index_synthetic``).
    """
    search_index.clear()
    deleted: dict[str, int] = {}
    for model in (Agreement, Event, Series, Organization):
        _wipe(model.objects.filter(slug__startswith=SLUG_PREFIX), deleted)
    return {label: count for label, count in deleted.items() if count}


def _wipe(queryset, deleted):
    """Delete ``queryset`` and what depends on it in SQL, as its foreign keys'
    on_delete say, without loading a row: the synthetic records have no history
    to keep, and the admin's deletion (one signal and one history row per
    object) would take many minutes for a whole dataset."""
    model = queryset.model
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete) or relation.many_to_many:
            continue
        field = relation.field
        dependants = relation.related_model._base_manager.filter(
            **{f"{field.name}__in": queryset.values("pk")}
        )
        on_delete = field.remote_field.on_delete
        if on_delete is CASCADE:
            _wipe(dependants, deleted)
        elif on_delete is SET_NULL:
            dependants.update(**{field.name: None})
        elif on_delete is PROTECT and dependants.exists():
            raise ProtectedError(
                f"{model._meta.label} rows are protected by {relation.related_model._meta.label}",
                set(dependants[:10]),
            )
    # QuerySet.delete() would load every row to send its signals; the dependants
    # were dealt with above.
    count = queryset._raw_delete(queryset.db)
    deleted[model._meta.label] = deleted.get(model._meta.label, 0) + count


def synthetic_tables() -> list[str]:
    """The tables the generator writes to, for ANALYZE."""
    models: list[type[Model]] = [
        Sector,
        Organization,
        Organization.sectors.through,
        Series,
        Event,
        EventOrganization,
        Event.related_agreements.through,
        Agreement,
        Agreement.themes.through,
        Party,
        Benefit,
        Benefit.granted_to.through,
        Commitment,
    ]
    return [model._meta.db_table for model in models] + search_index.search_tables()


def index_synthetic() -> int:
    """Index every record for search, the synthetic ones and the others (whose
    index ``delete_synthetic`` emptied too); return how many."""
    return search_index.rebuild()
