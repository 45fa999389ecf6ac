from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def grouped(number):
    """A count with its thousands grouped in the active locale: "12,345", "12 345"."""
    return number_format(number, force_grouping=True)
