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


class PendingImport(models.Model):
    """A file uploaded for import, kept between its preview and its confirmation
    (``portal.import_storage``): in the database, which every app server shares."""

    name = models.CharField(_("name"), max_length=64, unique=True)
    data = models.BinaryField(_("file"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("file waiting to be imported")
        verbose_name_plural = _("files waiting to be imported")

    def __str__(self):
        return self.name
