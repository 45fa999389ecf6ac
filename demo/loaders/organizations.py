"""Sectors, organizations, the relationships between them and their contacts."""

from organizations.models import Contact, Organization, Relationship, Sector


def load(records, data):
    for row in data["sectors"]:
        records.upsert_by_slug(Sector, row)
    for row in data["organizations"]:
        values = dict(row)
        sectors = values.pop("sectors", [])
        organization = records.upsert_by_slug(Organization, values)
        records.set_m2m(organization.sectors, records.get_all(Sector, sectors))
    for row in data["relationships"]:
        values = dict(row)
        lookup = {
            "subject": records.get(Organization, values.pop("subject")),
            "kind": values.pop("kind"),
            "object": records.get(Organization, values.pop("object")),
        }
        records.upsert(Relationship, lookup, values)
    for row in data["contacts"]:
        values = dict(row)
        lookup = {
            "organization": records.get(Organization, values.pop("organization")),
            "name": values.pop("name"),
        }
        records.upsert(Contact, lookup, values)
