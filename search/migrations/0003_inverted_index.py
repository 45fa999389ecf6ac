"""Search as an inverted index in plain tables (search.models), the same on
SQLite and PostgreSQL: a vocabulary, each kind's postings and the records'
whole names. It replaces the per-language entries with their PostgreSQL
full-text vectors, trigger and trigram indexes, and the old vocabulary; the
index is rebuilt from the records (``manage.py rebuild_search_index``), which
``load_demo`` and ``generate_data`` do by themselves.
"""

from importlib import import_module

import django.db.models.deletion
from django.db import migrations, models

from portal.migration_operations import RunSQLOnPostgreSQL

# Going back to 0002 makes its functions, trigger and indexes again (below, after
# the old tables are made again).
FULL_TEXT_SEARCH = import_module("search.migrations.0002_postgresql")

DROP_FULL_TEXT_FUNCTIONS = """
DROP TRIGGER IF EXISTS portal_searchentry_vector ON portal_searchentry;
DROP FUNCTION IF EXISTS portal_searchentry_set_vector();
DROP FUNCTION IF EXISTS passerelle_search_config(text);
DROP FUNCTION IF EXISTS passerelle_unaccent(text);
"""

KINDS = [("organization", "organization"), ("agreement", "agreement"), ("event", "event")]


def posting(name, record_model, prefix):
    return [
        migrations.CreateModel(
            name=name,
            fields=[
                ("in_name", models.BooleanField(default=False)),
                ("importance", models.IntegerField(default=0)),
                (
                    "term",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        to="search.searchterm",
                    ),
                ),
                (
                    "record",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=record_model,
                    ),
                ),
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "record",
                        "term",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
            ],
            options={
                "abstract": False,
                "indexes": [
                    models.Index(
                        models.F("term"),
                        models.F("importance"),
                        models.F("record"),
                        name=f"{prefix}_term_idx",
                    ),
                    models.Index(
                        models.F("term"),
                        models.F("importance"),
                        models.F("record"),
                        condition=models.Q(in_name=True),
                        name=f"{prefix}_name_idx",
                    ),
                ],
            },
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0004_owner_version_history"),
        ("events", "0003_owner_version_history"),
        ("organizations", "0004_owner_version_history"),
        ("search", "0002_postgresql"),
    ]

    operations = [
        RunSQLOnPostgreSQL(sql=DROP_FULL_TEXT_FUNCTIONS, reverse_sql=FULL_TEXT_SEARCH.FORWARD),
        migrations.DeleteModel(name="SearchEntry"),
        migrations.DeleteModel(name="SearchWord"),
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.CharField(max_length=40, unique=True)),
                ("start", models.CharField(max_length=2)),
                ("end", models.CharField(max_length=2)),
                ("length", models.PositiveSmallIntegerField()),
                ("organization_count", models.PositiveIntegerField(default=0)),
                ("agreement_count", models.PositiveIntegerField(default=0)),
                ("event_count", models.PositiveIntegerField(default=0)),
            ],
            options={
                "indexes": [
                    models.Index(fields=["start", "length"], name="search_term_start_idx"),
                    models.Index(fields=["end", "length"], name="search_term_end_idx"),
                ],
            },
        ),
        *posting("OrganizationPosting", "organizations.organization", "search_org"),
        *posting("AgreementPosting", "agreements.agreement", "search_agr"),
        *posting("EventPosting", "events.event", "search_evt"),
        migrations.CreateModel(
            name="SearchName",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(db_index=True, max_length=300)),
                ("kind", models.CharField(choices=KINDS, max_length=20)),
                (
                    "organization",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organizations.organization",
                    ),
                ),
                (
                    "agreement",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="agreements.agreement",
                    ),
                ),
                (
                    "event",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="events.event",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("agreement__isnull", True),
                                ("event__isnull", True),
                                ("kind", "organization"),
                                ("organization__isnull", False),
                            ),
                            models.Q(
                                ("agreement__isnull", False),
                                ("event__isnull", True),
                                ("kind", "agreement"),
                                ("organization__isnull", True),
                            ),
                            models.Q(
                                ("agreement__isnull", True),
                                ("event__isnull", False),
                                ("kind", "event"),
                                ("organization__isnull", True),
                            ),
                            _connector="OR",
                        ),
                        name="search_name_points_to_its_kind",
                    )
                ],
            },
        ),
    ]
