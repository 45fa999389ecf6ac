"""Load the demo data of the five seed press releases (demo/demo_data.toml).

Idempotent: every record is looked up by its natural key and saved only when a
value differs, so a second run changes nothing, not even a timestamp.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo import search_index
from demo.data import read_demo_data
from demo.loaders import accounts, agreements, events, organizations
from demo.loaders.accounts import (
    DEMO_ADMIN_PASSWORD,
    DEMO_ADMIN_USERNAME,
    DEMO_MEMBER_USERNAME,
    DEMO_STAFF,
)
from demo.loaders.records import Records
from portal.page_cache import content_changed


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
        records = Records()
        data = read_demo_data()
        with transaction.atomic():
            for family in (organizations, events, agreements):
                family.load(records, data)
            if records.changed or not search_index.is_complete():
                search_index.rebuild()
            if admin:
                accounts.load(records)
                staff = ", ".join(staff.username for staff in DEMO_STAFF)
                self.stdout.write(
                    f"Demo administrator: {DEMO_ADMIN_USERNAME} / {DEMO_ADMIN_PASSWORD}; "
                    f"association staff ({staff}) and a member of BIOQuébec "
                    f"({DEMO_MEMBER_USERNAME}) with the same password (local development only)"
                )
        if records.changed:
            content_changed()
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo data loaded ({records.changed} records created or updated)."
                )
            )
