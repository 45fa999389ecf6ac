"""Signals the foundation sends for the layers above it to act on."""

from django.dispatch import Signal

# Sent by the admin (portal.admin_base) once a record is saved with its inlines and
# many-to-many links, reverted to an earlier version, or restored after a deletion:
# ``sender`` is the model, ``instance`` the record. Whatever is derived from records
# (search entries) is rebuilt from it.
admin_saved = Signal()
