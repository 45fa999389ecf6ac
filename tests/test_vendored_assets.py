"""The browser libraries in static/vendor/ are the files of the versions package-lock.json pins."""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "static" / "vendor"


def test_the_vendored_versions_are_the_locked_ones():
    lock = json.loads((ROOT / "package-lock.json").read_text())
    vendored = json.loads((VENDOR / "versions.json").read_text())
    for package, version in vendored.items():
        assert lock["packages"][f"node_modules/{package}"]["version"] == version, package
        assert (VENDOR / package / "LICENSE").is_file(), f"{package} has no licence"


@pytest.mark.skipif(not (ROOT / "node_modules").is_dir(), reason="node_modules is not installed")
def test_the_vendored_files_are_the_installed_ones():
    vendored = json.loads((VENDOR / "versions.json").read_text())
    for package in vendored:
        for copy in (VENDOR / package).iterdir():
            originals = list((ROOT / "node_modules" / package).glob(f"**/{copy.name}"))
            assert any(original.read_bytes() == copy.read_bytes() for original in originals), (
                f"static/vendor/{package}/{copy.name} differs from the installed package: "
                "run `make vendor`"
            )
