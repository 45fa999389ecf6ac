"""Stored statuses keep only decisions; the dates say the rest (agreements.lifecycle).

"In force" and "expired" were typed by hand: they become "signed", and the dates
decide. An agreement marked expired with no end date and no term would otherwise
read as in force: it becomes "terminated", the one decision that ends an
agreement, so no record is shown as running that its staff said had ended.
Commitments "cancelled" are "dropped". The end of every agreement's term is
written (``ends_on``).
"""

from django.db import migrations

from agreements.lifecycle import end_of_term


def forwards(apps, schema_editor):
    Agreement = apps.get_model("agreements", "Agreement")
    Commitment = apps.get_model("agreements", "Commitment")
    for agreement in Agreement._default_manager.all().iterator(chunk_size=2000):
        ends_on, precision = end_of_term(
            effective_from=agreement.effective_from,
            effective_until=agreement.effective_until,
            term_months=agreement.term_months,
            signed_on=agreement.signed_on,
            signed_on_precision=agreement.signed_on_precision,
        )
        status = agreement.status
        if status == "in_force":
            status = "signed"
        elif status == "expired":
            status = "signed" if ends_on is not None else "terminated"
        if (status, ends_on, precision) != (
            agreement.status,
            agreement.ends_on,
            agreement.ends_on_precision,
        ):
            Agreement._default_manager.filter(pk=agreement.pk).update(
                status=status, ends_on=ends_on, ends_on_precision=precision
            )
    Commitment._default_manager.filter(status="cancelled").update(status="dropped")


def backwards(apps, schema_editor):
    Commitment = apps.get_model("agreements", "Commitment")
    Commitment._default_manager.filter(status="dropped").update(status="cancelled")
    Commitment._default_manager.filter(status="unknown").update(status="planned")


class Migration(migrations.Migration):
    dependencies = [("agreements", "0008_lifecycle_owners_reminders")]

    operations = [migrations.RunPython(forwards, backwards)]
