"""Imports from a spreadsheet in the admin (django-import-export), all or nothing.

``PortalImportMixin`` goes before ``PortalAdmin`` on a ModelAdmin whose
``resource_classes`` build on the app's import resources. The file is read, every
row is checked and the preview shows, line by line (the header is line 1), what
each row adds or changes, or why it is refused. The confirm button is offered only
when no row fails, and the confirmed import runs again in one transaction that
writes nothing if any row fails then. Refused uploads answer 400 with their reason.

Only administrators and association staff who may both add and change records of
the model may import; each resource limits its rows to the importer's scope.
After the import, ``portal.signals.admin_saved`` is sent for each record written,
as after a form's save, so that search entries follow.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ConfirmImportForm, ImportForm
from import_export.results import RowResult

from portal.signals import admin_saved

# What a zip archive (an .xlsx workbook is one) starts with.
ZIP_MAGIC = b"PK\x03\x04"


class UploadForm(ImportForm):
    """The file to import: not too big, and in the format chosen."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        self.fields["import_file"].help_text = _(
            "A CSV file (UTF-8, separated by commas or semicolons) or an Excel workbook "
            "(.xlsx) of at most %(size)s, whose first line names the columns."
        ) % {"size": filesizeformat(settings.IMPORT_MAX_UPLOAD_SIZE)}
        # Without a choice, the format is the file name's (no script guesses it here).
        self.fields["format"].required = False
        self.fields["format"].choices = [
            ("", _("As the file name says (.csv, .xlsx)")),
            *[(value, label) for value, label in self.fields["format"].choices if value != ""],
        ]
        self.fields["format"].help_text = _("CSV or xlsx, as the file is.")

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        chosen = cleaned.get("format")
        if upload is None:
            return cleaned
        if upload.size > settings.IMPORT_MAX_UPLOAD_SIZE:
            self.add_error(
                "import_file",
                forms.ValidationError(
                    _("The file is too big: at most %(size)s."),
                    code="too_big",
                    params={"size": filesizeformat(settings.IMPORT_MAX_UPLOAD_SIZE)},
                ),
            )
            return cleaned
        if chosen in (None, ""):
            chosen = self.format_of(upload.name)
            if chosen is None:
                self.add_error(
                    "format",
                    forms.ValidationError(
                        _("Choose the format: the file name ends neither in .csv nor in .xlsx."),
                        code="format",
                    ),
                )
                return cleaned
            cleaned["format"] = chosen
        head = upload.read(len(ZIP_MAGIC))
        upload.seek(0)
        binary = self.formats[int(chosen)]().is_binary()
        if binary and head != ZIP_MAGIC:
            self.add_error(
                "import_file",
                forms.ValidationError(
                    _("This file is not an Excel workbook (.xlsx). Choose the format it has."),
                    code="not_xlsx",
                ),
            )
        elif not binary and head == ZIP_MAGIC:
            self.add_error(
                "import_file",
                forms.ValidationError(
                    _("This file is an Excel workbook, not CSV text: choose the xlsx format."),
                    code="not_csv",
                ),
            )
        return cleaned

    def format_of(self, file_name):
        """The index of the format a file name's extension says, or None."""
        extension = file_name.rsplit(".", 1)[-1].casefold() if "." in file_name else ""
        for index, file_format in enumerate(self.formats):
            if file_format().get_extension() == extension:
                return str(index)
        return None


class SpreadsheetCSV(CSV):
    """CSV as spreadsheets save it: comma-separated, or semicolon-separated where the
    comma is the decimal mark (French-language Excel)."""

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes) and self.encoding:
            in_stream = in_stream.decode(self.encoding)
        header = in_stream.split("\n", 1)[0] if isinstance(in_stream, str) else ""
        if header.count(";") > header.count(","):
            kwargs.setdefault("delimiter", ";")
        return super().create_dataset(in_stream, **kwargs)


def has_failures(result):
    return result is not None and (result.has_errors() or result.has_validation_errors())


