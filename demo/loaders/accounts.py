"""The demo administrator and a BIOQuébec staff account, for local development only."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.groups import STAFF_GROUP_NAME, ensure_staff_group
from accounts.models import Profile
from organizations.models import Organization

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "passerelle-demo"
DEMO_STAFF_USERNAME = "bioquebec-staff"


def load(records):
    User = get_user_model()
    if not User.objects.filter(username=DEMO_ADMIN_USERNAME).exists():
        User.objects.create_superuser(
            username=DEMO_ADMIN_USERNAME,
            email="admin@passerelle.invalid",
            password=DEMO_ADMIN_PASSWORD,
        )
        records.changed += 1
    # To try the admin as association staff see it.
    if not User.objects.filter(username=DEMO_STAFF_USERNAME).exists():
        ensure_staff_group()
        user = User.objects.create_user(
            username=DEMO_STAFF_USERNAME,
            email="staff@bioquebec.invalid",
            password=DEMO_ADMIN_PASSWORD,
            is_staff=True,
        )
        user.groups.add(Group.objects.get(name=STAFF_GROUP_NAME))
        Profile.objects.create(user=user).associations.add(
            Organization.objects.get(slug="bioquebec")
        )
        records.changed += 1
