"""A code's passage as its page shows it, made in Python: a code can hold hundreds of
passages, and the template language costs several times more for each of them. Every
value is escaped by `format_html` and `linebreaksbr`, as the template would."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()

ARTICLE = """<article class="passage">
    <h3><a href="{href}">{title}</a>, {lines}
      <span class="muted">· {method}{pseudonym}</span></h3>
    <blockquote>{text}</blockquote>
    {memo}
  </article>"""


@register.simple_tag
def passage_article(passage) -> SafeString:
    """The passage's document (linked to its first line), its lines, its method and
    pseudonym, its words and its memo (`reading.Passage`, with `href` and `lines` given by
    the view)."""
    document, memo = passage.document, passage.excerpt.memo
    return format_html(
        ARTICLE,
        href=passage.href,
        title=document.title,
        lines=passage.lines,
        method=document.method_label,
        pseudonym=format_html(" · {}", document.pseudonym) if document.pseudonym else "",
        text=linebreaksbr(passage.text, autoescape=True),
        memo=format_html(
            '<p class="memo"><strong>{}</strong> {}</p>',
            _("Memo:"),
            linebreaksbr(memo, autoescape=True),
        )
        if memo
        else "",
    )
