"""Loaders of the demo data file (demo/demo_data.toml), one per model family.

Each reads its part of the file and writes it through `Records`, which looks every
record up by its natural key and saves it only when a value differs: loading twice
changes nothing, not even a timestamp. They run in the order of the layers, since
a record refers by slug to those loaded before it.
"""
