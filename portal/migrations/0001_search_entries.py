"""Created the search tables when search lived in portal; the search app owns
them now (search/migrations/0001_initial.py adopts the tables this migration
made on existing databases and creates them on new ones).

Kept, empty, because databases record it as applied and later migrations
depend on it.
"""

from django.db import migrations


class Migration(migrations.Migration):

    initial = True

    dependencies = []

    operations = []
