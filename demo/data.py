"""The demo data file: the facts of the seed press releases, keyed by slug."""

import tomllib
from pathlib import Path

DEMO_DATA = Path(__file__).with_name("demo_data.toml")


def read_demo_data() -> dict[str, list[dict]]:
    """Sectors, organizations, relationships, contacts, series, events and agreements."""
    with DEMO_DATA.open("rb") as file:
        return tomllib.load(file)
