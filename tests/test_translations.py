"""The French catalogue is complete, compiled, and covers every string in the code."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def real_entries(catalogue):
    return [entry for entry in catalogue if not entry.obsolete]


def test_every_french_entry_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(PO))

    untranslated = [e.msgid for e in real_entries(catalogue) if not e.translated()]
    fuzzy = [e.msgid for e in real_entries(catalogue) if "fuzzy" in e.flags]

    assert (untranslated, fuzzy, bool(catalogue.metadata_is_fuzzy)) == ([], [], False)


def test_the_compiled_catalogue_matches_the_source():
    source = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
        for e in real_entries(polib.pofile(str(PO)))
    }
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.mofile(str(MO)) if e.msgid
    }

    assert compiled == source


def test_placeholders_survive_translation():
    mismatched = []
    for entry in real_entries(polib.pofile(str(PO))):
        translations = [entry.msgstr] if not entry.msgid_plural else entry.msgstr_plural.values()
        for translation in translations:
            for token in ("%(", "{{", "%s"):
                if entry.msgid.count(token) != translation.count(token):
                    mismatched.append(entry.msgid)
    assert mismatched == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_every_string_in_the_code_is_in_the_french_catalogue(tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", ".tools", "node_modules", "staticfiles", "*.sqlite3*", "tests"
        ),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-location", "-v", "0"],
        cwd=copy,
        check=True,
        env={"DEBUG": "1", "PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "portal.settings"},
    )
    extracted = {
        (e.msgctxt, e.msgid) for e in real_entries(polib.pofile(str(copy / PO.relative_to(ROOT))))
    }
    committed = {(e.msgctxt, e.msgid) for e in real_entries(polib.pofile(str(PO)))}

    assert sorted(extracted - committed, key=str) == []