class PortalImportMixin(ImportMixin):
    import_export_change_list_template = "admin/portal/change_list_import.html"
    import_template_name = "admin/portal/import.html"
    import_form_class = UploadForm
    confirm_form_class = ConfirmImportForm

    def get_import_formats(self):
        return [SpreadsheetCSV, XLSX]

    def has_import_permission(self, request):
        viewer = request.viewer
        return (
            (viewer.is_admin or bool(viewer.is_staff and viewer.staff_of))
            and self.has_add_permission(request)
            and self.has_change_permission(request)
        )

    def get_context_data(self, **kwargs):
        resource = self.get_import_resource_classes(None)[0]
        return {"columns": resource.column_help(), "matching": resource.matching_help}

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "viewer": request.viewer}

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, UnicodeError):
            message = _(
                "The file is not UTF-8 text. In your spreadsheet, save it as “CSV UTF-8”, "
                "or import the Excel workbook itself."
            )
        else:
            message = _("The file could not be read in the format chosen. Check the format.")
        form.add_error("import_file", message)

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        form = context.get("form")
        if request.method == "POST" and (
            (form is not None and form.errors) or has_failures(context.get("result"))
        ):
            # Nothing can be imported from this upload: the page says why, and the copy
            # kept for the confirmation goes.
            response.status_code = 400
            upload = (form.files or {}).get("import_file") if form is not None else None
            if getattr(upload, "tmp_storage_name", None):
                self.get_tmp_storage_class()(
                    name=upload.tmp_storage_name, **self.get_tmp_storage_class_kwargs()
                ).remove()
        return response

    def process_import(self, request, **kwargs):
        """The confirmed import: run again, and written only if every row passes now."""
        if request.method != "POST":
            return super().process_import(request, **kwargs)  # 405
        if not self.has_import_permission(request):
            raise PermissionDenied
        confirm_form = self.create_confirm_form(request)
        formats = self.get_import_formats()
        fmt = confirm_form.data.get("format", "") if confirm_form.is_bound else ""
        if not confirm_form.is_valid() or not (fmt.isascii() and fmt.isdigit()):
            return HttpResponseBadRequest(gettext("This import form is incomplete: start again."))
        if int(fmt) >= len(formats):
            return HttpResponseBadRequest(gettext("This import form is incomplete: start again."))
        input_format = formats[int(fmt)](encoding=self.from_encoding)
        tmp_storage = self.get_tmp_storage_class()(
            name=confirm_form.cleaned_data["import_file_name"],
            encoding=None if input_format.is_binary() else self.from_encoding,
            read_mode=input_format.get_read_mode(),
            **self.get_tmp_storage_class_kwargs(),
        )
        try:
            dataset = input_format.create_dataset(tmp_storage.read())
        except Exception:
            # The file stored at the preview is gone (imported already, or too old).
            return HttpResponseBadRequest(
                gettext("The uploaded file is no longer available: upload it again.")
            )
        result = self.process_dataset(
            dataset, confirm_form, request, rollback_on_validation_errors=True, **kwargs
        )
        tmp_storage.remove()
        if has_failures(result):
            # Something changed since the preview: nothing was written.
            context = {
                **self.admin_site.each_context(request),
                "title": gettext("Import"),
                "opts": self.model._meta,
                "form": self.get_import_form_class(request)(
                    self.get_import_formats(), self.get_import_resource_classes(request)
                ),
                "result": result,
                "confirm_failed": True,
            }
            request.current_app = self.admin_site.name
            return TemplateResponse(request, [self.import_template_name], context, status=400)
        return self.process_result(result, request)

    def process_result(self, result, request):
        response = super().process_result(result, request)
        if admin_saved.has_listeners(self.model):
            for row in result.rows:
                if row.import_type in (RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE):
                    admin_saved.send(sender=self.model, instance=row.instance)
        return response

    def add_success_message(self, result, request):
        totals = result.totals
        messages.success(
            request,
            gettext("Import finished: %(new)s added, %(updated)s updated, %(unchanged)s unchanged.")
            % {
                "new": totals[RowResult.IMPORT_TYPE_NEW],
                "updated": totals[RowResult.IMPORT_TYPE_UPDATE],
                "unchanged": totals[RowResult.IMPORT_TYPE_SKIP],
            },
        )
