from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from vises.multilingual import pick

register = template.Library()


@register.filter
def tr(texts) -> str:
    """Show a {fr, nl, en} text in the reader's language; a fallback is marked visibly."""
    localised = pick(texts)
    if not localised.is_fallback or not localised.text:
        return localised.text
    return format_html(
        '<span lang="{}" class="fallback" title="{}">{} '
        '<small class="fallback-mark">({})</small></span>',
        localised.language,
        _("Not yet translated into your language"),
        localised.text,
        _("untranslated"),
    )


@register.filter
def tr_text(texts) -> str:
    """The text alone in the reader's language (or its fallback), for places that take
    no markup: a page's title, an attribute."""
    return pick(texts).text
