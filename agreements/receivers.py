"""Keep each party's copy of where its organization is (``Party.organization_region``
and ``organization_country``) equal to the organization's own, whatever saves them."""

from agreements.models import Party


def copy_place_to_party(sender, instance, raw=False, **kwargs):
    """Before a party is saved: its organization's region and country."""
    if not raw:
        instance.copy_organization_place()


def copy_place_to_parties(sender, instance, raw=False, **kwargs):
    """After an organization is saved: its region and country on each of its parties
    that has another (one UPDATE, none of the rows when the place did not change)."""
    if raw:
        return
    Party.objects.filter(organization=instance).exclude(
        organization_region=instance.region, organization_country=instance.country
    ).update(organization_region=instance.region, organization_country=instance.country)
