"""Delete the member account requests and suggested corrections received more than 12
months ago, answered or not.

    python manage.py purge_requests [--dry-run] [--today YYYY-MM-DD]

Run it daily (cron), like ``send_reminders``; running it again the same day deletes
nothing more. ``--today`` runs it as on another day (tests, catching up);
``--dry-run`` counts what would be deleted and deletes nothing.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.management.commands.send_reminders import parse_day
from members import retention


class Command(BaseCommand):
    help = "Delete the requests sent through the public forms received over 12 months ago."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be deleted; delete nothing.",
        )
        parser.add_argument(
            "--today",
            metavar="YYYY-MM-DD",
            help="Run as on this day rather than today.",
        )

    def handle(self, *args, dry_run, today, **options):
        today = parse_day(today) if today is not None else timezone.localdate()
        since = retention.kept_since(today).date().isoformat()
        if dry_run:
            counts = {
                model._meta.label: retention.expired(model, today).count()
                for model in retention.PURGED
            }
            message = _(
                "%(day)s, dry run: %(access)s member account requests and %(corrections)s "
                "suggested corrections received before %(since)s would be deleted."
            )
        else:
            counts = retention.purge(today)
            message = _(
                "%(day)s: %(access)s member account requests and %(corrections)s suggested "
                "corrections received before %(since)s deleted."
            )
        self.stdout.write(
            message
            % {
                "day": today.isoformat(),
                "access": counts["members.AccessRequest"],
                "corrections": counts["members.CorrectionRequest"],
                "since": since,
            }
        )
