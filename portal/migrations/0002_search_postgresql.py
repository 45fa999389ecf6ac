"""Added PostgreSQL's full-text and trigram search when search lived in portal;
that SQL is search/migrations/0002_postgresql.py now, written so that running
it again over what this migration made changes nothing.

Kept, empty, because databases record it as applied and later migrations
depend on it.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_search_entries")]

    operations = []
