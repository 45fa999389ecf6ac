"""An organization's page as schema.org reads it (JSON-LD): only what the page shows
everyone — never a contact, whose visibility varies."""

from django.conf import settings

from organizations.choices import OrganizationKind
from portal.templatetags.sharing import web_address

SCHEMA_TYPES = {
    OrganizationKind.UNIVERSITY: "CollegeOrUniversity",
    OrganizationKind.RESEARCH_CENTRE: "ResearchOrganization",
    OrganizationKind.HOSPITAL: "Hospital",
    OrganizationKind.COMPANY: "Corporation",
    OrganizationKind.GOVERNMENT: "GovernmentOrganization",
}


def postal_address(record):
    """The parts of a record's place schema.org's PostalAddress has, or None."""
    parts = {
        "addressLocality": record.city,
        "addressRegion": record.region,
        "addressCountry": record.country.code if record.country else "",
    }
    parts = {name: value for name, value in parts.items() if value}
    return {"@type": "PostalAddress", **parts} if parts else None


def organization_structured_data(organization, absolute_url):
    """schema.org's Organization (or a more precise type for its kind), its names in the
    active language first; ``absolute_url`` makes a path absolute."""
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(organization.kind, "Organization"),
        "name": organization.name,
        "url": absolute_url(organization.get_absolute_url()),
    }
    # Its acronym and its name in the other languages, when they differ.
    others = [organization.acronym] + [
        getattr(organization, f"name_{code}", "") for code, _name in settings.LANGUAGES
    ]
    alternate_names = []
    for name in others:
        if name and name != organization.name and name not in alternate_names:
            alternate_names.append(name)
    if alternate_names:
        data["alternateName"] = alternate_names
    if website := web_address(organization.website):
        data["sameAs"] = website
    if address := postal_address(organization):
        data["address"] = address
    if organization.founded_year:
        data["foundingDate"] = f"{organization.founded_year:04d}"
    if organization.description:
        data["description"] = organization.description
    return data
