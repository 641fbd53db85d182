"""The parts of every page's header that are the same for everyone, made once per process:
the header is drawn on every request, and the template language spent a quarter of a
millisecond of each on reversing its addresses and listing the languages."""

import functools
from html import escape

from django import template
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info

from vises import addresses

register = template.Library()


@register.simple_tag
def fixed_url(name: str) -> str:
    """The address of the page `name`, one that takes no argument, as {% url %} gives it."""
    return addresses.url(name)


@register.simple_tag
def language_buttons() -> SafeString:
    """A button for each language of the site, in its own name, the current one marked."""
    return _language_buttons(get_language())


@functools.cache
def _language_buttons(current: str) -> SafeString:
    buttons = []
    for code, _name in settings.LANGUAGES:
        marked = 'aria-current="true"' if code == current else ""
        name = escape(capfirst(get_language_info(code)["name_local"]))
        buttons.append(
            f"""
            <li><button type="submit" name="language" value="{code}" lang="{code}"
                {marked}>{name}</button></li>
          """
        )
    return mark_safe("".join(buttons))
