"""Keep the search index current when staff edit records in the admin.

After a record and its inlines are saved, reverted to an earlier version or
restored after a deletion (``portal.signals.admin_saved``), the records that
show its words are reindexed; after a deletion, the records that showed them.
Bulk writers (load_demo, generate_data) rebuild the index themselves, and
``manage.py rebuild_search_index`` rebuilds everything.
"""

from django.db import transaction

from agreements.models import Agreement, Party
from events.models import Event, EventOrganization, Series
from organizations.models import Organization, Sector
from search import indexing
from search.models import SearchKind


def _sector_targets(sector):
    return {
        SearchKind.ORGANIZATION: sector.organizations.values("pk"),
        SearchKind.AGREEMENT: sector.agreements.values("pk"),
    }


def _organization_targets(organization):
    # Agreements and events show their parties' and organizers' names.
    return {
        SearchKind.ORGANIZATION: [organization.pk],
        SearchKind.AGREEMENT: organization.parties.values("agreement_id"),
        SearchKind.EVENT: organization.event_roles.values("event_id"),
    }


# For each model staff edit in the admin: which entries show its words, as
# {kind: ids of the records to reindex} (a list, or a subquery for many rows: a
# sector can be in thousands of records).
TARGETS = {
    Sector: _sector_targets,
    Organization: _organization_targets,
    Series: lambda series: {SearchKind.EVENT: series.events.values("pk")},
    Event: lambda event: {SearchKind.EVENT: [event.pk]},
    EventOrganization: lambda role: {SearchKind.EVENT: [role.event_id]},
    Agreement: lambda agreement: {SearchKind.AGREEMENT: [agreement.pk]},
    Party: lambda party: {SearchKind.AGREEMENT: [party.agreement_id]},
}


def forget_before_deletion(sender, instance, **kwargs):
    """Connected for the records the index shows (search.apps): their postings go
    with them, and the vocabulary's counts must not count them any more."""
    indexing.forget(SearchKind(sender._meta.model_name), [instance.pk])


def reindex_after_deletion(sender, instance, **kwargs):
    """Connected for the models of TARGETS: the records that showed the deleted
    one's words (an organizer's events, a sector's organizations) are rebuilt once
    the deletion is committed, when what depended on it is gone too."""
    targets = {
        # Read now: the links to the deleted record go with it.
        kind: ids if isinstance(ids, list) else [next(iter(row.values())) for row in ids]
        for kind, ids in TARGETS[sender](instance).items()
    }

    def reindex():
        for kind, ids in targets.items():
            indexing.index(kind, ids)

    transaction.on_commit(reindex)


def reindex_after_admin_save(sender, instance, **kwargs):
    """Connected for the models of TARGETS only (search.apps): benefits, contacts,
    relationships… show no words in any entry."""
    for kind, ids in TARGETS[sender](instance).items():
        indexing.index(kind, ids)
