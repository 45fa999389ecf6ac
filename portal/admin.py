"""The admin of what belongs to no app."""

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

# The queue of background work keeps each task's arguments: the address typed in any
# password-reset form, the text of any email. No one needs to browse them; the worker
# logs every failure.
admin.site.unregister(DBTaskResult)
