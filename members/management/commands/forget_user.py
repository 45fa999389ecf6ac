"""Erase a person's account and what the portal holds about it (members.privacy).

The privacy page promises it: their claims, the member account requests and
suggested corrections made from the account or its address, their profile, their
name in the change history, and the account itself go, in one transaction.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from members.privacy import forget_account


class Command(BaseCommand):
    help = (
        "Delete an account with its claims, its requests and its profile, and remove its "
        "name from the change history."
    )

    def add_arguments(self, parser):
        parser.add_argument("user", help="The account's username, or its id (see the admin).")

    def handle(self, *args, user, **options):
        account = self.find(user)
        pk = account.pk
        forgotten = forget_account(account)
        self.stdout.write(
            "\n".join(
                [
                    f"Account {pk} ({forgotten.username}) deleted, with:",
                    f"- {forgotten.claims} claim(s) "
                    f"({forgotten.units_given_back} unit(s) of pending ones given back to "
                    "their allowance; approved ones stay counted);",
                    f"- {forgotten.account_requests} member account request(s) and "
                    f"{forgotten.corrections} suggested correction(s);",
                    f"- {'its' if forgotten.profile else 'no'} profile;",
                    f"- its name removed from {forgotten.history_versions} version(s) of the "
                    "change history;",
                    f"- {forgotten.admin_log_entries} entry(ies) of the admin's log.",
                ]
            )
        )

    def find(self, value):
        """The account named ``value``; else, for a number, the account with that id."""
        users = get_user_model()._default_manager
        account = users.filter(**{get_user_model().USERNAME_FIELD: value}).first()
        if account is None and value.isascii() and value.isdigit() and len(value) < 19:
            account = users.filter(pk=int(value)).first()
        if account is None:
            raise CommandError(f"No account with the username or id {value!r}.")
        return account
