from django.db import models
from django.utils.translation import gettext_lazy as _


class DeletedLinks(models.Model):
    """What other rows pointed to a deleted record, so that restoring it puts that back."""

    model = models.CharField(_("kind of record"), max_length=100)
    object_id = models.CharField(_("record"), max_length=64)
    noted_at = models.DateTimeField(_("noted at"), auto_now_add=True)
    links = models.JSONField(_("links"))

    class Meta:
        verbose_name = _("links of a deleted record")
        verbose_name_plural = _("links of deleted records")
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self):
        return f"{self.model} {self.object_id}"
