"""The search tables, now the search app's.

They were created by portal's migrations while search lived there, and keep
their names (portal_searchentry, portal_searchword). A database that ran those
migrations has the tables: they are adopted as they are, with their rows,
trigger and indexes. A new database gets them here.
"""

import django.contrib.postgres.search
import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models


class CreateModelUnlessTableExists(migrations.CreateModel):
    """CreateModel that leaves an existing table alone: only the model's state is created."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.name)
        with schema_editor.connection.cursor() as cursor:
            tables = schema_editor.connection.introspection.table_names(cursor)
        if model._meta.db_table not in tables:
            super().database_forwards(app_label, schema_editor, from_state, to_state)


def move_content_types(apps, schema_editor, old="portal", new="search"):
    """Content types (and so permissions) made while the models were portal's follow them."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label=old, model__in=["searchentry", "searchword"]
    ).update(app_label=new)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, old="search", new="portal")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('agreements', '0003_list_order_indexes'),
        ('events', '0002_list_order_indexes'),
        ('organizations', '0003_region_indexes'),
    ]

    operations = [
        CreateModelUnlessTableExists(
            name='SearchWord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('word', models.CharField(max_length=100, unique=True)),
            ],
            options={
                'db_table': 'portal_searchword',
            },
        ),
        CreateModelUnlessTableExists(
            name='SearchEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('organization', 'organization'), ('agreement', 'agreement'), ('event', 'event')], max_length=20, verbose_name='kind')),
                ('language', models.CharField(max_length=7, verbose_name='language')),
                ('title', models.CharField(max_length=300, verbose_name='title')),
                ('url', models.CharField(max_length=500, verbose_name='address')),
                ('names', models.TextField(verbose_name='names')),
                ('related', models.TextField(blank=True, verbose_name='related terms')),
                ('body', models.TextField(blank=True, verbose_name='text')),
                ('normalized_names', models.TextField()),
                ('normalized_related', models.TextField(blank=True)),
                ('normalized_body', models.TextField(blank=True)),
                ('vector', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                ('agreement', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='agreements.agreement')),
                ('event', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='events.event')),
                ('organization', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organizations.organization')),
            ],
            options={
                'db_table': 'portal_searchentry',
                'verbose_name': 'search entry',
                'verbose_name_plural': 'search entries',
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('agreement__isnull', True), ('event__isnull', True), ('kind', 'organization'), ('organization__isnull', False)), models.Q(('agreement__isnull', False), ('event__isnull', True), ('kind', 'agreement'), ('organization__isnull', True)), models.Q(('agreement__isnull', True), ('event__isnull', False), ('kind', 'event'), ('organization__isnull', True)), _connector='OR'), name='search_entry_points_to_its_kind'), models.UniqueConstraint(models.F('organization'), django.db.models.functions.text.Lower('language'), name='search_entry_one_per_organization'), models.UniqueConstraint(models.F('agreement'), django.db.models.functions.text.Lower('language'), name='search_entry_one_per_agreement'), models.UniqueConstraint(models.F('event'), django.db.models.functions.text.Lower('language'), name='search_entry_one_per_event')],
            },
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
