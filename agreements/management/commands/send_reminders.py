"""Send the reminders due today: agreements' ends and commitments' due dates.

    python manage.py send_reminders [--dry-run] [--today YYYY-MM-DD]

Run it daily (cron); running it again the same day sends nothing more. The emails
leave through the task queue (``manage.py db_worker``). ``--dry-run`` lists what
would be sent, to whom, and what would be passed over, recording and sending
nothing; ``--today`` runs it as on another day (tests, catching up).
"""

import datetime
import re

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements import reminders

# Only YYYY-MM-DD: date.fromisoformat also reads 20260630 and 2026-W27-2, which a
# typo can turn into another day.
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_day(text: str) -> datetime.date:
    try:
        if not DAY.fullmatch(text):
            raise ValueError(text)
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("--today must be a date written YYYY-MM-DD, such as 2026-06-30; got “%(text)s”.")
            % {"text": text}
        ) from None


def describe(item: reminders.Planned, due: reminders.Due) -> str:
    """'agreement ending, 30 days before 2026-06-30: “Title”' and the like."""
    occasion = reminders.Occasion(due.occasion).label
    if due.occasion == reminders.Occasion.ENDING:
        occasion = _("%(occasion)s, %(days)s days before %(date)s") % {
            "occasion": occasion,
            "days": due.step,
            "date": due.about_date.isoformat(),
        }
    elif due.occasion == reminders.Occasion.OVERDUE:
        occasion = _("%(occasion)s, reminder %(week)s of %(weeks)s, due %(date)s") % {
            "occasion": occasion,
            "week": due.step,
            "weeks": reminders.OVERDUE_TIMES,
            "date": due.about_date.isoformat(),
        }
    else:
        occasion = _("%(occasion)s, %(date)s") % {
            "occasion": occasion,
            "date": due.about_date.isoformat(),
        }
    record = item.agreement.title if item.commitment is None else str(item.commitment)
    return f"{occasion}: “{record}” (#{item.agreement.pk})"


def addressees(item: reminders.Planned) -> str:
    return ", ".join(
        f"{r.staff.email} ({r.because}, {r.association.name})" for r in item.recipients
    ) or _("nobody: no active staff with an email")


class Command(BaseCommand):
    help = "Send the reminders of agreements' ends and commitments' due dates due today."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List what would be sent and to whom; record and send nothing.",
        )
        parser.add_argument(
            "--today",
            metavar="YYYY-MM-DD",
            help="Run as on this day rather than today.",
        )

    def handle(self, *args, dry_run, today, **options):
        today = parse_day(today) if today is not None else timezone.localdate()
        if dry_run:
            self.dry_run(today)
            return
        if not settings.SITE_URL:
            raise CommandError(
                _(
                    "Set SITE_URL (or ALLOWED_HOSTS) to the site's address: the reminders "
                    "link to the records."
                )
            )
        outcome = reminders.send_due_reminders(today, site_url=settings.SITE_URL)
        for item in outcome.sent:
            self.stdout.write(
                _("Sent: %(what)s → %(to)s")
                % {"what": describe(item, item.due), "to": addressees(item)}
            )
        for item in outcome.unaddressed:
            self.stdout.write(
                _("Not sent, nobody to send it to: %(what)s") % {"what": describe(item, item.due)}
            )
        self.stdout.write(
            _(
                "%(day)s: %(sent)s reminders sent (%(emails)s emails queued), %(passed)s passed "
                "over, %(unaddressed)s with nobody to send them to, %(taken)s sent by another run."
            )
            % {
                "day": today.isoformat(),
                "sent": len(outcome.sent),
                "emails": outcome.emails,
                "passed": outcome.passed_over,
                "unaddressed": len(outcome.unaddressed),
                "taken": outcome.taken,
            }
        )

    def dry_run(self, today):
        planned = reminders.plan(today)
        sent = passed = 0
        for item in planned:
            if item.due is not None:
                sent += 1
                self.stdout.write(
                    _("Would send: %(what)s → %(to)s")
                    % {"what": describe(item, item.due), "to": addressees(item)}
                )
            for due in item.passed_over:
                passed += 1
                self.stdout.write(_("Would pass over: %(what)s") % {"what": describe(item, due)})
        self.stdout.write(
            _(
                "%(day)s, dry run: %(sent)s reminders would be sent, %(passed)s passed over; "
                "nothing was recorded or sent."
            )
            % {"day": today.isoformat(), "sent": sent, "passed": passed}
        )
