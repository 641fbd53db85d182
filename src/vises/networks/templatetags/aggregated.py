from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from vises.analysis.rounding import rounded
from vises.networks.aggregated import HIDDEN

register = template.Library()


def _percent(share: float) -> str:
    return number_format(rounded(share * 100), use_l10n=True) + "\u00a0%"


@register.simple_tag
def figure(value, kind: str):
    """A figure of the aggregated results as the reader writes it; a hidden one says so."""
    if value is HIDDEN:
        return format_html('<span class="muted">{}</span>', _("hidden"))
    if value is None:
        return "–"
    if kind == "answer":
        count, share = value
        if count is None:
            return _percent(share)
        return format_html(
            '{} <span class="muted">({})</span>', _percent(share), number_format(count)
        )
    if kind == "percent":
        return _percent(value)
    if kind == "number":
        return number_format(rounded(value, 2), decimal_pos=None, use_l10n=True)
    return number_format(value, use_l10n=True)
