"""The organizations directory as a CSV file, for the query string's filters.

No contact is exported. How the file is written: ``portal.csv_export``.
"""

from functools import partial

from organizations.filters import OrganizationListFilter
from organizations.models import Organization
from portal import csv_export

column = partial(csv_export.field_column, Organization)


def organizations_csv(request):
    organizations = Organization.objects.for_export()
    rows, error = csv_export.filtered(request, OrganizationListFilter, organizations)
    if error:
        return error
    kinds = csv_export.choice_labels(Organization, "kind")
    qualifiers = csv_export.choice_labels(Organization, "member_count_qualifier", capitalize=False)
    countries = csv_export.country_names()

    def qualifier(organization):
        if not organization.member_count:
            return ""
        return qualifiers.get(organization.member_count_qualifier, "")

    columns = [
        column("name"),
        column("acronym"),
        column("kind", lambda o: kinds.get(o.kind, o.kind)),
        column("sectors", lambda o: csv_export.names(o.sectors.all())),
        column("city"),
        column("region"),
        column("country", lambda o: countries.get(o.country.code, "")),
        column("website"),
        column("founded_year"),
        column("member_count"),
        column("member_count_qualifier", qualifier),
        column("member_count_as_of", lambda o: o.member_count_date),
        column("description"),
        csv_export.page_column(request),
    ]
    return csv_export.csv_response("organizations", columns, rows)
