"""Copy the browser libraries the site serves from node_modules into static/vendor/.

The packages and their versions are pinned by package.json and package-lock.json
(``npm ci``); the copies are committed so that ``make run`` needs no npm and the
pages need no network. ``make vendor`` runs this after a version changes, and
tests/test_vendored_assets.py checks that the copies match the lock.
"""

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules"
TARGET = ROOT / "static" / "vendor"

# package: the files the site loads, and the licence that goes with them.
ASSETS = {
    "d3": ["dist/d3.min.js", "LICENSE"],
    "topojson-client": ["dist/topojson-client.min.js", "LICENSE"],
    "world-atlas": ["countries-50m.json", "land-50m.json", "LICENSE"],
    "cytoscape": ["dist/cytoscape.min.js", "LICENSE"],
}


def locked_versions():
    lock = json.loads((ROOT / "package-lock.json").read_text())
    return {name: lock["packages"][f"node_modules/{name}"]["version"] for name in ASSETS}


def main():
    if not SOURCE.is_dir():
        sys.exit("node_modules is missing: run `npm ci` first.")
    versions = locked_versions()
    shutil.rmtree(TARGET, ignore_errors=True)
    for package, files in ASSETS.items():
        installed = json.loads((SOURCE / package / "package.json").read_text())["version"]
        if installed != versions[package]:
            sys.exit(f"{package} {installed} is installed, the lock says {versions[package]}.")
        for name in files:
            destination = TARGET / package / Path(name).name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(SOURCE / package / name, destination)
    (TARGET / "versions.json").write_text(json.dumps(versions, indent=2, sort_keys=True) + "\n")
    print(f"Copied {sum(map(len, ASSETS.values()))} files into {TARGET.relative_to(ROOT)}.")


if __name__ == "__main__":
    main()
