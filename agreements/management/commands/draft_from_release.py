"""Print what a press release says of an agreement, as the review screen will propose it.

    python manage.py draft_from_release release.pdf --format json

Nothing is written to the database: this is the extraction alone, for checking a
release (or the rules) before staff record anything.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from agreements.releases.extract import extract
from agreements.releases.text import ReleaseError, file_text


class Command(BaseCommand):
    help = "Read a press release (.txt, .html, .pdf, .docx) and print the draft agreement it gives."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The press release file.")
        parser.add_argument(
            "--language",
            choices=["en", "fr"],
            help="The release's language (detected when not given).",
        )
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args, path, language, **options):
        # Messages in the language asked for; the project's default otherwise.
        with translation.override(language or translation.get_language()):
            try:
                data = Path(path).read_bytes()
            except OSError as error:
                raise CommandError(
                    translation.gettext("Cannot read “%(path)s”: %(error)s")
                    % {"path": path, "error": error.strerror}
                ) from error
            try:
                draft = extract(file_text(path, data), language=language)
            except ReleaseError as error:
                raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(draft.as_json(), ensure_ascii=False, indent=2))
