"""Load the demo data of the five seed press releases (see portal/demo_data.py).

Idempotent: every record is looked up by its natural key and saved only when a
value differs, so a second run changes nothing, not even a timestamp.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from agreements.models import Agreement, Benefit, Commitment, Party, SourceDocument
from events.models import Event, EventOrganization, Series
from organizations.models import Contact, Organization, Relationship, Sector
from portal import demo_data, search

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "passerelle-demo"
DEMO_STAFF_USERNAME = "bioquebec-staff"


class Command(BaseCommand):
    help = "Load the organizations, agreements and events of the seed press releases."

    def add_arguments(self, parser):
        parser.add_argument(
            "--admin",
            action="store_true",
            help=(
                f"Also create the demo administrator {DEMO_ADMIN_USERNAME!r} "
                "(refused unless DEBUG is on)."
            ),
        )

    def handle(self, *args, admin=False, **options):
        if admin and not settings.DEBUG:
            raise CommandError(
                "The demo administrator has a published password: it is only created "
                "when DEBUG is on (local development)."
            )
        self.changed = 0
        with transaction.atomic():
            self.load()
            if self.changed or not self.search_index_complete():
                search.rebuild()
            if admin:
                self.ensure_admin()
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(f"Demo data loaded ({self.changed} records created or updated).")
            )

    def load(self):
        sectors = {
            slug: self.upsert(Sector, {"slug": slug}, {"name_en": en, "name_fr": fr})
            for slug, en, fr in demo_data.SECTORS
        }

        organizations = {}
        for row in demo_data.ORGANIZATIONS:
            values = dict(row)
            sector_slugs = values.pop("sectors", [])
            slug = values.pop("slug")
            organization = self.upsert(Organization, {"slug": slug}, values)
            self.set_m2m(organization.sectors, [sectors[s] for s in sector_slugs])
            organizations[slug] = organization

        for subject, kind, obj, extra in demo_data.RELATIONSHIPS:
            self.upsert(
                Relationship,
                {
                    "subject": organizations[subject],
                    "kind": kind,
                    "object": organizations[obj],
                },
                extra,
            )

        for row in demo_data.CONTACTS:
            values = dict(row)
            lookup = {
                "organization": organizations[values.pop("organization")],
                "name": values.pop("name"),
            }
            self.upsert(Contact, lookup, values)

        series = {}
        for row in demo_data.SERIES:
            values = dict(row)
            slug = values.pop("slug")
            organizer = values.pop("organizer", None)
            values["organizer"] = organizations[organizer] if organizer else None
            series[slug] = self.upsert(Series, {"slug": slug}, values)

        events = {}
        event_links = {}
        for row in demo_data.EVENTS:
            values = dict(row)
            slug = values.pop("slug")
            roles = [("organizer", s) for s in values.pop("organizers", [])] + [
                ("participant", s) for s in values.pop("participants", [])
            ]
            event_links[slug] = values.pop("related_agreements", [])
            series_slug = values.pop("series", None)
            values["series"] = series[series_slug] if series_slug else None
            event = self.upsert(Event, {"slug": slug}, values)
            for role, org_slug in roles:
                self.upsert(
                    EventOrganization,
                    {"event": event, "organization": organizations[org_slug]},
                    {"role": role},
                )
            events[slug] = event

        agreements = {}
        for row in demo_data.AGREEMENTS:
            values = dict(row)
            slug = values.pop("slug")
            themes = values.pop("themes", [])
            parties = values.pop("parties", [])
            benefits = values.pop("benefits", [])
            commitments = values.pop("commitments", [])
            sources = values.pop("sources", [])
            signing_event = values.pop("signing_event", None)
            values["signing_event"] = events[signing_event] if signing_event else None
            agreement = self.upsert(Agreement, {"slug": slug}, values)
            self.set_m2m(agreement.themes, [sectors[s] for s in themes])
            for org_slug, role in parties:
                self.upsert(
                    Party,
                    {"agreement": agreement, "organization": organizations[org_slug]},
                    {"role": role},
                )
            for benefit_row in benefits:
                benefit_values = dict(benefit_row)
                granted_to = benefit_values.pop("granted_to")
                benefit = self.upsert(
                    Benefit,
                    {"agreement": agreement, "category": benefit_values.pop("category")},
                    benefit_values,
                )
                self.set_m2m(benefit.granted_to, [organizations[s] for s in granted_to])
            for commitment_row in commitments:
                commitment_values = dict(commitment_row)
                self.upsert(
                    Commitment,
                    {
                        "agreement": agreement,
                        "description_en": commitment_values.pop("description_en"),
                    },
                    commitment_values,
                )
            for source_row in sources:
                source_values = dict(source_row)
                self.upsert(
                    SourceDocument,
                    {"agreement": agreement, "title": source_values.pop("title")},
                    source_values,
                )
            agreements[slug] = agreement

        for event_slug, agreement_slugs in event_links.items():
            self.set_m2m(
                events[event_slug].related_agreements, [agreements[s] for s in agreement_slugs]
            )

    def search_index_complete(self):
        from portal.models import SearchEntry

        expected = len(search.LANGUAGES) * (
            Organization.objects.count() + Agreement.objects.count() + Event.objects.count()
        )
        return SearchEntry.objects.count() == expected

    def upsert(self, model, lookup, values):
        """Create the record, or update it only where a value differs."""
        instance = model._default_manager.filter(**lookup).first()
        if instance is None:
            instance = model(**lookup, **values)
        else:
            changed = {
                field: value for field, value in values.items() if getattr(instance, field) != value
            }
            if not changed:
                return instance
            for field, value in changed.items():
                setattr(instance, field, value)
        instance.full_clean()
        instance.save()
        self.changed += 1
        return instance

    def set_m2m(self, manager, objects):
        if {obj.pk for obj in manager.all()} != {obj.pk for obj in objects}:
            manager.set(objects)
            self.changed += 1

    def ensure_admin(self):
        User = get_user_model()
        user = User.objects.filter(username=DEMO_ADMIN_USERNAME).first()
        if user is None:
            User.objects.create_superuser(
                username=DEMO_ADMIN_USERNAME,
                email="admin@passerelle.invalid",
                password=DEMO_ADMIN_PASSWORD,
            )
            self.changed += 1
        self.ensure_staff()
        self.stdout.write(
            f"Demo administrator: {DEMO_ADMIN_USERNAME} / {DEMO_ADMIN_PASSWORD}; "
            f"BIOQuébec staff: {DEMO_STAFF_USERNAME} / {DEMO_ADMIN_PASSWORD} "
            "(local development only)"
        )

    def ensure_staff(self):
        """A staff account of BIOQuébec, to try the admin as association staff see it."""
        from django.contrib.auth.models import Group

        from accounts.groups import STAFF_GROUP_NAME, ensure_staff_group
        from accounts.models import Profile

        User = get_user_model()
        if User.objects.filter(username=DEMO_STAFF_USERNAME).exists():
            return
        ensure_staff_group()
        user = User.objects.create_user(
            username=DEMO_STAFF_USERNAME,
            email="staff@bioquebec.invalid",
            password=DEMO_ADMIN_PASSWORD,
            is_staff=True,
        )
        user.groups.add(Group.objects.get(name=STAFF_GROUP_NAME))
        Profile.objects.create(user=user).associations.add(
            Organization.objects.get(slug="bioquebec")
        )
        self.changed += 1
