"""Keep where an organization is placed (``Organization.locate()``) equal to its city,
country and coordinates, whatever saves it: the admin, the spreadsheet import, a merge,
a revert from the history, the demo loader."""


def locate_organization(sender, instance, raw=False, **kwargs):
    """Before an organization is saved: its city key and its place."""
    if not raw:
        instance.locate()
