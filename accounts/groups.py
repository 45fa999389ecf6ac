"""The permissions association staff get: every content model, sectors read-only, the
requests people send their associations to read and answer."""

from django.utils.translation import gettext_lazy as _

STAFF_GROUP_NAME = "Association staff"

# app label → models staff add, change, delete and view (their scope limits which rows).
STAFF_MODELS = {
    "organizations": ["organization", "contact", "relationship", "membership"],
    "agreements": ["agreement", "party", "benefit", "commitment", "sourcedocument"],
    "events": ["event", "eventorganization", "series"],
}
# Shared vocabulary that only administrators change.
STAFF_READ_ONLY = {"organizations": ["sector"]}
# What members and the public send the associations (claims, account requests,
# suggested corrections): staff read and answer it (their scope limits which rows),
# never add it nor delete it.
STAFF_ANSWER = {"members": ["claim", "accessrequest", "correctionrequest"]}

STAFF_GROUP_DESCRIPTION = _(
    "Association staff manage the records of their associations: give the account "
    "this group and choose its associations on its profile."
)


def staff_permission_codenames():
    codenames = []
    for app_label, models in STAFF_MODELS.items():
        for model in models:
            for action in ("add", "change", "delete", "view"):
                codenames.append((app_label, f"{action}_{model}"))
    for app_label, models in STAFF_READ_ONLY.items():
        codenames.extend((app_label, f"view_{model}") for model in models)
    for app_label, models in STAFF_ANSWER.items():
        for model in models:
            codenames += [(app_label, f"view_{model}"), (app_label, f"change_{model}")]
    return codenames


def ensure_staff_group(sender=None, using="default", **kwargs):
    """Create the staff group once all its permissions exist (after the last app migrates).

    Created only once: permissions an administrator removes later stay removed.
    """
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    if Group.objects.using(using).filter(name=STAFF_GROUP_NAME).exists():
        return
    wanted = staff_permission_codenames()
    condition = Q()
    for app_label, codename in wanted:
        condition |= Q(content_type__app_label=app_label, codename=codename)
    permissions = list(Permission.objects.using(using).filter(condition))
    if len(permissions) < len(wanted):
        return
    group = Group.objects.using(using).create(name=STAFF_GROUP_NAME)
    group.permissions.set(permissions)
