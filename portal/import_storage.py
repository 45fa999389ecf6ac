"""Where the admin's imports (django-import-export) keep an uploaded file between
its preview and its confirmation: a row of the database (``PendingImport``), so the
confirmation may reach any app server, not only the one that read the preview (a
temporary folder is one machine's; the local-memory cache one process's). A file
never confirmed is removed a day later, when another is uploaded."""

import datetime
import uuid

from django.utils import timezone
from import_export.tmp_storages import BaseStorage

from portal.models import PendingImport

KEPT_FOR = datetime.timedelta(days=1)


class DatabaseStorage(BaseStorage):
    def save(self, data):
        if not self.name:
            self.name = uuid.uuid4().hex
        if isinstance(data, str):
            data = data.encode(self.encoding or "utf-8")
        PendingImport.objects.filter(uploaded_at__lt=timezone.now() - KEPT_FOR).delete()
        PendingImport.objects.update_or_create(name=self.name, defaults={"data": data})

    def read(self):
        """The file as saved, as bytes or as text in its encoding (``read_mode``); a
        file gone (imported already, or too old) raises ``PendingImport.DoesNotExist``."""
        data = bytes(PendingImport.objects.get(name=self.name).data)
        if "b" in self.read_mode:
            return data
        return data.decode(self.encoding or "utf-8")

    def remove(self):
        PendingImport.objects.filter(name=self.name).delete()
