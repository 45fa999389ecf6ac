"""The agreements registry and an association's benefits as CSV files.

The visibility rules are the pages': parties are exported, never who signed for
them (a contact), and a benefit's claim details come from ``with_claim_details``.
How the files are written: ``portal.csv_export``.
"""

from functools import partial

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from agreements.filters import AgreementListFilter
from agreements.forms import BenefitAssociationForm
from agreements.models import Agreement, AgreementState, Benefit, Party
from portal import csv_export
from portal.browse import bad_filters_response

agreement_column = partial(csv_export.field_column, Agreement)
benefit_column = partial(csv_export.field_column, Benefit)


def agreements_csv(request):
    today = timezone.localdate()
    rows, error = csv_export.filtered(
        request, AgreementListFilter, Agreement.objects.for_export(today)
    )
    if error:
        return error
    kinds = csv_export.choice_labels(Agreement, "kind")
    # Where each agreement stands today, as the registry shows and filters it.
    states = {value: capfirst(str(label)) for value, label in AgreementState.choices}
    roles = csv_export.choice_labels(Party, "role", capitalize=False)

    def parties(agreement):
        return csv_export.names(
            f"{party.organization.name} ({roles.get(party.role, party.role)})"
            for party in agreement.party_set.all()
        )

    def signing_event(agreement):
        event = agreement.public_signing_event
        return event.display_name if event else ""

    columns = [
        agreement_column("title"),
        agreement_column("kind", lambda a: kinds.get(a.kind, a.kind)),
        agreement_column("status", lambda a: states.get(a.state, a.state)),
        agreement_column("signed_on", lambda a: a.signed),
        agreement_column("signing_place"),
        agreement_column("signing_event", signing_event),
        agreement_column("parties", parties),
        agreement_column("themes", lambda a: csv_export.names(a.themes.all())),
        agreement_column("effective_from"),
        agreement_column("effective_until"),
        agreement_column("term_months"),
        # Empty for an open-ended agreement: no end is guessed.
        agreement_column("ends_on", lambda a: a.ends),
        agreement_column("summary"),
        csv_export.page_column(request),
    ]
    return csv_export.csv_response("agreements", columns, rows)


def benefits_csv(request):
    """What the benefits page lists for the association in the query string.

    The benefits its members can claim today, by category, with their claim
    details where the visitor may see them.
    """
    form = BenefitAssociationForm(request.GET)
    if not form.is_valid():
        return bad_filters_response(form)
    association = form.cleaned_data["association"]
    benefits = Benefit.objects.claimable_by_members_of(
        association, timezone.localdate(), request.viewer
    )
    categories = csv_export.choice_labels(Benefit, "category")
    columns = [
        benefit_column("category", lambda b: categories.get(b.category, b.category)),
        benefit_column("description"),
        csv_export.Column(_("How to claim"), lambda b: b.claim_details),
        benefit_column("valid_from"),
        benefit_column("valid_until"),
        benefit_column("agreement", lambda b: b.agreement.title),
        csv_export.page_column(request, lambda b: b.agreement),
    ]
    return csv_export.csv_response(f"benefits-{association.slug}", columns, benefits)
