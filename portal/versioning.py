"""No lost updates: every save of an edited record checks the version it started from.

A versioned model carries a ``version`` number. Saving an existing record turns
its UPDATE into ``UPDATE … SET version = n + 1 … WHERE id = … AND version = n``,
where *n* is the version the editor loaded. If someone else saved in between, no
row matches and :class:`RecordChanged` is raised instead of silently overwriting
their work. The check is in the statement itself, so it holds when two saves
race: the database applies one and the other matches nothing.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.display import choice_label


class RecordChanged(Exception):
    """The record was changed or deleted by someone else since it was loaded."""

    def __init__(self, instance):
        self.instance = instance
        super().__init__(f"{type(instance).__name__} {instance.pk} changed since it was loaded")


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Raised by one at every save, to detect concurrent edits."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        restoring = getattr(self, "_restoring", False)
        if self._state.adding or restoring:
            # A new record, or a deleted one put back from its history: inserted.
            self._expected_version = None
        else:
            self._expected_version = self.version
            self.version = self.version + 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "version" not in update_fields:
                kwargs["update_fields"] = [*update_fields, "version"]
        try:
            super().save(*args, **kwargs)
        except RecordChanged:
            self.version = self._expected_version
            raise
        finally:
            self._expected_version = None
            self._restoring = False

    def _get_FIELD_display(self, field):
        # Behind every get_FOO_display(): a label from a table built once per field.
        return choice_label(field, getattr(self, field.attname))

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update, *args):
        expected = getattr(self, "_expected_version", None)
        if expected is None:
            return super()._do_update(
                base_qs, using, pk_val, values, update_fields, forced_update, *args
            )
        updated = super()._do_update(
            base_qs.filter(version=expected),
            using,
            pk_val,
            values,
            update_fields,
            True,  # never fall back to an INSERT: a vanished row is a conflict too
            *args,
        )
        if not updated:
            raise RecordChanged(self)
        return updated
