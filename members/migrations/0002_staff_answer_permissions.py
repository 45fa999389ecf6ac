"""The association staff group of a database made before this app: it gets to read and
answer what members and the public send (a new database's group is made with them,
accounts.groups.ensure_staff_group)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF_GROUP_NAME = "Association staff"
CODENAMES = [
    f"{action}_{model}"
    for model in ("claim", "accessrequest", "correctionrequest")
    for action in ("view", "change")
]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=STAFF_GROUP_NAME).first()
    if group is None:
        return
    # Permissions are made after the last migration; these are needed now.
    members = apps.get_app_config("members")
    members.models_module = True
    create_permissions(
        members, verbosity=0, using=schema_editor.connection.alias, apps=apps
    )
    members.models_module = None
    Permission = apps.get_model("auth", "Permission")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="members", codename__in=CODENAMES)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
