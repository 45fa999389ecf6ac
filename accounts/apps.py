from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from accounts.groups import ensure_staff_group

        # Permissions only exist once every app has migrated.
        post_migrate.connect(ensure_staff_group, dispatch_uid="accounts.ensure_staff_group")
