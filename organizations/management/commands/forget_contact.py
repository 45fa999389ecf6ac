"""Erase a person's contact details everywhere, their change history included.

The privacy page promises it: when someone asks for their contact details to be
deleted, the contact goes and so do the earlier versions kept in the history. Then
``portal.signals.person_forgotten`` carries the addresses the contact was reached at
to the apps that hold what was sent from them (the members app's requests), which
erase it in the same transaction.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from organizations.models import Contact
from portal.signals import person_forgotten


class Command(BaseCommand):
    help = "Delete a contact and every earlier version of it kept in the change history."

    def add_arguments(self, parser):
        parser.add_argument("contact_id", type=int, help="The contact's id (see the admin).")

    @transaction.atomic
    def handle(self, *args, contact_id, **options):
        versions = Contact.history.filter(id=contact_id)
        contact = Contact.objects.filter(pk=contact_id).first()
        if contact is None and not versions.exists():
            raise CommandError(f"No contact {contact_id}, live or in the history.")
        name = contact.name if contact else versions.latest().name
        emails = {contact.email} if contact else set()
        emails |= set(versions.values_list("email", flat=True))
        emails = sorted(email for email in emails if email)
        if contact is not None:
            contact.delete()
        erased, _ = Contact.history.filter(id=contact_id).delete()
        self.stdout.write(
            f"Contact {contact_id} ({name}) deleted, with {erased} versions from the history."
        )
        for _receiver, said in person_forgotten.send(sender=Contact, emails=emails):
            if said:
                self.stdout.write(str(said))
