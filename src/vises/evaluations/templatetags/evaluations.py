from django import template
from django.utils.formats import number_format

from vises.evaluations.plan import plain_decimal

register = template.Library()


@register.filter
def plain_number(value):
    """A decimal as people write it in their language: no trailing zeros, local separators."""
    if value is None or value == "":
        return ""
    shown = plain_decimal(value)
    decimals = len(shown.partition(".")[2])
    return number_format(value, decimal_pos=decimals, use_l10n=True)
