from django import template
from django.utils.formats import number_format

from vises.evaluations.navigation import links
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


@register.inclusion_tag("evaluations/_nav.html", takes_context=True)
def evaluation_nav(context, evaluation):
    """The evaluation's navigation, as the page's visitor may follow it."""
    request = context["request"]
    match = request.resolver_match
    return {
        "evaluation": evaluation,
        "links": links(request.user, evaluation, match.url_name if match else ""),
    }
