"""Agreements with their parties, benefits, commitments and sources, and their events."""

from agreements.models import Agreement, Benefit, Commitment, Party, SourceDocument
from events.models import Event
from organizations.models import Organization, Sector


def load(records, data):
    for row in data["agreements"]:
        load_agreement(records, row)
    for row in data["events"]:
        records.set_m2m(
            records.get(Event, row["slug"]).related_agreements,
            records.get_all(Agreement, row.get("related_agreements", [])),
        )


def load_agreement(records, row):
    values = dict(row)
    themes = values.pop("themes", [])
    parties = values.pop("parties", [])
    benefits = values.pop("benefits", [])
    commitments = values.pop("commitments", [])
    sources = values.pop("sources", [])
    values["signing_event"] = records.get(Event, values.pop("signing_event", None))
    agreement = records.upsert_by_slug(Agreement, values)
    records.set_m2m(agreement.themes, records.get_all(Sector, themes))
    for party in parties:
        records.upsert(
            Party,
            {
                "agreement": agreement,
                "organization": records.get(Organization, party["organization"]),
            },
            {"role": party["role"]},
        )
    for benefit_row in benefits:
        benefit_values = dict(benefit_row)
        granted_to = benefit_values.pop("granted_to")
        benefit = records.upsert(
            Benefit,
            {"agreement": agreement, "category": benefit_values.pop("category")},
            benefit_values,
        )
        records.set_m2m(benefit.granted_to, records.get_all(Organization, granted_to))
    for commitment_row in commitments:
        commitment_values = dict(commitment_row)
        lookup = {"agreement": agreement, "description_en": commitment_values.pop("description_en")}
        records.upsert(Commitment, lookup, commitment_values)
    for source_row in sources:
        source_values = dict(source_row)
        lookup = {"agreement": agreement, "title": source_values.pop("title")}
        records.upsert(SourceDocument, lookup, source_values)
