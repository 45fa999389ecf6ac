"""Signals that lower apps send and higher apps answer, so that no lower app
imports a higher one."""

from django.dispatch import Signal

# Sent by the admin base (portal.admin_base) once a record written through the
# admin is in its final state: after it and its inlines are saved, after a
# revert to an earlier version, after a restore from the deleted list.
# Arguments: sender, the model class; instance, the record (for a restore, the
# restored record itself, not the rows restored with it). The search app
# rebuilds the entries that show the record's words (search.receivers).
admin_saved = Signal()

# Sent by ``forget_contact`` once a person's contact details are erased, with the
# addresses they were reached at (``emails``, a list of strings), in the same
# transaction. The members app erases the requests made from those addresses
# (members.privacy); a receiver may return a sentence saying what it erased, which
# the command prints. Claims belong to an account: ``forget_user`` erases them.
person_forgotten = Signal()
