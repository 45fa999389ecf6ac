from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Organizations")

    def ready(self):
        # After modeltranslation's ready(): see portal.history.
        from django.db.models.signals import pre_save

        from organizations import receivers
        from organizations.models import Organization
        from portal.history import register_models

        register_models(self)
        pre_save.connect(
            receivers.locate_organization,
            sender=Organization,
            dispatch_uid="organizations.organization_place",
        )
